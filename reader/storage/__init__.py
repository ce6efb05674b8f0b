"""Where editions and the shared speech cache live: a local folder or an S3 bucket.

``open_storage(settings)`` picks the backend from ``storage_url`` (``s3://…``
or a folder; ``out_dir`` by default). ``upload_edition`` copies a finished
edition into storage atomically per edition: its files first, the manifest
last, so a reader that trusts only editions with a manifest never sees half
of one.

The backends load eagerly (boto3 only when an S3 storage is opened);
``record_edition`` and ``is_out_dir``, which need the catalog, on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from reader.storage.base import ObjectInfo, Storage, check_key
from reader.storage.editions import (
    delete_stored_edition,
    edition_key,
    file_key,
    read_edition_manifests,
    read_manifest,
    upload_edition,
)
from reader.storage.local import LocalStorage
from reader.storage.open import (
    StorageConfig,
    cache_storage_for,
    open_storage,
    storage_config,
    storage_from_url,
)

if TYPE_CHECKING:
    from reader.storage.record import is_out_dir, record_edition

__all__ = [
    "LocalStorage",
    "ObjectInfo",
    "Storage",
    "StorageConfig",
    "cache_storage_for",
    "check_key",
    "delete_stored_edition",
    "edition_key",
    "file_key",
    "is_out_dir",
    "open_storage",
    "read_edition_manifests",
    "read_manifest",
    "record_edition",
    "storage_config",
    "storage_from_url",
    "upload_edition",
]


def __getattr__(name: str) -> Any:
    if name in ("is_out_dir", "record_edition"):
        return getattr(import_module("reader.storage.record"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
