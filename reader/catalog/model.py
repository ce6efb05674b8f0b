"""What the catalog stores besides manifests: publisher jobs and sync reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from reader.edition.manifest import Manifest

__all__ = ["Job", "JobStatus", "SyncReport", "published_at"]

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
