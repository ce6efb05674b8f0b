"""Publishing a finished edition: into storage, then into the catalog.

``record_edition`` is what ``reader narrate``, the API's job worker and the
queue's workers call once an edition is complete in a local folder. With the
default storage (that same folder) it only updates the catalog; with another
storage (S3, another folder) it uploads the edition first, files before the
manifest, and the catalog row points at the manifest's object.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from reader.edition.manifest import MANIFEST_NAME, Manifest, manifest_from_json, manifest_to_json
from reader.storage.base import Storage
from reader.storage.editions import edition_key, upload_edition
from reader.storage.local import LocalStorage

__all__ = ["EpisodeCatalog", "is_out_dir", "record_edition"]


class EpisodeCatalog(Protocol):
    """What publishing needs of the catalog: ``Catalog`` has it, and so has
    ``reader narrate``'s publisher, which writes a SQLite catalog without
    SQLAlchemy when it can (``reader.catalog.lite``)."""

    def upsert(self, manifest: Manifest, manifest_path: Path | str) -> Manifest: ...


def is_out_dir(storage: Storage, out_dir: Path) -> bool:
    """Whether ``storage`` is the editions folder itself (the embedded default)."""
    return isinstance(storage, LocalStorage) and storage.root.resolve() == out_dir.resolve()


def record_edition(edition_dir: Path, *, catalog: EpisodeCatalog, storage: Storage) -> Manifest:
    """Put the complete edition in ``edition_dir`` (``<out_dir>/<slug>``) into
    ``storage`` and the catalog; return the manifest with its published GUID.

    An edition whose manifest is already in storage unchanged is not uploaded
    again. Raises StorageError when the upload fails; the catalog is then left
    as it was, so the feed never lists a half-uploaded edition.
    """
    path = edition_dir / MANIFEST_NAME
    text = path.read_text(encoding="utf-8")
    manifest = manifest_from_json(text, source=str(path))
    if is_out_dir(storage, edition_dir.parent):
        return catalog.upsert(manifest, path)
    key = edition_key(manifest.slug)
    stored = storage.get_bytes(key)
    if stored is not None and stored.decode("utf-8", "replace") == manifest_to_json(manifest):
        location = storage.object_url(key)
    else:
        location = upload_edition(storage, edition_dir, manifest)
    return catalog.upsert(manifest, location)
