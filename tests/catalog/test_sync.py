from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from support.editions import make_edition

from reader.catalog import Catalog, delete_edition, sync_catalog, upsert_episode
from reader.edition.manifest import MANIFEST_NAME, manifest_from_json, manifest_to_json
from reader.errors import SlugError


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("template")
    make_edition(out, "one", title="One")
    make_edition(out, "two", title="Two", date=None)
    return out


@pytest.fixture
def out_dir(template: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(template, out)
    return out


def test_sync_imports_every_edition(out_dir: Path) -> None:
    report = sync_catalog(out_dir)
    assert sorted(report.added) == ["one", "two"]
    assert report.updated == report.removed == report.errors == ()
    catalog = Catalog(out_dir / "reader.db")
    assert {m.slug for m in catalog.manifests()} == {"one", "two"}


def test_sync_again_changes_nothing(out_dir: Path) -> None:
    sync_catalog(out_dir)
    version = Catalog(out_dir / "reader.db").version()
    report = sync_catalog(out_dir)
    assert report.added == report.updated == report.removed == ()
    assert Catalog(out_dir / "reader.db").version() == version


def test_sync_updates_changed_and_removes_deleted_editions(out_dir: Path) -> None:
    sync_catalog(out_dir)
    path = out_dir / "one" / MANIFEST_NAME
    manifest = manifest_from_json(path.read_text())
    path.write_text(manifest_to_json(replace(manifest, duration_ms=manifest.duration_ms + 1)))
    shutil.rmtree(out_dir / "two")
    report = sync_catalog(out_dir)
    assert report.updated == ("one",)
    assert report.removed == ("two",)
    assert Catalog(out_dir / "reader.db").manifest("two") is None


def test_a_broken_manifest_is_reported_and_left_alone(out_dir: Path) -> None:
    sync_catalog(out_dir)
    (out_dir / "one" / MANIFEST_NAME).write_text("{not json")
    report = sync_catalog(out_dir)
    assert len(report.errors) == 1 and "one" in report.errors[0]
    assert Catalog(out_dir / "reader.db").manifest("one") is not None


def test_a_manifest_in_the_wrong_directory_is_reported(out_dir: Path) -> None:
    (out_dir / "one").rename(out_dir / "renamed")
    report = sync_catalog(out_dir)
    assert report.added == ("two",)
    assert "renamed" in report.errors[0]


def test_upsert_episode_writes_the_default_catalog(out_dir: Path) -> None:
    manifest = manifest_from_json((out_dir / "one" / MANIFEST_NAME).read_text())
    stored = upsert_episode(manifest.with_guid("first"), out_dir=out_dir)
    assert stored.guid == "first"
    assert upsert_episode(manifest.with_guid("other"), out_dir=out_dir).guid == "first"
    assert Catalog(out_dir / "reader.db").manifest("one") is not None


def test_delete_edition_removes_catalog_entry_and_files(out_dir: Path) -> None:
    catalog = Catalog(out_dir / "reader.db")
    sync_catalog(out_dir, catalog=catalog)
    assert delete_edition(catalog, out_dir, "one")
    assert not (out_dir / "one").exists()
    assert catalog.manifest("one") is None
    assert not delete_edition(catalog, out_dir, "one")


@pytest.mark.parametrize("slug", ["..", ".", "", "a/../..", "/etc"])
def test_delete_edition_refuses_paths_outside_out_dir(out_dir: Path, slug: str) -> None:
    with pytest.raises(SlugError, match="is not an edition directory"):
        delete_edition(Catalog(out_dir / "reader.db"), out_dir, slug)
    assert (out_dir / "one").is_dir()
