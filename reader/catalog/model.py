"""What the catalog stores: an episode's row, publisher jobs, sync reports.

No SQLAlchemy here: ``episode_row`` is shared by ``Catalog.upsert`` and the
``sqlite3`` fast path of ``reader narrate`` (``reader.catalog.lite``), which
must write the same row without loading the database library.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from reader.edition.manifest import Manifest, manifest_to_json
from reader.errors import ConfigError

__all__ = [
    "TIME_FORMAT",
    "Job",
    "cannot_record",
    "JobStatus",
    "SyncReport",
    "episode_row",
    "now_stamp",
    "published_at",
]

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
"""How the catalog writes a moment (UTC) as text: first publication, updates, jobs."""

JobStatus = Literal["queued", "running", "done", "failed"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    id: str
    status: JobStatus
    request: dict[str, Any]
    """The API request as accepted: ``text``/``format`` or ``url``, and ``voice``.
    Once the job has ended the text is dropped; ``text_chars`` keeps its length."""
    error: str | None = None
    slug: str | None = None
    """The episode the job produced, once done."""
    attempts: int = 0
    """How many times a worker started it (a restart runs an interrupted job again)."""
    created_at: str
    started_at: str | None = None
    finished_at: str | None = None
    notices: tuple[str, ...] = ()
    """One line each, for the publisher, about how a done job's article was read: the
    voice fell back to another profile for its language (``NarrateResult.notices``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncReport:
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    """One message per manifest that could not be read; those editions are left alone."""


def published_at(manifest: Manifest) -> dt.datetime:
    """The episode's publication time: the article's date (at noon UTC, so that it
    shows as the same day in every time zone), else when it was narrated."""
    if manifest.metadata.date is not None:
        return dt.datetime.combine(manifest.metadata.date, dt.time(12, 0), tzinfo=dt.UTC)
    try:
        when = dt.datetime.fromisoformat(manifest.narrated_at.replace("Z", "+00:00"))
    except ValueError:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def now_stamp() -> str:
    """The clock's time now, as the catalog writes it (``TIME_FORMAT``)."""
    return dt.datetime.now(dt.UTC).strftime(TIME_FORMAT)


def cannot_record(location: object, slug: str, reason: str) -> ConfigError:
    """The error of an episode's row the catalog's database refused (locked, read-only,
    full), which fails that article and names the catalog and the cause."""
    return ConfigError(
        f"{location}: cannot record {slug} in the catalog ({reason}); check that the "
        "catalog can be written and has room, and that no process holds it locked"
    )


def episode_row(
    manifest: Manifest, manifest_path: Path | str, *, updated_at: str
) -> dict[str, Any]:
    """The ``episodes`` row of ``manifest`` (which carries its published GUID): every
    column but ``slug``. ``Catalog.upsert`` and ``reader.catalog.lite`` both write
    it, so the two writers cannot drift apart.

    ``manifest_path`` is a local path (stored resolved) or a storage URL (stored as
    it is). An upsert whose ``manifest_json`` and ``manifest_path`` equal the stored
    row's changes nothing.
    """
    meta = manifest.metadata
    return {
        "guid": manifest.guid,
        "title": meta.title,
        "author": meta.author,
        "pub_date": published_at(manifest).isoformat(),
        "description": meta.description,
        "duration_ms": manifest.duration_ms,
        "episode_bytes": manifest.episode.bytes,
        "files_json": json.dumps([f.to_dict() for f in manifest.all_files()]),
        "chapters_json": json.dumps([c.to_dict() for c in manifest.chapters]),
        "manifest_path": (
            str(manifest_path.resolve()) if isinstance(manifest_path, Path) else manifest_path
        ),
        "manifest_json": manifest_to_json(manifest),
        "updated_at": updated_at,
    }
