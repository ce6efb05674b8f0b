"""The language of an article that does not say, from its words.

py3langid (langid.py's model, offline, 97 languages) names the language when
there are enough words to tell and it is sure; otherwise None, and the
caller's default voice reads it.
"""

from __future__ import annotations

from reader.language_model import language_identifier

__all__ = ["detect_language"]

MIN_WORDS = 20
# Languages a listener's voices are likely to speak; Latin is left out, since
# the Latin of web pages is lorem ipsum.
_LIKELY = frozenset(
    "ar bg ca cs da de el en es et fa fi fr he hi hr hu id it ja ko lt lv nb nl no pl pt ro"
    " ru sk sl sr sv th tr uk vi zh".split()
)
MIN_CONFIDENCE = 0.9
_SAMPLE_CHARS = 4000


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code for ``text``, or None when it is too short, unclear or
    in a language few voices speak."""
    if len(text.split()) < MIN_WORDS:
        return None
    language, confidence = language_identifier().classify(text[:_SAMPLE_CHARS])
    if confidence < MIN_CONFIDENCE or language not in _LIKELY:
        return None
    return str(language)
