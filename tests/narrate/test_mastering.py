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
    OFFSET_WEIGHT,
    Calibration,
    master,
    master_streamed,
    predicted_gain_db,
    typical_offset_lufs,
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


def _streamed(
    gain_db: float, offset_lufs: float, *, duration_ms: int = 300_000
) -> tuple[list[str], Callable[[], EncodeResult], Callable[[float], EncodeResult]]:
    """An episode encoded as it was spoken with ``gain_db`` (``finish``), and the
    encoder of today's path (``encode``): the voice's offset is ``offset_lufs``."""
    calls: list[str] = []
    episode = EncodedFile(path=Path("episode.mp3"), bytes=1, duration_ms=duration_ms)

    def finish() -> EncodeResult:
        calls.append("finish")
        return EncodeResult(episode=episode, sections=(), integrated_lufs=offset_lufs + gain_db)

    def encode(gain: float) -> EncodeResult:
        calls.append(f"encode {gain:.2f}")
        return EncodeResult(episode=episode, sections=(), integrated_lufs=offset_lufs + gain)

    return calls, finish, encode


def test_a_streamed_episode_on_target_is_kept_and_teaches_its_offset(tmp_path: Path) -> None:
    calibration = Calibration(tmp_path / "mastering.json")
    gain = predicted_gain_db(calibration, "voice", engine="espeak")
    assert gain == pytest.approx(TARGET_LUFS - typical_offset_lufs("espeak"))
    calls, finish, encode = _streamed(gain, -22.8)
    result = master_streamed(
        -22.8 + gain,
        gain,
        finish=finish,
        encode=encode,
        speech=_never,
        calibration=calibration,
        voice="voice",
    )
    assert calls == ["finish"] and result.integrated_lufs == pytest.approx(-22.8 + gain)
    assert calibration.offset_lufs("voice", default=0.0) == pytest.approx(-22.8)
    assert predicted_gain_db(calibration, "voice", engine="espeak") == pytest.approx(6.8)


def test_a_large_misprediction_is_mastered_again_from_the_speech(tmp_path: Path) -> None:
    """Far off, the limiter bends the loudness: the speech is measured, and mastered
    as today (one more encode if the toll was a poor guess)."""
    calibration = Calibration(tmp_path / "mastering.json")
    calls, finish, encode = _streamed(10.0, -30.0)
    result = master_streamed(
        -20.0,
        10.0,
        finish=finish,
        encode=encode,
        speech=lambda: Loudness(integrated_lufs=-28.0),
        calibration=calibration,
        voice="voice",
    )
    assert calls == ["encode 13.00", "encode 14.00"]
    assert result.integrated_lufs == pytest.approx(TARGET_LUFS)
    assert calibration.offset_lufs("voice", default=0.0) == pytest.approx(-30.0)


def _never() -> Loudness:
    raise AssertionError("the speech need not be measured")


def test_the_offset_resists_one_odd_article(tmp_path: Path) -> None:
    """The first episode replaces the engine's guess; later ones are averaged, and once
    a few are in, one odd article moves the offset by only ``OFFSET_WEIGHT`` of its miss."""
    calibration = Calibration(tmp_path / "mastering.json")
    calibration.remember("voice", 2.0)  # the toll of today's path is kept beside it
    for offset in (-22.0, -23.0, -22.5, -22.5):
        calibration.remember_offset("voice", offset)
    assert calibration.offset_lufs("voice", default=0.0) == pytest.approx(-22.5)
    calibration.remember_offset("voice", -26.5)
    assert calibration.offset_lufs("voice", default=0.0) == pytest.approx(
        -22.5 - 4.0 * OFFSET_WEIGHT
    )
    assert calibration.toll_db("voice") == pytest.approx(2.0)
    assert calibration.offset_lufs("another voice", default=-21.0) == -21.0


def test_a_short_or_silent_streamed_episode_teaches_nothing(tmp_path: Path) -> None:
    calibration = Calibration(tmp_path / "mastering.json")
    calls, finish, encode = _streamed(5.0, -30.0, duration_ms=MIN_CALIBRATION_MS - 1)
    master_streamed(
        -25.0,
        5.0,
        finish=finish,
        encode=encode,
        speech=lambda: Loudness(integrated_lufs=-31.0),
        calibration=calibration,
        voice="v",
    )
    assert calls == ["encode 16.00", "encode 14.00"]
    calls, finish, encode = _streamed(5.0, float("-inf"))
    master_streamed(
        float("-inf"),
        5.0,
        finish=finish,
        encode=encode,
        speech=_never,
        calibration=calibration,
        voice="v",
    )
    assert calls == ["finish"]
    assert calibration.offset_lufs("v", default=1.0) == 1.0
