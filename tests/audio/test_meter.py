"""Loudness fed in pieces while speech is made equals loudness measured afterwards."""

from __future__ import annotations

import math
from array import array
from pathlib import Path

import pytest

from reader.audio import LoudnessMeter, measure_loudness

RATE = 22050


def _tone(seconds: float, amplitude: float) -> bytes:
    n = int(seconds * RATE)
    return array(
        "h", (int(32767 * amplitude * math.sin(2 * math.pi * 300 * i / RATE)) for i in range(n))
    ).tobytes()


def test_meter_matches_a_measurement_of_the_whole(tmp_path: Path) -> None:
    clips = [_tone(1.5, 0.2), _tone(2.0, 0.1), _tone(1.0, 0.3)]
    whole = tmp_path / "whole.pcm"
    whole.write_bytes(b"".join(clips))
    with LoudnessMeter(sample_rate_hz=RATE) as meter:
        for clip in clips:
            meter.write(clip)
        fed = meter.result()
    assert fed.integrated_lufs == pytest.approx(
        measure_loudness(whole, sample_rate_hz=RATE).integrated_lufs, abs=0.05
    )


def test_meter_of_nothing_is_silence() -> None:
    with LoudnessMeter(sample_rate_hz=RATE) as meter:
        assert meter.result().integrated_lufs <= -70


def test_a_meter_whose_ffmpeg_died_says_so() -> None:
    """Clips go to ffmpeg from a thread; a dead ffmpeg still fails the measurement."""
    from reader.errors import AudioError

    with LoudnessMeter(sample_rate_hz=RATE) as meter:
        meter._process.kill()
        meter._process.wait()
        with pytest.raises(AudioError, match="measuring loudness"):
            for _ in range(200):
                meter.write(_tone(0.2, 0.1))
            meter.result()
