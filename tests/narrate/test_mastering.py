"""Mastering to -16 LUFS: one encode when the guess holds, two when it misses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.audio import TARGET_LUFS, EncodedFile, EncodeResult, Loudness
from reader.narrate.mastering import (
    ACCEPT_LU,
    DEFAULT_LIMITER_TOLL_DB,
    MIN_CALIBRATION_MS,
    Calibration,
    master,
    typical_toll_db,
)


def _fake_encoder(
    speech_lufs: float, toll_db: float, *, duration_ms: int = 300_000
) -> tuple[list[float], Callable[[float], EncodeResult]]:
    """An encoder of an episode of ``duration_ms`` whose limiter takes ``toll_db`` from
    the speech plus the gain."""
    gains: list[float] = []

    def encode(gain_db: float) -> EncodeResult:
        gains.append(gain_db)
        episode = EncodedFile(path=Path("episode.mp3"), bytes=1, duration_ms=duration_ms)
        return EncodeResult(
            episode=episode, sections=(), integrated_lufs=speech_lufs + gain_db - toll_db
        )

    return gains, encode


def test_a_right_guess_encodes_once_and_a_wrong_one_twice(tmp_path: Path) -> None:
    calibration = Calibration(tmp_path / "mastering.json")
    gains, encode = _fake_encoder(-21.0, toll_db=2.5)
    result = master(encode, Loudness(integrated_lufs=-21.0), calibration, "voice")
    assert gains[0] == pytest.approx(5.0 + DEFAULT_LIMITER_TOLL_DB)
    assert len(gains) == 2
    assert result.integrated_lufs == pytest.approx(TARGET_LUFS)
    assert calibration.toll_db("voice") == pytest.approx(2.5)

    gains, encode = _fake_encoder(-20.0, toll_db=2.6)
    result = master(encode, Loudness(integrated_lufs=-20.0), calibration, "voice")
    assert len(gains) == 1
    assert abs((result.integrated_lufs or 0) - TARGET_LUFS) <= ACCEPT_LU


def test_silence_gets_no_gain(tmp_path: Path) -> None:
    gains, encode = _fake_encoder(float("-inf"), toll_db=0)
    master(encode, Loudness(integrated_lufs=float("-inf")), Calibration(tmp_path / "m.json"), "v")
    assert gains == [0.0]


def test_a_broken_calibration_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "mastering.json"
    path.write_text("not json")
    calibration = Calibration(path)
    assert calibration.toll_db("voice") == DEFAULT_LIMITER_TOLL_DB
    calibration.remember("voice", 99.0)
    assert calibration.toll_db("voice") == 6.0


def test_a_voice_never_mastered_starts_from_its_engines_typical_toll(tmp_path: Path) -> None:
    calibration = Calibration(tmp_path / "mastering.json")
    gains, encode = _fake_encoder(-21.0, toll_db=3.1)
    first_guess = typical_toll_db("piper")
    result = master(
        encode, Loudness(integrated_lufs=-21.0), calibration, "joe", first_guess_toll_db=first_guess
    )
    assert gains == [pytest.approx(5.0 + first_guess)]
    assert abs((result.integrated_lufs or 0) - TARGET_LUFS) <= ACCEPT_LU
    assert typical_toll_db("an engine never measured") == DEFAULT_LIMITER_TOLL_DB


def test_a_short_episode_is_mastered_but_teaches_the_calibration_nothing(tmp_path: Path) -> None:
    """A toll measured on seconds of speech would make the next episodes miss."""
    calibration = Calibration(tmp_path / "mastering.json")
    calibration.remember("voice", 2.0)
    gains, encode = _fake_encoder(-21.0, toll_db=5.2, duration_ms=MIN_CALIBRATION_MS - 1)
    result = master(encode, Loudness(integrated_lufs=-21.0), calibration, "voice")
    assert len(gains) == 2 and abs((result.integrated_lufs or 0) - TARGET_LUFS) <= ACCEPT_LU
    assert calibration.toll_db("voice") == pytest.approx(2.0)
