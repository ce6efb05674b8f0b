"""The episode catalog (SQLite or PostgreSQL), fed by ``reader narrate`` and by the
editions on disk.

The data model loads eagerly; the database code (SQLAlchemy) loads on first
use, so commands that never open the catalog start fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from reader.catalog.model import Job, JobStatus, SyncReport, published_at

if TYPE_CHECKING:
    from reader.catalog.store import Catalog
    from reader.catalog.sync import (
        default_catalog_path,
        delete_edition,
        sync_catalog,
        upsert_episode,
    )

__all__ = [
    "Catalog",
    "Job",
    "JobStatus",
    "SyncReport",
    "default_catalog_path",
    "delete_edition",
    "published_at",
    "sync_catalog",
    "upsert_episode",
]

_LAZY = {
    "Catalog": "reader.catalog.store",
    "default_catalog_path": "reader.catalog.sync",
    "delete_edition": "reader.catalog.sync",
    "sync_catalog": "reader.catalog.sync",
    "upsert_episode": "reader.catalog.sync",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
