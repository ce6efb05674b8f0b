"""Uploading editions: files first, the manifest last, nothing half-published."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.editions import make_edition

from reader.catalog import Catalog
from reader.edition.manifest import MANIFEST_NAME
from reader.errors import StorageError
from reader.storage import LocalStorage, file_key, read_manifest, record_edition, upload_edition


class RecordingStorage(LocalStorage):
    """A real folder storage that remembers the order of its writes and can fail one."""

    def __init__(self, root: Path, *, fail_on: str | None = None) -> None:
        super().__init__(root)
        self.writes: list[str] = []
        self.fail_on = fail_on

    def put_file(self, key: str, path: Path, *, content_type: str | None = None) -> None:
        if self.fail_on and key.endswith(self.fail_on):
            raise StorageError(f"{key}: cannot upload (the test's network fault)")
        self.writes.append(key)
        super().put_file(key, path, content_type=content_type)

    def put_bytes(self, key: str, data: bytes, *, content_type: str | None = None) -> None:
        self.writes.append(key)
        super().put_bytes(key, data, content_type=content_type)


def test_files_go_first_and_the_manifest_last(tmp_path: Path) -> None:
    manifest = make_edition(tmp_path / "out")
    storage = RecordingStorage(tmp_path / "store")
    url = upload_edition(storage, tmp_path / "out" / manifest.slug, manifest)
    assert url == f"{storage.root}/{manifest.slug}/{MANIFEST_NAME}"
    assert storage.writes[-1] == f"{manifest.slug}/{MANIFEST_NAME}"
    assert sorted(storage.writes[:-1]) == sorted(
        file_key(manifest.slug, e.path) for e in manifest.all_files()
    )
    assert read_manifest(storage, manifest.slug) == manifest


def test_a_failed_upload_publishes_nothing(tmp_path: Path) -> None:
    manifest = make_edition(tmp_path / "out")
    storage = RecordingStorage(tmp_path / "store", fail_on="transcript.srt")
    catalog = Catalog(tmp_path / "reader.db")
    with pytest.raises(StorageError, match="network fault"):
        record_edition(tmp_path / "out" / manifest.slug, catalog=catalog, storage=storage)
    assert read_manifest(storage, manifest.slug) is None
    assert catalog.manifests() == []


def test_a_new_edition_drops_the_files_the_old_one_had(tmp_path: Path) -> None:
    manifest = make_edition(tmp_path / "out")
    storage = LocalStorage(tmp_path / "store")
    storage.put_bytes(f"{manifest.slug}/sections/99-gone.mp3", b"old")
    upload_edition(storage, tmp_path / "out" / manifest.slug, manifest)
    keys = {i.key for i in storage.iter_objects(f"{manifest.slug}/")}
    assert f"{manifest.slug}/sections/99-gone.mp3" not in keys
    assert keys == {file_key(manifest.slug, e.path) for e in manifest.all_files()} | {
        f"{manifest.slug}/{MANIFEST_NAME}"
    }


def test_recording_an_unchanged_edition_uploads_nothing(tmp_path: Path) -> None:
    manifest = make_edition(tmp_path / "out")
    storage = RecordingStorage(tmp_path / "store")
    catalog = Catalog(tmp_path / "reader.db")
    first = record_edition(tmp_path / "out" / manifest.slug, catalog=catalog, storage=storage)
    count = len(storage.writes)
    again = record_edition(tmp_path / "out" / manifest.slug, catalog=catalog, storage=storage)
    assert len(storage.writes) == count and again == first
    assert catalog.manifest_paths()[manifest.slug] == storage.root / manifest.slug / MANIFEST_NAME


def test_the_default_storage_is_the_out_dir_and_uploads_nothing(tmp_path: Path) -> None:
    manifest = make_edition(tmp_path / "out")
    storage = RecordingStorage(tmp_path / "out")
    catalog = Catalog(tmp_path / "reader.db")
    record_edition(tmp_path / "out" / manifest.slug, catalog=catalog, storage=storage)
    assert storage.writes == []
    assert catalog.manifest(manifest.slug) is not None
