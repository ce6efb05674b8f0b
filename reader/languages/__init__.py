"""One unit per language: ``reader/languages/<code>.toml``.

A language file holds everything reader knows of one language: what reader
says itself (``[phrases]``), how a date is spoken (``[dates]``; month names
and the long date pattern are Babel's), how sentences are split
(``[sentences]``: pysbd where it covers the language, or reader's own rules
with the abbreviations that never end a sentence), the abbreviations that
are read in full, the headings of reference lists, and the words for
mathematics (``[math]``). A file may leave out keys of ``[phrases]``,
``[sentences]`` and ``[math]``: English fills them in, as it does for a
language without a file.

Adding a language is adding one file: put ``<code>.toml`` in a directory and
narrate with ``--languages DIR`` (``NarrateSettings.language_dirs``).
"""

from __future__ import annotations

from reader.languages.load import builtin_languages, parse_language, read_languages
from reader.languages.model import (
    Language,
    Languages,
    MathWords,
    Phrases,
    SentenceRules,
    heading_key,
)

__all__ = [
    "Language",
    "Languages",
    "MathWords",
    "Phrases",
    "SentenceRules",
    "builtin_languages",
    "heading_key",
    "parse_language",
    "read_languages",
]
