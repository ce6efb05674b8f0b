"""Alembic migrations: fresh catalogs, catalogs from before migrations, `reader db`."""

from __future__ import annotations

import importlib.resources
import sqlite3
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
import sqlalchemy as sa
from feed.samples import sample_manifest

from reader.catalog import Catalog
from reader.catalog.engine import (
    HEAD_REVISION,
    catalog_revision,
    catalog_url,
    create_catalog_engine,
    upgrade_catalog,
)
from reader.cli import main
from reader.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]

# The schema reader wrote before it had migrations (kept verbatim).
_LEGACY_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('version', 0);
CREATE TABLE IF NOT EXISTS guids (
    slug TEXT PRIMARY KEY, guid TEXT NOT NULL, first_published_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS episodes (
    slug TEXT PRIMARY KEY, guid TEXT NOT NULL, title TEXT NOT NULL, author TEXT,
    pub_date TEXT NOT NULL, description TEXT, duration_ms INTEGER NOT NULL,
    episode_bytes INTEGER NOT NULL, files_json TEXT NOT NULL, chapters_json TEXT NOT NULL,
    manifest_path TEXT NOT NULL, manifest_json TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS episodes_by_date ON episodes (pub_date DESC, slug);
CREATE TRIGGER IF NOT EXISTS episodes_ins AFTER INSERT ON episodes
    BEGIN UPDATE meta SET value = value + 1 WHERE key = 'version'; END;
CREATE TRIGGER IF NOT EXISTS episodes_upd AFTER UPDATE ON episodes
    BEGIN UPDATE meta SET value = value + 1 WHERE key = 'version'; END;
CREATE TRIGGER IF NOT EXISTS episodes_del AFTER DELETE ON episodes
    BEGIN UPDATE meta SET value = value + 1 WHERE key = 'version'; END;
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    request_json TEXT NOT NULL, error TEXT, result_slug TEXT,
    attempts INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL,
    started_at TEXT, finished_at TEXT
);
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, created_at);
"""


def _legacy_catalog(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(_LEGACY_SCHEMA)
    conn.execute(
        "INSERT INTO guids VALUES ('old', 'the-old-guid', '2024-01-01T00:00:00Z')",
    )
    conn.execute(
        "INSERT INTO jobs (id, status, request_json, created_at) "
        "VALUES ('j1', 'queued', '{\"text\": \"a\"}', '2024-01-01T00:00:00Z')"
    )
    conn.commit()
    conn.close()


def test_a_catalog_from_before_migrations_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "reader.db"
    _legacy_catalog(path)
    catalog = Catalog(path)
    assert catalog.upsert(sample_manifest("old", guid="new"), tmp_path / "m.json").guid == (
        "the-old-guid"
    )
    job = catalog.job("j1")
    assert job is not None and job.request == {"text": "a"}
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type='trigger'").fetchone() == (
        0,
    )
    assert conn.execute("SELECT value FROM meta").fetchone()[0] == 1, "bumped once, not twice"
    conn.close()


def test_reader_db_upgrade_migrates_a_legacy_catalog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "reader.db"
    _legacy_catalog(path)
    assert main(["db", "current", "--catalog", str(path)]) == 0
    assert f"revision none (newest {HEAD_REVISION})" in capsys.readouterr().out
    assert main(["db", "upgrade", "--catalog", str(path)]) == 0
    assert f"upgraded from empty to revision {HEAD_REVISION}" in capsys.readouterr().out
    assert main(["db", "upgrade", "--catalog", str(path)]) == 0
    assert f"already at revision {HEAD_REVISION}" in capsys.readouterr().out


def test_reader_db_upgrade_uses_the_out_dirs_catalog_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("READER_CATALOG_URL", raising=False)
    assert main(["db", "upgrade", "--out", "eds"]) == 0
    assert (tmp_path / "eds" / "reader.db").is_file()
    assert "eds/reader.db: upgraded from empty" in capsys.readouterr().out


def test_reader_db_upgrade_creates_a_postgresql_catalog(
    postgres_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_CATALOG_URL", postgres_url)
    assert main(["db", "upgrade"]) == 0
    assert f"upgraded from empty to revision {HEAD_REVISION}" in capsys.readouterr().out
    catalog = Catalog(postgres_url)
    assert catalog.version() == 0
    catalog.close()


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_catalog_at_revision_0001_gains_job_notices_and_keeps_its_jobs(
    database: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """0002 adds ``jobs.notices_json``: jobs done before it read as having none."""
    location = (
        str(tmp_path / "reader.db")
        if database == "sqlite"
        else str(request.getfixturevalue("postgres_url"))
    )
    engine = create_catalog_engine(catalog_url(location))
    assert upgrade_catalog(engine, "0001") == "0001"
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO jobs (id, status, request_json, result_slug, created_at) "
                "VALUES ('old', 'done', '{}', 'old-slug', '2024-01-01T00:00:00Z')"
            )
        )
    engine.dispose()
    catalog = Catalog(location)
    try:
        assert catalog_revision(catalog._engine) == HEAD_REVISION == "0002"
        old = catalog.job("old")
        assert old is not None and old.slug == "old-slug" and old.notices == ()
        job = catalog.add_job({"text": "x"})
        catalog.finish_job(job.id, slug="x", notices=["read by espeak instead"])
        assert catalog.job(job.id).notices == ("read by espeak instead",)  # type: ignore[union-attr]
        _downgrade(catalog._engine, "0001")
        assert catalog_revision(catalog._engine) == "0001"
        columns = {c["name"] for c in sa.inspect(catalog._engine).get_columns("jobs")}
        assert "notices_json" not in columns
        assert upgrade_catalog(catalog._engine) == "0002"
    finally:
        catalog.close()


def _downgrade(engine: sa.Engine, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "reader.catalog:migrations")
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
        conn.commit()


def test_an_unreachable_postgresql_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql://someone:secret@127.0.0.1:1/nowhere"
    assert main(["db", "upgrade", "--catalog", url]) == 2
    err = capsys.readouterr().err
    assert "someone:***@127.0.0.1:1/nowhere" in err and "secret" not in err
    with pytest.raises(ConfigError, match="cannot open the catalog"):
        Catalog(url)


def test_catalog_urls() -> None:
    assert catalog_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert catalog_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert catalog_url("sqlite:///x/reader.db").database == "x/reader.db"
    assert catalog_url("out/reader.db").database == "out/reader.db"
    with pytest.raises(ConfigError, match="unknown database 'mysql'"):
        catalog_url("mysql://u@h/db")


def test_the_migrations_ship_as_package_data() -> None:
    """An installed wheel must carry every migration, or `reader db upgrade` breaks."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["reader"]
    migrations = importlib.resources.files("reader.catalog.migrations")
    files = [f"catalog/migrations/{p.name}" for p in migrations.iterdir() if p.is_file()]
    files += [f"catalog/migrations/versions/{p.name}" for p in (migrations / "versions").iterdir()]
    shipped = [f for f in files if f.endswith((".py", ".mako")) and "__pycache__" not in f]
    packaged = {"catalog/migrations/__init__.py", "catalog/migrations/env.py"}  # modules
    missing = [f for f in shipped if f not in packaged and not any(fnmatch(f, p) for p in patterns)]
    assert not missing
    assert any(f.startswith(f"catalog/migrations/versions/{HEAD_REVISION}_") for f in files)
