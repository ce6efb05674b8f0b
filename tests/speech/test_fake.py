import random
import subprocess
import sys
from array import array
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
from reader.speech.clip import SILENCE_THRESHOLD, first_loud, loud_end


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


def test_the_sound_is_found_sample_by_sample_at_the_threshold_and_beyond() -> None:
    """``first_loud`` and ``loud_end`` scan bytes with a regular expression; they
    must agree with reading the samples one by one, at every edge value."""
    edges = [0, 1, -1, 199, -199, 200, -200, 201, -201, 255, -255, 256, -256, 32767, -32768]
    rng = random.Random(12)
    for _ in range(2000):
        samples = [rng.choice([*edges, rng.randint(-600, 600)]) for _ in range(rng.randint(0, 40))]
        values = array("h", samples)
        if sys.byteorder == "big":
            values.byteswap()  # clips are little-endian
        pcm = values.tobytes()
        loud = [abs(s) > SILENCE_THRESHOLD for s in samples]
        start = rng.randint(0, len(samples))
        end = rng.randint(start, len(samples))
        span = loud[start:end]
        first = start + span.index(True) if True in span else end
        last = end - span[::-1].index(True) if True in span else start
        assert first_loud(pcm, start, end) == first
        assert loud_end(pcm, start, end) == last
        assert loud_end(pcm + b"\x01", start, end) == last  # a stray odd byte


def test_a_long_silence_is_scanned_whole() -> None:
    silence = bytes(2 * 22050 * 30)  # half a minute
    assert first_loud(silence) == 22050 * 30
    assert loud_end(silence) == 0
    assert loud_end(silence + b"\x00\x10" + silence) == 22050 * 30 + 1
    assert trim_silence(Clip(silence + b"\x00\x10" + silence)).samples == 1 + 2 * 110
