"""Adding a frame to an ID3v2.4 tag that ffmpeg wrote, without re-saving it (pure bytes).

ffmpeg writes the episode's tag: text frames, then an ordered CTOC and the
CHAP frames. It writes a description as ``TXXX:comment``, which players do
not show; they read ``COMM``. mutagen could add one, but saving reorders the
frames by size and scrambles the chapters (field notes). So the ``COMM``
frame is appended here, after the frames ffmpeg wrote, byte for byte.
"""

from __future__ import annotations

__all__ = ["comment_frame", "id3_size", "with_id3_frame"]


def _syncsafe(n: int) -> bytes:
    if not 0 <= n < 1 << 28:
        raise ValueError(f"ID3 size {n} out of range")
    return bytes(((n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F))


def _unsyncsafe(data: bytes) -> int:
    return (data[0] << 21) | (data[1] << 14) | (data[2] << 7) | data[3]


def id3_size(header: bytes) -> int:
    """The size of an ID3v2 tag after its 10-byte header, from that header."""
    return _unsyncsafe(header[6:10])


def comment_frame(text: str, *, language: str = "und") -> bytes:
    """An ID3v2.4 ``COMM`` frame: UTF-8, ``language`` (ISO 639-2), no description."""
    lang = language.encode("ascii") if len(language) == 3 and language.isascii() else b"und"
    body = b"\x03" + lang + b"\x00" + text.encode("utf-8")
    return b"COMM" + _syncsafe(len(body)) + b"\x00\x00" + body


def with_id3_frame(head: bytes, frame: bytes) -> bytes | None:
    """The ID3v2.4 tag at the start of ``head`` with ``frame`` after its last frame
    (in its padding when it fits); None when ``head`` holds no plain v2.4 tag (no
    extended header, footer or unsynchronisation) read whole."""
    if len(head) < 10 or head[:3] != b"ID3" or head[3] != 4 or head[5] & 0xD0:
        return None
    size = _unsyncsafe(head[6:10])
    if len(head) < 10 + size:
        return None
    at = 10
    while at + 10 <= 10 + size and head[at : at + 4].isalnum():
        at += 10 + _unsyncsafe(head[at + 4 : at + 8])
    if at > 10 + size:
        return None
    frames = head[10:at] + frame
    padding = b"\x00" * max(0, size - (at - 10) - len(frame))
    body = frames + padding
    return b"ID3\x04\x00" + bytes([head[5]]) + _syncsafe(len(body)) + body
