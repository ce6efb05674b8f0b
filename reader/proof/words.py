"""Words as a recogniser's score counts them (pure).

Both sides of a comparison, the script and what the recogniser heard, go
through ``words_of``: WebVTT tags stripped, lower case, numbers as words,
no punctuation. Hyphens, slashes and dashes separate words; apostrophes do
not, once English contractions are spelled out (below). Each word remembers the written token
it came from, so a difference can name the word the article wrote.

    >>> [w.text for w in words_of("<v narrator>By Osgood, 3rd of 10.</v>")]
    ['by', 'osgood', 'third', 'of', 'ten']

In English, contractions are spelled out on both sides, as Whisper's own
English normaliser does ("you're" is "you are": the recogniser writes one
where the script has the other), and dotted initialisms are joined ("U.S."
is "us", as a recogniser writes "US").

    >>> normalize_text("You're in the U.S., aren't you?")
    'you are in the us are not you'

In English, a four-digit number from 1100 to 2099 reads as a year ("2024" is
"twenty twenty four"), as recognisers spell years out; a day after a
capitalised month name is an ordinal ("May 1" is "may first"), as reader
reads it and as recognisers write it ("May 1st").
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial

from num2words import num2words

__all__ = ["Word", "normalize_text", "strip_vtt_tags", "words_of"]

_VTT_TAG = re.compile(r"<[^>]*>")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_NUMBER = re.compile(
    r"(?:(?<![\w%])(?P<sign>[-\u2212]))?(?P<number>\d[\d,]*(?:\.\d+)?)"
    r"(?:(?P<ordinal>st|nd|rd|th)\b|(?P<percent>\s?%))?",
    re.IGNORECASE,
)
_MONTHS = frozenset(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_DAY = re.compile(r"([1-9]|[12]\d|3[01])(?=[,.;]?$)")
_SEPARATORS = re.compile(r"[-\u2010-\u2015/_\u2212]+")
_NOT_A_WORD = re.compile(r"[^\w\s']+")
_INITIALISM = re.compile(r"\b(?:[a-z]\.){2,}", re.IGNORECASE)
_CONTRACTIONS = tuple(
    (re.compile(pattern), spoken)
    for pattern, spoken in (  # Whisper's EnglishTextNormalizer, in its order
        (r"\bwon't\b", "will not"),
        (r"\bcan't\b", "can not"),
        (r"\blet's\b", "let us"),
        (r"n't\b", " not"),
        (r"'re\b", " are"),
        (r"'s\b", " is"),
        (r"'d\b", " would"),
        (r"'ll\b", " will"),
        (r"'ve\b", " have"),
        (r"'m\b", " am"),
    )
)


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    """The normalised word: lower case, letters and digits only."""
    token: int
    """Index of the whitespace-separated written token it came from."""


def strip_vtt_tags(text: str) -> str:
    """Cue text without its tags (``<v narrator>``, ``</v>``, ``<c.x>``) and entities."""
    return html.unescape(_VTT_TAG.sub("", text))


def _number_words(match: re.Match[str], *, lang: str, day: bool = False) -> str:
    digits = match["number"].rstrip(",")
    if "," in digits and not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        return " ".join(
            _number_words(m, lang=lang) for m in _NUMBER.finditer(digits.replace(",", " "))
        )
    try:
        value = Decimal(digits.replace(",", ""))
        if (match["ordinal"] or day) and value == value.to_integral_value():
            spoken = str(num2words(int(value), lang=lang, to="ordinal"))
        elif lang == "en" and re.fullmatch(r"1[1-9]\d\d|20\d\d", digits):
            spoken = str(num2words(int(value), lang=lang, to="year"))
        else:
            spoken = str(num2words(int(value) if value == int(value) else value, lang=lang))
    except (InvalidOperation, NotImplementedError, OverflowError, ValueError):
        return match.group()
    if match["sign"]:
        spoken = f"minus {spoken}"
    if match["percent"]:
        spoken += " percent"
    return f" {spoken} "


def normalize_text(text: str, *, lang: str = "en") -> str:
    """``text`` as space-separated comparable words."""
    return " ".join(w.text for w in words_of(text, lang=lang))


def words_of(text: str, *, lang: str = "en") -> tuple[Word, ...]:
    """The comparable words of ``text`` (a cue, a sentence, a recogniser's transcript)."""
    words: list[Word] = []
    previous = ""
    text = strip_vtt_tags(text).translate(_APOSTROPHES)
    if lang == "en":
        text = text.replace("&", " and ")
    for index, token in enumerate(text.split()):
        # "May 1" is read "May first", as the recogniser writes it: "May 1st"
        day = previous in _MONTHS and lang == "en" and _DAY.match(token) is not None
        previous = token.lower().strip(".,") if token[:1].isupper() else ""
        spoken = token.lower()
        if lang == "en":
            spoken = _INITIALISM.sub(lambda m: m.group().replace(".", ""), spoken)
            for pattern, replacement in _CONTRACTIONS:
                spoken = pattern.sub(replacement, spoken)
        spoken = _NUMBER.sub(partial(_number_words, lang=lang, day=day), spoken)
        spoken = _NOT_A_WORD.sub(" ", _SEPARATORS.sub(" ", spoken)).replace("_", " ")
        for part in spoken.split():
            part = part.replace("'", "")
            if part:
                words.append(Word(part, index))
    return tuple(words)
