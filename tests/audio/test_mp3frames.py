"""Finding whole frames in our own MP3s, cutting them gaplessly, and refusing anything else."""

from __future__ import annotations

import random

import pytest

from reader.audio.mp3frames import FrameIndex, crc16, index_frames, section_info_frame

SPF = 576


def test_anything_but_a_tagged_layer_iii_file_is_refused() -> None:
    assert index_frames(b"") is None
    assert index_frames(b"ID3\x04\x00\x00\x00\x00\x00\x00RIFF....WAVE") is None
    # A valid MPEG-2 Layer III header without a Xing/Info frame behind it.
    assert index_frames(b"\xff\xf3\x80\xc0" + bytes(300)) is None


@pytest.mark.parametrize(
    ("start", "end"),
    [(0, 576), (0, 5000), (576 * 4, 576 * 5), (1, 2), (3000, 3001), (4321, 5759), (0, 5759)],
)
def test_a_cut_decodes_to_exactly_its_samples(start: int, end: int) -> None:
    """Frame ``k`` decodes to samples from ``k * 576 - 1105``; the cut keeps a frame of
    warm-up before ``start`` and sets delay and padding to drop what lies outside."""
    index = FrameIndex(offsets=tuple(range(0, 1300, 100)), samples_per_frame=SPF, skip=1105)
    cut = index.cut(start, end)
    assert 0 <= cut.first < cut.last <= 12
    assert (cut.last - cut.first) * SPF - cut.delay - cut.padding == end - start
    # The first kept sample, in the cut's own decoded output, is ``start``.
    assert cut.first * SPF + cut.delay + 529 - 1105 == start
    assert 0 <= cut.delay < 4096 and 529 <= cut.padding < 4096
    if cut.first > 0:
        assert cut.delay >= SPF  # one whole frame warms the decoder up first


def test_crc16_is_lames() -> None:
    assert crc16(b"") == 0
    assert crc16(b"123456789") == 0xBB3D  # CRC-16/ARC check value
    assert crc16(b"6789", crc16(b"12345")) == 0xBB3D


def _crc16_bitwise(data: bytes, crc: int = 0) -> int:
    """CRC-16/ARC one bit at a time: the definition, with no table."""
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


@pytest.mark.parametrize("size", [1, 255, 16_383, 16_384, 16_385, 40_001, 65_536, 99_999])
def test_crc16_of_long_data_is_the_bitwise_crc(size: int) -> None:
    """Long data is checked in lanes (numpy) and folded: the same CRC, from any start,
    in chunks of any length, odd ones too."""
    rng = random.Random(size)
    data = rng.randbytes(size)
    start = rng.randrange(1 << 16)
    assert crc16(data, start) == _crc16_bitwise(data, start)
    cut = rng.randrange(size + 1) | 1
    assert crc16(data[cut:], crc16(data[:cut], start)) == _crc16_bitwise(data, start)


def test_section_info_frames_refuse_what_the_tag_cannot_hold() -> None:
    with pytest.raises(ValueError, match="not an MPEG"):
        section_info_frame(bytes(208), frame_sizes=[208], delay=0, padding=600, audio_crc=0)
