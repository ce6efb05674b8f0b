"""Where articles come from: a file, standard input, or an http(s) URL.

The only module of the parse side with effects; everything after it works
on bytes and text. Each reader returns ``(source, data, hint)``: the name
errors use, the raw bytes (checked and decoded by
``reader.parse.decode_article``), and a format hint (``"markdown"``,
``"html"`` or None) from the file extension or the HTTP content type.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from reader.errors import FetchError, InputError
from reader.parse import DEFAULT_MAX_BYTES, Format, format_from_name

if TYPE_CHECKING:
    from reader.fetch import PIN_EXTENSION, PinnedTransport, fetch_url

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "PIN_EXTENSION",
    "PinnedTransport",
    "fetch_url",
    "is_url",
    "read_article",
]

DEFAULT_TIMEOUT_S = 20.0


def is_url(location: str) -> bool:
    return urlsplit(location).scheme.lower() in ("http", "https")


def read_article(
    location: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> tuple[str, bytes, Format | None]:
    """Read the article at ``location``: a path, ``-`` for standard input, or a URL."""
    if location == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return "<stdin>", _capped(data, "<stdin>", max_bytes), None
    scheme = urlsplit(location).scheme.lower()
    if is_url(location):
        from reader.fetch import fetch_url  # httpx loads only for a URL

        return fetch_url(location, max_bytes=max_bytes, timeout_s=timeout_s)
    if len(scheme) > 1 and "://" in location:
        raise FetchError(location, "only http:// and https:// URLs can be read")
    return _read_file(Path(location), max_bytes=max_bytes)


def _capped(data: bytes, source: str, max_bytes: int) -> bytes:
    if len(data) > max_bytes:
        raise InputError(source, f"file is too large (the limit is {max_bytes:,} bytes)")
    return data


def _read_file(path: Path, *, max_bytes: int) -> tuple[str, bytes, Format | None]:
    source = str(path)
    try:
        if path.is_dir():
            raise InputError(source, "is a directory, not an article file")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                source,
                f"file is too large ({size:,} bytes; the limit is {max_bytes:,} bytes)",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory, not an article file") from None
    except OSError as e:
        raise InputError(source, f"cannot read the file ({e.strerror or e})") from None
    return source, _capped(data, source, max_bytes), format_from_name(path.name)


def __getattr__(name: str) -> Any:
    """The fetching names, from ``reader.fetch`` (loaded, with httpx, on first use)."""
    if name in ("PIN_EXTENSION", "PinnedTransport", "fetch_url"):
        from reader import fetch

        return getattr(fetch, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
