"""Slugs: ASCII names safe as file names and URL path segments."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["slugify"]

_WORD = re.compile(r"[a-z0-9]+")


def slugify(text: str, *, max_length: int = 80) -> str:
    """Return ``text`` as lower-case ASCII words joined by ``-``.

    The result never contains a path separator or a dot, so it is never
    ``.`` or ``..``; it may be empty, and callers supply a fallback.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = "-".join(_WORD.findall(ascii_text.lower()))
    if len(slug) > max_length:
        slug = slug[:max_length].rstrip("-")
    return slug
