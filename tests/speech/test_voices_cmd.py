import pytest

from reader.cli import main
from reader.cli.voices_cmd import format_listing
from reader.speech import VoiceInfo, list_voice_profiles
from reader.speech.reports import EngineReport

from .conftest import VOICES_DIR


def test_reader_voices_lists_profiles_and_espeak_voices(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["voices", "--engine", "espeak", "--voices-dir", str(VOICES_DIR)])
    out = capsys.readouterr().out
    assert code == 0
    profiles = out.split("Engine")[0]
    assert "espeak" in profiles and "engine=espeak" in profiles
    assert "joe" not in profiles and "default" not in profiles  # filtered to espeak profiles
    assert "Engine espeak: espeak-ng 1." in out
    assert "gmw/de" in out and "German" in out
    assert "gmw/en-US" in out


def test_reader_voices_lists_every_shipped_profile(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voices", "--voices-dir", str(VOICES_DIR)]) == 0
    out = capsys.readouterr().out
    for name in ("default", "espeak", "joe", "pyttsx3"):
        assert f"  {name} " in out
    for engine in ("espeak", "pyttsx3", "piper"):
        assert f"Engine {engine}" in out


def test_a_missing_engine_says_how_to_install_it() -> None:
    reports = [
        EngineReport(
            name="piper",
            installed=False,
            problem="the Piper engine is not installed: run `pip install 'article-reader[neural]'`",
        ),
        EngineReport(
            name="espeak",
            installed=True,
            version="espeak-ng 1.52",
            voices=(VoiceInfo(id="gmw/de", name="German", languages=("de",)),),
        ),
    ]
    text = format_listing(list_voice_profiles(VOICES_DIR), reports)
    assert "Engine piper: not installed" in text
    assert "pip install 'article-reader[neural]'" in text
    assert "Engine espeak: espeak-ng 1.52, 1 voices" in text


def test_help_text(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["voices", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--engine {espeak,pyttsx3,piper}" in out
    assert "voices each installed speech engine offers" in out
