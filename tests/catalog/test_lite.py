"""``reader.catalog.lite``: the catalog read and written without SQLAlchemy agrees with
``Catalog``, row for row, and steps aside for any catalog it does not know."""

from __future__ import annotations

import dataclasses
import multiprocessing
import random
import sqlite3
import threading
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from feed.samples import sample_manifest

from reader.catalog import Catalog, head_schema
from reader.catalog.lite import (
    HEAD_REVISION,
    sqlite_catalog_revision,
    sqlite_episode_is_current,
    upsert_sqlite_episode,
)
from reader.edition.manifest import Manifest, manifest_to_json
from reader.errors import ConfigError

TIMES = {"guids": "first_published_at", "episodes": "updated_at"}
"""The one column of each table that says when it was written, which differs by a clock."""


def _is_current(database: Path, text: str, path: Path) -> bool:
    return sqlite_episode_is_current(
        database, slug="inner-thigh-cramps", manifest_json=text, manifest_path=str(path.resolve())
    )


def _new_catalog(database: Path) -> Path:
    Catalog(database).close()  # created and migrated to the newest revision
    return database


def _rows(database: Path) -> dict[str, Any]:
    """Every row of guids, episodes and meta, the write times left out."""
    with closing(sqlite3.connect(database)) as conn:
        conn.row_factory = sqlite3.Row
        tables: dict[str, Any] = {}
        for table in ("guids", "episodes", "meta"):
            rows = conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            tables[table] = [{k: r[k] for k in r.keys() if k != TIMES.get(table)} for r in rows]
        return tables


def _times(database: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(database)) as conn:
        return conn.execute(
            "SELECT g.first_published_at, e.updated_at FROM guids g JOIN episodes e USING (slug)"
        ).fetchall()


# Reading ----------------------------------------------------------------------


def test_a_manifest_upserted_as_it_is_is_current(tmp_path: Path) -> None:
    database, path = tmp_path / "reader.db", tmp_path / "cramps" / "manifest.json"
    catalog = Catalog(database)
    stored = catalog.upsert(sample_manifest(), path)
    version = catalog.version()
    text = manifest_to_json(stored)
    assert _is_current(database, text, path)
    catalog.upsert(stored, path)  # what the peek promises: upserting it again changes nothing
    assert catalog.version() == version
    catalog.close()


def test_another_manifest_another_path_or_another_guid_is_not(tmp_path: Path) -> None:
    database, path = tmp_path / "reader.db", tmp_path / "cramps" / "manifest.json"
    catalog = Catalog(database)
    stored = catalog.upsert(sample_manifest(), path)
    catalog.close()
    edited = dataclasses.replace(stored, duration_ms=stored.duration_ms + 1)
    assert not _is_current(database, manifest_to_json(edited), path)
    assert not _is_current(database, manifest_to_json(stored), tmp_path / "elsewhere.json")
    assert not _is_current(database, manifest_to_json(stored.with_guid("other")), path)


def test_no_catalog_or_not_a_catalog_is_not_current_and_is_left_alone(tmp_path: Path) -> None:
    text = manifest_to_json(sample_manifest())
    missing = tmp_path / "reader.db"
    assert not _is_current(missing, text, tmp_path / "manifest.json")
    assert sqlite_catalog_revision(missing) is None
    assert not missing.exists()  # read-only: it never creates the database
    other = tmp_path / "other.db"
    other.write_bytes(b"not a database at all")
    assert not _is_current(other, text, tmp_path / "manifest.json")
    assert sqlite_catalog_revision(other) is None


def test_the_revision_is_read_as_the_catalog_reads_it(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "reader.db")
    assert sqlite_catalog_revision(tmp_path / "reader.db") == HEAD_REVISION
    catalog.close()
    with closing(sqlite3.connect(tmp_path / "plain.db")) as conn:
        conn.execute("CREATE TABLE episodes (slug TEXT)")
    assert sqlite_catalog_revision(tmp_path / "plain.db") is None


# Writing ----------------------------------------------------------------------


@pytest.mark.parametrize("where", ["path", "url"])
def test_upserts_leave_the_rows_the_catalog_leaves(tmp_path: Path, where: str) -> None:
    """New, unchanged, changed (under another GUID), and a second episode: the same
    GUIDs, episodes and version, and the same manifests returned."""

    def location(slug: str) -> Path | str:
        if where == "url":
            return f"s3://bucket/editions/{slug}/manifest.json"
        return tmp_path / "out" / slug / "manifest.json"

    steps = [
        sample_manifest(guid="first"),
        sample_manifest(guid="first"),
        sample_manifest(guid="second", title="Cramps, Again"),
        sample_manifest(guid="third", title="Cramps, Again"),
        sample_manifest("other-article", guid="other"),
    ]
    lite_db = _new_catalog(tmp_path / "lite.db")
    catalog = Catalog(tmp_path / "catalog.db")
    for manifest in steps:
        expected = catalog.upsert(manifest, location(manifest.slug))
        got = upsert_sqlite_episode(lite_db, manifest, location(manifest.slug))
        assert got == expected
        assert _rows(lite_db) == _rows(tmp_path / "catalog.db")
    catalog.close()
    rows = _rows(lite_db)
    assert [g["guid"] for g in rows["guids"]] == ["first", "other"]
    assert rows["meta"] == [{"key": "version", "value": 3}]  # the unchanged ones bumped nothing
    reopened = Catalog(lite_db)  # what the server reads
    assert reopened.manifests() == Catalog(tmp_path / "catalog.db").manifests()
    reopened.close()


def test_an_unchanged_manifest_leaves_the_row_untouched(tmp_path: Path) -> None:
    database, path = _new_catalog(tmp_path / "reader.db"), tmp_path / "manifest.json"
    upsert_sqlite_episode(database, sample_manifest(), path)
    times = _times(database)
    assert upsert_sqlite_episode(database, sample_manifest(guid="later"), path) is not None
    assert _times(database) == times


def test_the_catalog_and_the_lite_path_take_turns_on_one_file(tmp_path: Path) -> None:
    database, path = _new_catalog(tmp_path / "reader.db"), tmp_path / "manifest.json"
    first = upsert_sqlite_episode(database, sample_manifest(guid="lite"), path)
    assert first is not None and first.guid == "lite"
    catalog = Catalog(database)
    version = catalog.version()
    assert catalog.upsert(sample_manifest(guid="catalog"), path).guid == "lite"
    assert catalog.version() == version, "the same manifest: nothing changed"
    changed = upsert_sqlite_episode(database, sample_manifest(title="New"), path)
    assert changed is not None and changed.guid == "lite"
    assert catalog.version() == version + 1
    assert catalog.manifest("inner-thigh-cramps") == changed
    catalog.close()


def test_a_catalog_it_does_not_know_is_left_to_the_catalog(tmp_path: Path) -> None:
    manifest, path = sample_manifest(), tmp_path / "manifest.json"
    missing = tmp_path / "missing.db"
    assert upsert_sqlite_episode(missing, manifest, path) is None
    assert not missing.exists()

    not_a_database = tmp_path / "text.db"
    not_a_database.write_text("not a database at all\n", encoding="utf-8")
    assert upsert_sqlite_episode(not_a_database, manifest, path) is None

    before_migrations = tmp_path / "old.db"  # a catalog written before Alembic came
    _new_catalog(before_migrations)
    with closing(sqlite3.connect(before_migrations)) as conn, conn:
        conn.execute("DROP TABLE alembic_version")
    assert upsert_sqlite_episode(before_migrations, manifest, path) is None

    for revision in ("0001", "9999"):  # older (to migrate) and newer (to refuse)
        other = _new_catalog(tmp_path / f"{revision}.db")
        with closing(sqlite3.connect(other)) as conn, conn:
            conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        assert upsert_sqlite_episode(other, manifest, path) is None
        nothing = {"guids": [], "episodes": [], "meta": [{"key": "version", "value": 0}]}
        assert _rows(other) == nothing

    # The Catalog then does what it does with each: here, bring an old one up to date.
    catalog = Catalog(before_migrations)
    assert catalog.upsert(manifest, path).guid == manifest.guid
    catalog.close()
    assert upsert_sqlite_episode(before_migrations, manifest, path) == manifest


def test_a_catalog_locked_past_the_timeout_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    database, path = _new_catalog(tmp_path / "reader.db"), tmp_path / "manifest.json"
    with closing(sqlite3.connect(database, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # another writer, in the middle of a long write
        with pytest.raises(ConfigError, match=r"reader\.db: cannot record inner-thigh-cramps"):
            upsert_sqlite_episode(database, sample_manifest(), path, timeout_s=0.2)
        other.execute("ROLLBACK")
    assert _rows(database)["episodes"] == []
    assert upsert_sqlite_episode(database, sample_manifest(), path) is not None


# Many writers at once -----------------------------------------------------------

SLUGS = [f"article-{n:02d}" for n in range(16)]


def _publish(
    database: str, writer: int, catalog: Catalog | None = None, create: bool = False
) -> dict[str, str]:
    """Publish every slug (shuffled) under this writer's GUIDs and title, through the
    lite path (even writers) or a Catalog; the GUIDs the catalog kept."""
    own = catalog is None and writer % 2 == 1
    if own:
        catalog = Catalog(database)
    order = list(SLUGS)
    random.Random(writer).shuffle(order)
    kept = {}
    for slug in order:
        manifest = sample_manifest(slug, guid=f"{slug}-{writer}", title=f"T{writer}")
        where = Path(f"/editions/{slug}/manifest.json")
        stored: Manifest | None
        if writer % 2 == 0:
            stored = upsert_sqlite_episode(Path(database), manifest, where, create=create)
        else:
            assert catalog is not None
            stored = catalog.upsert(manifest, where)
        assert stored is not None
        kept[slug] = stored.guid
    if own and catalog is not None:
        catalog.close()
    return kept


def _check(database: Path, results: list[dict[str, str]]) -> None:
    rows = _rows(database)
    assert [e["slug"] for e in rows["episodes"]] == SLUGS
    kept = {g["slug"]: g["guid"] for g in rows["guids"]}
    assert sorted(kept) == SLUGS
    for slug, guid in kept.items():
        assert {r[slug] for r in results} == {guid}, "every writer saw the first GUID"
    # Each writer's title differs from every other's, so each of its upserts changed
    # the row and bumped the version once: a lost bump would show here.
    assert rows["meta"] == [{"key": "version", "value": len(results) * len(SLUGS)}]


def test_processes_writing_with_and_without_sqlalchemy_lose_nothing(tmp_path: Path) -> None:
    database = _new_catalog(tmp_path / "reader.db")
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.starmap(_publish, [(str(database), w) for w in range(4)])
    _check(database, results)


def test_processes_making_a_new_catalog_at_once_make_one_and_lose_nothing(tmp_path: Path) -> None:
    """Half make the catalog from the head schema, half through the Catalog's migrations."""
    database = tmp_path / "new" / "reader.db"
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.starmap(_publish, [(str(database), w, None, True) for w in range(4)])
    _check(database, results)
    assert sqlite_catalog_revision(database) == HEAD_REVISION


def test_threads_writing_with_and_without_sqlalchemy_lose_nothing(tmp_path: Path) -> None:
    database = _new_catalog(tmp_path / "reader.db")
    catalog = Catalog(database)
    results: list[dict[str, str]] = [{} for _ in range(6)]

    def publish(writer: int) -> None:
        results[writer] = _publish(str(database), writer, catalog)

    threads = [threading.Thread(target=publish, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    catalog.close()
    _check(database, results)


def test_a_write_the_database_refuses_is_a_clear_error_through_the_catalog_too(
    tmp_path: Path,
) -> None:
    database, path = _new_catalog(tmp_path / "reader.db"), tmp_path / "manifest.json"
    catalog = Catalog(f"sqlite:///file:{database}?mode=ro&uri=true")  # it refuses writes
    try:
        with pytest.raises(ConfigError, match=r"cannot record inner-thigh-cramps in the catalog"):
            catalog.upsert(sample_manifest(), path)
    finally:
        catalog.close()
    assert _rows(database)["episodes"] == []


# A new catalog, made from the schema the migrations end at ------------------------


def _schema(database: Path) -> list[tuple[str, str, str | None]]:
    """Every table and index SQLite keeps, its statement's spacing evened out."""
    with closing(sqlite3.connect(database)) as conn:
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        return [(kind, name, " ".join(sql.split()) if sql else None) for kind, name, sql in rows]


def test_a_new_catalog_is_made_as_the_migrations_make_it(tmp_path: Path) -> None:
    assert head_schema.REVISION == HEAD_REVISION, (
        "a migration was added: bring reader/catalog/head_schema.py to it (the statements "
        "SQLite keeps in sqlite_master after `reader db upgrade`, and REVISION)"
    )
    manifest, path = sample_manifest(), tmp_path / "manifest.json"
    made = tmp_path / "site" / "reader.db"
    assert upsert_sqlite_episode(made, manifest, path) is None  # only when asked to
    assert not made.exists()
    assert upsert_sqlite_episode(made, manifest, path, create=True) == manifest
    migrated = tmp_path / "migrated.db"
    catalog = Catalog(migrated)
    catalog.upsert(manifest, path)
    catalog.close()
    assert _schema(made) == _schema(migrated)
    assert _rows(made) == _rows(migrated)
    with closing(sqlite3.connect(made)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (HEAD_REVISION,)
        ]
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    catalog = Catalog(made)  # Alembic finds it migrated: nothing to do
    assert [m.slug for m in catalog.manifests()] == [manifest.slug]
    catalog.close()
    assert _schema(made) == _schema(migrated)


def test_a_head_schema_behind_the_migrations_makes_no_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(head_schema, "REVISION", "0001")
    made = tmp_path / "reader.db"
    assert upsert_sqlite_episode(made, sample_manifest(), tmp_path / "m.json", create=True) is None
    assert not made.exists()


def test_an_empty_file_is_made_a_catalog_but_another_database_is_left_alone(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    assert upsert_sqlite_episode(empty, sample_manifest(), tmp_path / "m.json", create=True)
    assert sqlite_catalog_revision(empty) == HEAD_REVISION
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as conn, conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    assert upsert_sqlite_episode(other, sample_manifest(), tmp_path / "m.json", create=True) is None
    assert _schema(other) == [("table", "notes", "CREATE TABLE notes (text TEXT)")]
