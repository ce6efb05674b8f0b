"""Finding whole frames in our own MP3s, and refusing anything else."""

from __future__ import annotations

from reader.audio.mp3frames import FrameIndex, index_frames


def test_anything_but_a_tagged_layer_iii_file_is_refused() -> None:
    assert index_frames(b"") is None
    assert index_frames(b"ID3\x04\x00\x00\x00\x00\x00\x00RIFF....WAVE") is None
    # A valid MPEG-2 Layer III header without a Xing/Info frame behind it.
    assert index_frames(b"\xff\xf3\x80\xc0" + bytes(300)) is None


def test_byte_ranges_follow_the_decoder_timeline() -> None:
    index = FrameIndex(offsets=tuple(range(0, 1100, 100)), samples_per_frame=576, skip=1105)
    # Sample 0 is decoded from frame 1 (1105 samples are dropped first).
    assert index.byte_range(0, 576) == (100, 300)
    assert index.byte_range(576 * 4, 576 * 5) == (500, 700)
    assert index.byte_range(0, 10**9) == (100, 1000)
