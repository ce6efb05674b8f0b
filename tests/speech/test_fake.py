import subprocess
import sys
from pathlib import Path

import pytest
from support.fake_engine import FAKE_ENGINE, FakeEngine
from support.trouble_engine import TROUBLE_ENGINE

import reader
from reader.errors import ConfigError, EmptyAudioError, EngineNotFoundError, VoiceNotFoundError
from reader.speech import (
    SAMPLE_RATE_HZ,
    Clip,
    VoiceSettings,
    check_audio,
    engine_for,
    engine_target,
    register_engine,
    trim_silence,
)


def test_fake_engine_is_deterministic_and_plausibly_long() -> None:
    engine = FakeEngine()
    text = "Stretch gently before you run."
    a = engine.synthesize(text, VoiceSettings())
    assert a == engine.synthesize(text, VoiceSettings())
    assert a.sample_rate_hz == SAMPLE_RATE_HZ
    assert a.duration_ms == pytest.approx(60 * len(text), rel=0.02)
    check_audio(a, text, engine="fake")


def test_fake_engine_roles_sound_different() -> None:
    engine = FakeEngine()
    low = engine.synthesize("Why?", VoiceSettings(pitch=40))
    high = engine.synthesize("Why?", VoiceSettings(pitch=60))
    assert low.samples == high.samples
    assert low.pcm != high.pcm


def test_slower_rate_gives_longer_audio() -> None:
    engine = FakeEngine()
    assert (
        engine.synthesize("words", VoiceSettings(rate_wpm=100)).samples
        > engine.synthesize("words", VoiceSettings(rate_wpm=200)).samples
    )


def test_silent_voice_fails_the_audio_check() -> None:
    clip = FakeEngine().synthesize("Hello.", VoiceSettings(voice="silent"))
    assert clip.samples > 0
    with pytest.raises(EmptyAudioError, match="only silence"):
        check_audio(clip, "Hello.", engine="fake")


def test_empty_clip_for_text_fails_but_for_blank_text_passes() -> None:
    with pytest.raises(EmptyAudioError, match="no audio"):
        check_audio(Clip(b""), "Hello.", engine="fake")
    assert check_audio(Clip(b""), "  ", engine="fake").samples == 0
    assert check_audio(Clip(bytes(200)), " ... ", engine="fake").samples == 100


def test_trim_silence_keeps_only_a_few_ms_around_the_sound() -> None:
    sound = FakeEngine().synthesize("ab", VoiceSettings())
    padded = Clip(bytes(2 * 5000) + sound.pcm + bytes(2 * 7000))
    trimmed = trim_silence(padded)
    assert sound.samples <= trimmed.samples <= sound.samples + 2 * SAMPLE_RATE_HZ * 6 // 1000
    assert trim_silence(Clip(bytes(400))).samples == 0


def test_clip_duration() -> None:
    assert Clip(bytes(2 * SAMPLE_RATE_HZ)).duration_ms == 1000
    assert Clip(bytes(2 * SAMPLE_RATE_HZ)).samples == SAMPLE_RATE_HZ


def test_unknown_voice_lists_the_voices() -> None:
    with pytest.raises(VoiceNotFoundError, match="no voice 'bob'.*tone, silent"):
        FakeEngine().synthesize("Hi.", VoiceSettings(voice="bob"))


def test_engine_for_names_and_import_paths() -> None:
    assert engine_for("fake").name == "fake"
    assert engine_for(TROUBLE_ENGINE).name == "trouble"
    with pytest.raises(ConfigError, match="unknown engine 'nope'.*espeak"):
        engine_for("nope")
    with pytest.raises(EngineNotFoundError, match="could not be loaded"):
        engine_for("no.such.module:Engine")


def test_the_product_registers_no_test_engine() -> None:
    code = "from reader.speech import ENGINES; print(sorted(ENGINES))"
    listed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert listed.stdout.strip() == "['espeak', 'piper', 'pyttsx3']"
    assert not (Path(reader.__file__).parent / "speech" / "fake.py").exists()


def test_registered_engines_resolve_to_import_paths() -> None:
    assert engine_target("fake") == FAKE_ENGINE  # registered by tests/conftest.py
    assert engine_target(TROUBLE_ENGINE) == TROUBLE_ENGINE
    with pytest.raises(ConfigError, match="not an import path"):
        register_engine("broken", "support.fake_engine.FakeEngine")
