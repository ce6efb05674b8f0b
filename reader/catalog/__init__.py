"""The episode catalog: SQLite, fed by ``reader narrate`` and by the editions on disk."""

from reader.catalog.model import Job, JobStatus, SyncReport, published_at
from reader.catalog.store import Catalog
from reader.catalog.sync import default_catalog_path, delete_edition, sync_catalog, upsert_episode

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
