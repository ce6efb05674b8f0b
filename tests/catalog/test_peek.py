"""``sqlite_episode_is_current``: the catalog's row, read without SQLAlchemy, agrees with
what ``Catalog.upsert`` would do."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from feed.samples import sample_manifest

from reader.catalog import Catalog
from reader.catalog.peek import sqlite_episode_is_current
from reader.edition.manifest import manifest_to_json


def _is_current(database: Path, text: str, path: Path) -> bool:
    return sqlite_episode_is_current(
        database, slug="inner-thigh-cramps", manifest_json=text, manifest_path=str(path.resolve())
    )


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
    assert not missing.exists()  # read-only: it never creates the database
    other = tmp_path / "other.db"
    other.write_bytes(b"not a database at all")
    assert not _is_current(other, text, tmp_path / "manifest.json")
