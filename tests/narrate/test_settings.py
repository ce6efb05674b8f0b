"""``reader narrate`` and API jobs narrate with the same settings, from ``reader.toml``."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.fake_engine import FAKE_ENGINE

from reader.cli import main
from reader.config import load_settings
from reader.errors import ConfigError
from reader.narrate import NarrateSettings, narrate_settings


def test_the_narrate_table_gives_every_narration_its_settings(tmp_path: Path) -> None:
    config = tmp_path / "reader.toml"
    config.write_text(
        '[server]\nout_dir = "editions"\n\n'
        '[narrate]\nlexicons = ["names.toml", "/abs/terms.pls"]\nlanguage_dirs = ["languages"]\n'
        'formats = ["m4b"]\nread_references = true\nvoices_dir = "voices"\n'
    )
    settings = narrate_settings(load_settings(config, env={}), voice="joe")
    assert settings == NarrateSettings(
        out_dir=tmp_path / "editions",
        voice="joe",
        voices_dir=tmp_path / "voices",
        formats=("mp3", "m4b"),
        lexicons=(tmp_path / "names.toml", Path("/abs/terms.pls")),
        read_references=True,
        language_dirs=(tmp_path / "languages",),
        speech_workers=settings.speech_workers,
    )


def test_without_a_narrate_table_narrations_keep_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no reader.toml here
    settings = narrate_settings(load_settings(env={}, out_dir=tmp_path))
    assert settings == NarrateSettings(out_dir=tmp_path, speech_workers=settings.speech_workers)


def test_the_environment_can_name_lexicons_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    env = {"READER_LEXICONS": '["a.toml", "b.toml"]'}
    settings = narrate_settings(load_settings(env=env))
    assert settings.lexicons == (Path("a.toml"), Path("b.toml"))


def test_the_narrate_table_can_ask_for_talking_books(tmp_path: Path) -> None:
    config = tmp_path / "reader.toml"
    config.write_text('[narrate]\nformats = ["epub", "daisy"]\n')
    assert narrate_settings(load_settings(config, env={})).formats == ("mp3", "epub", "daisy")


def test_an_unknown_format_names_its_key(tmp_path: Path) -> None:
    config = tmp_path / "reader.toml"
    config.write_text('[narrate]\nformats = ["ogg"]\n')
    with pytest.raises(ConfigError, match=r"\[narrate\] formats: unknown format 'ogg'"):
        load_settings(config, env={})


def test_reader_narrate_takes_the_narrate_table_and_adds_its_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    voices, languages = tmp_path / "voices", tmp_path / "languages"
    voices.mkdir()
    languages.mkdir()
    (voices / "default.toml").write_text(f'engine = "{FAKE_ENGINE}"\n', encoding="utf-8")
    (languages / "en.toml").write_text(
        'code = "en"\nname = "English"\n\n[phrases]\nby = "Written by {author}."\n',
        encoding="utf-8",
    )
    (tmp_path / "reader.toml").write_text(
        '[narrate]\nvoices_dir = "voices"\nlanguage_dirs = ["languages"]\nformats = ["m4b"]\n'
    )
    (tmp_path / "tones.md").write_text("---\ntitle: Tones\nauthor: Ada\n---\n\nBody text.\n")
    monkeypatch.chdir(tmp_path)
    assert main(["narrate", "tones.md", "--out", "out", "--quiet"]) == 0
    transcript = (tmp_path / "out" / "tones" / "transcript.vtt").read_text(encoding="utf-8")
    assert "Written by Ada." in transcript
    assert (tmp_path / "out" / "tones" / "episode.m4b").is_file()


def test_the_default_settings_need_no_settings_machinery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``narrate_settings(None)``, what ``reader narrate`` uses when no settings file or
    variable is there (without loading pydantic), is what the default settings give."""
    monkeypatch.chdir(tmp_path)  # no reader.toml here
    changes = {"out_dir": tmp_path / "out", "voice": "joe", "speech_workers": 1}
    assert narrate_settings(None, **changes) == narrate_settings(
        load_settings(env={}, out_dir=tmp_path / "out"), **changes
    )
