"""Small pure helpers on text shared by the stages."""

from __future__ import annotations

import re

__all__ = ["primary_language", "same_words"]

_NON_WORD = re.compile(r"[\W_]+")


def same_words(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ only in case, punctuation (underscores
    included) and spacing."""

    def key(s: str) -> str:
        return _NON_WORD.sub(" ", s).strip().casefold()

    return key(a) == key(b)


def primary_language(tag: str) -> str:
    """The language of a BCP 47 tag without its region or script: "de-AT" -> "de"."""
    return tag.replace("_", "-").split("-")[0].lower()
