"""Which files an edition is made of: the output formats a narration can ask for."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["BOOK_FORMATS", "OUTPUT_FORMATS", "output_formats"]

BOOK_FORMATS = ("epub", "daisy")
"""The talking books (``reader.books``): the article's text read along with its audio."""

OUTPUT_FORMATS = ("mp3", "m4b", *BOOK_FORMATS)
"""``mp3`` always; ``m4b`` an AAC audiobook; ``epub`` and ``daisy`` talking books."""


def output_formats(names: Iterable[str]) -> tuple[str, ...]:
    """``names`` in order without repeats, ``mp3`` first (every edition has it);
    ValueError naming the first unknown one."""
    formats = tuple(dict.fromkeys(names))
    unknown = [f for f in formats if f not in OUTPUT_FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r} (choose from {', '.join(OUTPUT_FORMATS)})")
    return tuple(dict.fromkeys(("mp3", *formats)))
