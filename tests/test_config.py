from __future__ import annotations

from pathlib import Path

import pytest

from reader.config import DEFAULT_BASE_URL, Settings, load_settings
from reader.errors import ConfigError


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(env={})
    assert settings == Settings()
    assert settings.base_url == DEFAULT_BASE_URL
    assert settings.catalog_path == Path("output/reader.db")
    assert settings.api_token is None


def test_file_then_environment_then_overrides(tmp_path: Path) -> None:
    config = tmp_path / "reader.toml"
    config.write_text(
        '[show]\ntitle = "Cramps"\nexplicit = true\n'
        '[server]\nbase_url = "https://pod.example/x/"\nout_dir = "eds"\napi_token = "file"\n'
        "max_body_bytes = 100\n"
    )
    settings = load_settings(config, env={"READER_API_TOKEN": "env", "READER_TITLE": "Env"})
    assert settings.title == "Env"
    assert settings.explicit is True
    assert settings.base_url == "https://pod.example/x"
    assert settings.out_dir == tmp_path / "eds"
    assert settings.catalog_path == tmp_path / "eds" / "reader.db"
    assert settings.api_token == "env"
    assert settings.max_body_bytes == 100
    overridden = load_settings(config, env={}, title="CLI", out_dir=None)
    assert overridden.title == "CLI" and overridden.out_dir == tmp_path / "eds"


def test_fallback_base_url_only_when_nothing_sets_one(tmp_path: Path) -> None:
    config = tmp_path / "reader.toml"
    config.write_text("")
    fallback = "http://0.0.0.0:9000"
    assert load_settings(config, env={}, fallback_base_url=fallback).base_url == fallback
    env = {"READER_BASE_URL": "https://a.example"}
    assert (
        load_settings(config, env=env, fallback_base_url=fallback).base_url
        == env["READER_BASE_URL"]
    )


def test_environment_values_are_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    env = {
        "READER_ALLOW_PRIVATE_URLS": "yes",
        "READER_FETCH_TIMEOUT_S": "2.5",
        "READER_LOCKED": "0",
    }
    settings = load_settings(env=env)
    assert settings.allow_private_urls is True
    assert settings.fetch_timeout_s == 2.5
    assert settings.locked is False


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[show]\ntitel = 'x'\n", "unknown key 'titel'"),
        ("[shows]\ntitle = 'x'\n", "unknown table [shows]"),
        ("[show]\nexplicit = 'no'\n", "expected bool"),
        ("[server]\nmax_body_bytes = '1MB'\n", "expected int"),
        ("[server]\nbase_url = 'ftp://x'\n", "http"),
        ("[show\n", "not valid TOML"),
    ],
)
def test_bad_files_are_config_errors(tmp_path: Path, text: str, needle: str) -> None:
    config = tmp_path / "reader.toml"
    config.write_text(text)
    with pytest.raises(ConfigError, match="reader.toml|base URL") as e:
        load_settings(config, env={})
    assert needle in str(e.value)


def test_bad_environment_values_name_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="READER_EXPLICIT"):
        load_settings(env={"READER_EXPLICIT": "maybe"})
    with pytest.raises(ConfigError, match="READER_MAX_BODY_BYTES"):
        load_settings(env={"READER_MAX_BODY_BYTES": "lots"})


def test_a_missing_config_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path / "missing.toml", env={})
