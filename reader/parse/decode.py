"""Bytes to text: the bad-input checks every article passes first."""

from __future__ import annotations

import re

from reader.errors import InputError

__all__ = ["DEFAULT_MAX_BYTES", "decode_article"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_LEGACY = ("cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2")


def decode_article(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Return the article's text, or raise ``InputError`` saying what is wrong."""
    if len(data) > max_bytes:
        raise InputError(
            source,
            f"file is too large ({len(data):,} bytes; the limit is {max_bytes:,} bytes)",
        )
    if not data.strip():
        raise InputError(source, "file is empty: give an article in Markdown or HTML")
    if b"\x00" in data[:8192]:
        raise InputError(source, "file is binary, not text: give an article in Markdown or HTML")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        text = _decode_legacy(data, source, e)
    controls = len(_CONTROL.findall(text[:8192]))
    if controls > max(8, len(text[:8192]) // 100):
        raise InputError(source, "file is binary, not text: give an article in Markdown or HTML")
    return text.lstrip("\ufeff")


def _decode_legacy(data: bytes, source: str, error: UnicodeDecodeError) -> str:
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        if name not in ("utf-8", "utf8"):
            try:
                return data.decode(name)
            except (LookupError, UnicodeDecodeError):
                pass
    guess = _decode_cp1252(data) or _guess_encoding(data)
    if guess is not None:
        return guess
    offset = error.start
    line = data.count(b"\n", 0, offset) + 1
    raise InputError(
        source,
        f"text is not UTF-8: byte 0x{data[offset]:02x} at offset {offset} is invalid; "
        "save the file as UTF-8",
        line=line,
    )


def _decode_cp1252(data: bytes) -> str | None:
    """Windows-1252, the usual legacy encoding of Western text, when it fits cleanly."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return None if _CONTROL.search(text) else text


def _guess_encoding(data: bytes) -> str | None:
    """A legacy single-byte encoding that charset-normalizer is confident about."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is None or best.encoding.replace("-", "_") not in _LEGACY_ALIASES:
        return None
    if best.chaos > 0.2:
        return None
    try:
        return data.decode(best.encoding)
    except UnicodeDecodeError:
        return None


_LEGACY_ALIASES = frozenset({*_LEGACY, "latin1", "iso8859_1", "windows_1252"})
