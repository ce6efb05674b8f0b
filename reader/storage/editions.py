"""Editions in storage: ``<slug>/manifest.json`` plus every file the manifest lists.

An upload is atomic per edition: every file first, the manifest last, then
the objects a previous edition of the slug had and this one no longer lists
are deleted. Readers trust only editions whose manifest exists, and only the
files it lists.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from reader.edition.manifest import (
    MANIFEST_NAME,
    Manifest,
    manifest_from_json,
    manifest_to_json,
    public_path,
)
from reader.errors import InputError, StorageError
from reader.storage.base import Storage, check_key

__all__ = [
    "delete_stored_edition",
    "edition_key",
    "file_key",
    "read_edition_manifests",
    "read_manifest",
    "upload_edition",
]

_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4b": "audio/x-m4a",
    ".m4a": "audio/x-m4a",
    ".epub": "application/epub+zip",
    ".json": "application/json",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8",
}


def edition_key(slug: str, path: str = MANIFEST_NAME) -> str:
    """The key of an edition's file (its manifest by default)."""
    return check_key(f"{slug}/{path}")


def file_key(slug: str, path: str) -> str:
    """The key of the edition file at ``path``: its published name (``public_path``),
    so that a CDN in front of the bucket serves ``<slug>.mp3``, a name unique to the
    article, as the server does."""
    return edition_key(slug, public_path(slug, path))


def upload_edition(storage: Storage, edition_dir: Path, manifest: Manifest) -> str:
    """Copy the complete edition in ``edition_dir`` into ``storage``; return the
    manifest's object URL.

    Files whose object already has the same size are re-uploaded only when
    their content could differ (always, except the manifest is what decides).
    """
    slug = manifest.slug
    listed = {file_key(slug, entry.path) for entry in manifest.all_files()}
    for entry in manifest.all_files():
        source = edition_dir / entry.path
        if not source.is_file() or source.stat().st_size != entry.bytes:
            raise StorageError(f"{source}: missing or not the size the manifest says; not uploaded")
        storage.put_file(
            file_key(slug, entry.path),
            source,
            content_type=_TYPES.get(source.suffix, entry.mime),
        )
    manifest_key = edition_key(slug)
    storage.put_bytes(
        manifest_key, manifest_to_json(manifest).encode("utf-8"), content_type="application/json"
    )
    stale = [
        info.key
        for info in storage.iter_objects(f"{slug}/")
        if info.key != manifest_key and info.key not in listed
    ]
    if stale:
        storage.delete(stale)
    return storage.object_url(manifest_key)


def delete_stored_edition(storage: Storage, slug: str) -> bool:
    """Remove the edition from storage, its manifest first (so that no reader trusts
    what is left while the rest goes); False when there was nothing to remove."""
    manifest_key = edition_key(slug)
    keys = [info.key for info in storage.iter_objects(f"{slug}/")]
    if not keys:
        return False
    if manifest_key in keys:
        storage.delete([manifest_key])
    storage.delete([key for key in keys if key != manifest_key])
    return True


def read_manifest(storage: Storage, slug: str) -> Manifest | None:
    """The edition's manifest; None when it has none (an incomplete or absent edition)."""
    key = edition_key(slug)
    data = storage.get_bytes(key)
    if data is None:
        return None
    return manifest_from_json(data.decode("utf-8"), source=storage.object_url(key))


def read_edition_manifests(storage: Storage) -> Iterator[tuple[str, Manifest | InputError]]:
    """``(object URL, manifest or the error reading it)`` for every edition in storage."""
    for info in storage.iter_objects():
        parts = info.key.split("/")
        if len(parts) != 2 or parts[1] != MANIFEST_NAME or parts[0].startswith("."):
            continue
        url = storage.object_url(info.key)
        data = storage.get_bytes(info.key)
        if data is None:
            continue
        try:
            yield url, manifest_from_json(data.decode("utf-8"), source=url)
        except (InputError, UnicodeDecodeError, json.JSONDecodeError) as e:
            error = e if isinstance(e, InputError) else InputError(url, f"unreadable ({e})")
            yield url, error
