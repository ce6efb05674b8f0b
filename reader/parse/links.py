"""Which URLs may leave the parser: http(s) only.

A ``javascript:``, ``data:`` or ``vbscript:`` address in front matter or a
page would otherwise become the feed item's ``<link>`` and a link in the
show notes, where a podcast app or the player could run it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["web_url"]

# Whitespace and control characters, which browsers drop from inside a URL:
# "java\tscript:" runs as "javascript:".
_HIDDEN = re.compile(
    r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]"
)


def web_url(value: str | None, *, relative: bool = False) -> str | None:
    """``value`` if it is an absolute http(s) URL with a host name, else None.

    With ``relative``, a reference without a scheme or host (``images/cover.jpg``)
    is kept too. Anything with whitespace or control characters inside is refused.
    """
    if value is None:
        return None
    candidate = value.strip()
    if not candidate or _HIDDEN.search(candidate):
        return None
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and host:
        return candidate
    if relative and not parts.scheme and not parts.netloc and ":" not in candidate.split("/")[0]:
        return candidate
    return None
