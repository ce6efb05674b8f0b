from __future__ import annotations

from pathlib import Path

import pytest

from reader.config import DEFAULT_BASE_URL, Settings, load_settings, tables
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
        ("[show]\nexplicit = 'no'\n", "[show] explicit: input should be a valid boolean"),
        ("[server]\nmax_body_bytes = '1MB'\n", "max_body_bytes: input should be a valid integer"),
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


def test_constructing_settings_reads_neither_file_nor_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reader.toml").write_text('[show]\ntitle = "File"\n')
    monkeypatch.setenv("READER_AUTHOR", "Env")
    assert Settings() == Settings(title="reader", author="reader")
    assert load_settings().title == "File" and load_settings().author == "Env"


def test_every_setting_belongs_to_one_table() -> None:
    assert list(tables()) == ["show", "server", "catalog", "storage", "narrate", "queue"]
    assert sorted(sum(tables().values(), [])) == sorted(Settings.model_fields)


def test_errors_name_the_key_and_its_source(tmp_path: Path) -> None:
    config = tmp_path / "reader.toml"
    config.write_text("[server]\nfetch_timeout_s = 'soon'\n")
    with pytest.raises(ConfigError, match=r"reader.toml \[server\] fetch_timeout_s: .*'soon'"):
        load_settings(config, env={})
    with pytest.raises(ConfigError, match="setting max_body_bytes: .*'lots'"):
        load_settings(env={}, max_body_bytes="lots")
    with pytest.raises(ConfigError, match="unknown setting 'titel'"):
        load_settings(env={}, titel="x")


def test_a_category_apple_does_not_list_is_a_config_error_naming_the_nearest(
    tmp_path: Path,
) -> None:
    config = tmp_path / "reader.toml"
    config.write_text('[show]\ncategory = "Helth & Fitness > Nutrition"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(config, env={})
    message = str(caught.value)
    assert "'Helth & Fitness > Nutrition'" in message
    assert "'Health & Fitness > Nutrition'" in message
    assert "[show] category" in message
    assert load_settings(env={"READER_CATEGORY": "Science > Physics"}).category == (
        "Science > Physics"
    )


def test_catalog_and_storage_tables_and_their_environment(tmp_path: Path) -> None:
    config = tmp_path / "reader.toml"
    config.write_text(
        "[catalog]\nurl = 'postgresql://u@h/db'\n"
        "[storage]\nurl = 's3://bucket/eds'\nendpoint_url = 'http://127.0.0.1:8333'\n"
        "public_base_url = 'https://cdn.example.org/eds'\nredirect = true\n"
    )
    settings = load_settings(config, env={})
    assert settings.catalog_location == "postgresql://u@h/db"
    assert settings.storage_url == "s3://bucket/eds"
    assert settings.storage_endpoint_url == "http://127.0.0.1:8333"
    assert settings.storage_public_base_url == "https://cdn.example.org/eds"
    assert settings.storage_redirect is True
    env = {"READER_CATALOG_URL": "postgresql://other@h/db", "READER_STORAGE_URL": "s3://b2"}
    overridden = load_settings(config, env=env)
    assert overridden.catalog_url == "postgresql://other@h/db"
    assert overridden.storage_url == "s3://b2"
    assert load_settings(env={}, out_dir=tmp_path).catalog_location == tmp_path / "reader.db"
    config.write_text("[catalog]\ncatalog_url = 'x'\n")
    with pytest.raises(ConfigError, match="unknown key 'catalog_url' in \\[catalog\\]; known: url"):
        load_settings(config, env={})
