"""A COMM frame added to the tag ffmpeg wrote, its frames kept in order (issue 9 item 6)."""

from __future__ import annotations

import io

from mutagen.id3 import ID3

from reader.audio.id3 import comment_frame, id3_size, with_id3_frame


def _tag(*frames: bytes, padding: int = 0) -> bytes:
    body = b"".join(frames) + bytes(padding)
    size = len(body)
    syncsafe = bytes(((size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F))
    return b"ID3\x04\x00\x00" + syncsafe + body


def _text_frame(name: bytes, text: str) -> bytes:
    body = b"\x03" + text.encode()
    return name + len(body).to_bytes(4, "big") + b"\x00\x00" + body  # < 128: syncsafe too


def test_the_comment_goes_after_the_frames_in_order() -> None:
    tag = _tag(_text_frame(b"TIT2", "Title"), _text_frame(b"TALB", "Album"), padding=5)
    added = with_id3_frame(tag, comment_frame("It's here: ünïcode", language="deu"))
    assert added is not None
    assert id3_size(added) == len(added) - 10
    read = ID3(io.BytesIO(added))
    assert list(read.keys()) == ["TIT2", "TALB", "COMM::deu"]
    assert read["COMM::deu"].text == ["It's here: ünïcode"]


def test_padding_is_used_when_the_frame_fits() -> None:
    tag = _tag(_text_frame(b"TIT2", "Title"), padding=200)
    added = with_id3_frame(tag, comment_frame("short"))
    assert added is not None and len(added) == len(tag)
    assert ID3(io.BytesIO(added))["COMM::und"].text == ["short"]


def test_tags_it_cannot_extend_are_refused() -> None:
    assert with_id3_frame(b"no tag here", comment_frame("x")) is None
    v3 = b"ID3\x03" + _tag(_text_frame(b"TIT2", "T"))[4:]
    assert with_id3_frame(v3, comment_frame("x")) is None
    assert with_id3_frame(_tag(_text_frame(b"TIT2", "T"))[:-3], comment_frame("x")) is None
