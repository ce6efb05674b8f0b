"""Small pure helpers on text shared by the stages."""

from __future__ import annotations

import re

__all__ = ["XML_UNSAFE", "primary_language", "same_words", "xml_safe"]

_NON_WORD = re.compile(r"[\W_]+")

XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold at all: C0 controls other than tab, newline and
carriage return, lone surrogates, U+FFFE and U+FFFF. lxml refuses them ("All strings
must be XML compatible"), and they mean nothing in an article."""


_SPACES = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f")
"""The unsafe characters that separate words (``str.split`` splits on them)."""


def xml_safe(text: str) -> str:
    """``text`` without the characters XML cannot hold (``XML_UNSAFE``); those that
    separate words (vertical tab, form feed, the separators) become spaces."""
    if XML_UNSAFE.search(text) is None:
        return text
    return XML_UNSAFE.sub(lambda m: " " if m.group() in _SPACES else "", text)


def same_words(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ only in case, punctuation (underscores
    included) and spacing."""

    def key(s: str) -> str:
        return _NON_WORD.sub(" ", s).strip().casefold()

    return key(a) == key(b)


def primary_language(tag: str) -> str:
    """The language of a BCP 47 tag without its region or script: "de-AT" -> "de"."""
    return tag.replace("_", "-").split("-")[0].lower()
