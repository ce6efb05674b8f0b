"""``EpisodeStream``: what happens when a part's encoder fails while the episode is fed.

Its normal work, an edition encoded as it is spoken, is checked beside the other
ways of encoding in ``test_encode.py`` (the ``streamed`` editions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.audio.stream import EpisodeStream
from reader.errors import AudioError

RATE = 22050


def test_a_dead_encoder_fails_the_next_write_and_leaves_no_part(tmp_path: Path) -> None:
    with EpisodeStream(tmp_path / "episode.pcm", sample_rate_hz=RATE, gain_db=0.0) as stream:
        stream.write_silence(576 * 40)
        stream.cut()
        stream.write(b"\x10\x00" * 1000)
        part = stream._parts[-1]
        part._process.kill()
        part._process.wait()
        with pytest.raises(AudioError, match="ffmpeg stopped early"):
            stream.write(b"\x10\x00" * 1000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["episode.pcm"]
    assert all(p._process.poll() is not None for p in stream._parts)


def test_a_seam_must_be_a_whole_number_of_frames(tmp_path: Path) -> None:
    with EpisodeStream(tmp_path / "episode.pcm", sample_rate_hz=RATE, gain_db=0.0) as stream:
        stream.write_silence(1000)
        with pytest.raises(ValueError, match="no seam at sample 1000"):
            stream.cut()


def test_a_failed_finish_is_an_audio_error(tmp_path: Path) -> None:
    with EpisodeStream(tmp_path / "episode.pcm", sample_rate_hz=RATE, gain_db=0.0) as stream:
        stream.write_silence(RATE)
        stream._parts[0]._process.kill()
        with pytest.raises(AudioError, match="ffmpeg"):
            stream.finish()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["episode.pcm"]
