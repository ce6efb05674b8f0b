"""The packaged cover is what Apple asks for: RGB, PNG, square, 1400 to 3000 px
(issue 9 item 8: it was an indexed-colour PNG)."""

from __future__ import annotations

import struct
import zlib

from reader.web.app import DEFAULT_COVER

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RGB = 2


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == PNG_SIGNATURE
    chunks = []
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks.append((kind, body))
        at += 12 + length
    return chunks


def test_the_default_cover_is_an_rgb_png_apple_accepts() -> None:
    chunks = _chunks(DEFAULT_COVER.read_bytes())
    kind, header = chunks[0]
    assert kind == b"IHDR"
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert width == height and 1400 <= width <= 3000
    assert (depth, colour, interlace) == (8, RGB, 0)
    kinds = {k for k, _ in chunks}
    assert b"PLTE" not in kinds and b"tRNS" not in kinds
    assert chunks[-1][0] == b"IEND"
