"""The catalog: episodes, the GUID each slug was first published with, jobs.

A SQLite file (``<out_dir>/reader.db`` by default) or a PostgreSQL database
shared by many workers, through one SQLAlchemy Core code path. Each episode
is one row keyed by its slug: any number of processes may publish at once
and none loses or duplicates an episode; the first GUID stored for a slug
is kept for good. Every change to ``episodes`` bumps ``meta.version``, which
the server compares to decide whether its cached feed is still current.

``reader narrate`` records an episode in a local SQLite catalog at the newest
revision without this module (``reader.catalog.lite``, which spares it
SQLAlchemy's import): ``upsert`` and that module's ``upsert_sqlite_episode``
write the same row (``episode_row``) in the same steps, so a change to one
is a change to the other; ``tests/catalog/test_lite.py`` compares them.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from reader.catalog.engine import (
    HEAD_REVISION,
    catalog_revision,
    catalog_url,
    create_catalog_engine,
    describe_catalog,
    upgrade_catalog,
)
from reader.catalog.model import (
    TIME_FORMAT,
    Job,
    JobStatus,
    cannot_record,
    episode_row,
    now_stamp,
)
from reader.catalog.schema import episodes, guids, jobs, meta
from reader.edition.manifest import Manifest, manifest_from_json
from reader.errors import ConfigError

__all__ = ["Catalog"]


def _ended_request(conn: sa.Connection, job_id: str) -> str:
    """The job's request without the article text, which a finished job no longer
    needs: its length stays, as ``text_chars``."""
    raw = conn.execute(sa.select(jobs.c.request_json).where(jobs.c.id == job_id)).scalar()
    request = json.loads(raw) if raw else {}
    text = request.pop("text", None)
    if isinstance(text, str):
        request["text_chars"] = len(text)
    return json.dumps(request)


class Catalog:
    """A handle on the catalog; safe to share between threads.

    ``location`` is a SQLite file path or a URL (``sqlite:///…``,
    ``postgresql://user@host/db``). Opening it migrates it to the newest
    revision when needed (``reader db upgrade`` does the same explicitly), so
    a catalog written by an older reader keeps working. Open one Catalog per
    process: a forked child must open its own.
    """

    def __init__(self, location: str | Path) -> None:
        self.url = catalog_url(location)
        self.location = describe_catalog(self.url)
        """The catalog's address for messages (no password)."""
        self.path = (
            Path(self.url.database) if self.dialect == "sqlite" and self.url.database else None
        )
        """The SQLite file; None for PostgreSQL."""
        try:
            self._engine = create_catalog_engine(self.url)
            revision = catalog_revision(self._engine)
            if revision != HEAD_REVISION:
                if revision is not None and revision > HEAD_REVISION:
                    raise ConfigError(
                        f"catalog {self.location} is at revision {revision}, newer than this "
                        f"reader knows ({HEAD_REVISION}); upgrade reader"
                    )
                upgrade_catalog(self._engine)
        except (OSError, sa.exc.SQLAlchemyError) as e:
            raise ConfigError(
                f"{self.location}: cannot open the catalog database ({_reason(e)}); "
                "check the path or URL and its permissions, or set [server] database"
            ) from e
        self._insert: Callable[[sa.Table], Any]  # the dialect's INSERT ... ON CONFLICT
        if self.dialect == "postgresql":  # each dialect's module loads when it is used
            from sqlalchemy.dialects import postgresql

            self._insert = postgresql.insert
        else:
            from sqlalchemy.dialects import sqlite

            self._insert = sqlite.insert

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.url.get_backend_name()

    def close(self) -> None:
        """Close the pooled connections (the handle reconnects if used again)."""
        self._engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with self._engine.connect() as conn:
            conn.execution_options(immediate=True)
            with conn.begin():
                yield conn

    def _read(self, statement: sa.Select[Any]) -> list[Any]:
        with self._engine.connect() as conn:
            return list(conn.execute(statement))

    # Episodes ---------------------------------------------------------------

    def version(self) -> int:
        """A counter that changes whenever any episode is added, changed or removed."""
        rows = self._read(sa.select(meta.c.value).where(meta.c.key == "version"))
        return int(rows[0][0])

    def upsert(self, manifest: Manifest, manifest_path: Path | str) -> Manifest:
        """Add or update the episode; return the manifest with its published GUID.

        ``manifest_path`` is where the edition's manifest lives: a local path, or
        a storage URL such as ``s3://bucket/prefix/slug/manifest.json``. The first
        GUID ever stored for a slug is kept for good, even if a later manifest
        (or a re-narration after a delete) carries another one. A write the
        database refuses (locked, read-only, full) raises ``ConfigError``, as the
        SQLite writer of ``reader.catalog.lite`` does.
        """
        try:
            return self._upsert(manifest, manifest_path)
        except sa.exc.OperationalError as e:
            raise cannot_record(self.location, manifest.slug, _reason(e)) from e

    def _upsert(self, manifest: Manifest, manifest_path: Path | str) -> Manifest:
        with self._write() as conn:
            conn.execute(
                self._insert(guids)
                .values(slug=manifest.slug, guid=manifest.guid, first_published_at=now_stamp())
                .on_conflict_do_nothing(index_elements=[guids.c.slug])
            )
            guid = conn.execute(
                sa.select(guids.c.guid).where(guids.c.slug == manifest.slug)
            ).scalar_one()
            manifest = manifest.with_guid(guid)
            values = episode_row(manifest, manifest_path, updated_at=now_stamp())
            row = conn.execute(
                sa.select(episodes.c.manifest_json, episodes.c.manifest_path).where(
                    episodes.c.slug == manifest.slug
                )
            ).first()
            if row is not None and tuple(row) == (values["manifest_json"], values["manifest_path"]):
                return manifest
            conn.execute(
                self._insert(episodes)
                .values(slug=manifest.slug, **values)
                .on_conflict_do_update(index_elements=[episodes.c.slug], set_=values)
            )
            _bump_version(conn)
        return manifest

    def remove(self, slug: str) -> bool:
        """Take the episode out of the catalog (its GUID stays reserved for the slug)."""
        with self._write() as conn:
            removed = conn.execute(sa.delete(episodes).where(episodes.c.slug == slug)).rowcount
            if removed:
                _bump_version(conn)
        return removed > 0

    def manifest(self, slug: str) -> Manifest | None:
        rows = self._read(
            sa.select(episodes.c.manifest_json, episodes.c.manifest_path).where(
                episodes.c.slug == slug
            )
        )
        return None if not rows else manifest_from_json(rows[0][0], source=rows[0][1])

    def manifests(self) -> list[Manifest]:
        """Every episode, newest publication first."""
        rows = self._read(
            sa.select(episodes.c.manifest_json, episodes.c.manifest_path).order_by(
                episodes.c.pub_date.desc(), episodes.c.slug
            )
        )
        return [manifest_from_json(r[0], source=r[1]) for r in rows]

    def stamps(self) -> list[tuple[str, str]]:
        """Each episode's slug and when its manifest last changed (``updated_at``),
        newest publication first: what a cache of parsed manifests is keyed by."""
        rows = self._read(
            sa.select(episodes.c.slug, episodes.c.updated_at).order_by(
                episodes.c.pub_date.desc(), episodes.c.slug
            )
        )
        return [(r[0], r[1]) for r in rows]

    def manifests_of(self, slugs: Collection[str]) -> dict[str, Manifest]:
        """The manifests of ``slugs`` (those still in the catalog), by slug."""
        rows = self._read(
            sa.select(episodes.c.slug, episodes.c.manifest_json, episodes.c.manifest_path).where(
                episodes.c.slug.in_(list(slugs))
            )
        )
        return {r[0]: manifest_from_json(r[1], source=r[2]) for r in rows}

    def manifest_paths(self) -> dict[str, Path]:
        """Each episode's manifest location as a local path (see ``locations``)."""
        return {slug: Path(where) for slug, where in self.locations().items()}

    def locations(self) -> dict[str, str]:
        """Each episode's manifest location as stored by ``upsert``: a local path or a
        storage URL (``s3://bucket/prefix/<slug>/manifest.json``)."""
        rows = self._read(sa.select(episodes.c.slug, episodes.c.manifest_path))
        return {r[0]: r[1] for r in rows}

    # Jobs -------------------------------------------------------------------

    def add_job(self, request: dict[str, Any]) -> Job:
        job_id = uuid.uuid4().hex
        with self._write() as conn:
            conn.execute(
                sa.insert(jobs).values(
                    id=job_id,
                    status="queued",
                    request_json=json.dumps(request),
                    created_at=now_stamp(),
                )
            )
        job = self.job(job_id)
        assert job is not None
        return job

    def job(self, job_id: str) -> Job | None:
        rows = self._read(sa.select(jobs).where(jobs.c.id == job_id))
        return None if not rows else _job(rows[0])

    def jobs(self, status: JobStatus | None = None) -> list[Job]:
        query = sa.select(jobs).order_by(jobs.c.created_at)
        if status is not None:
            query = query.where(jobs.c.status == status)
        return [_job(r) for r in self._read(query)]

    def claim_job(self) -> Job | None:
        """Mark the oldest queued job running and return it; None when there is none.

        Two workers never claim the same job (``FOR UPDATE SKIP LOCKED`` on
        PostgreSQL, the write lock on SQLite).
        """
        with self._write() as conn:
            job_id = conn.execute(
                sa.select(jobs.c.id)
                .where(jobs.c.status == "queued")
                .order_by(jobs.c.created_at)
                .limit(1)
                .with_for_update(skip_locked=True)
            ).scalar()
            if job_id is None:
                return None
            conn.execute(
                sa.update(jobs)
                .where(jobs.c.id == job_id)
                .values(status="running", started_at=now_stamp(), attempts=jobs.c.attempts + 1)
            )
        return self.job(job_id)

    def count_jobs(self, status: JobStatus) -> int:
        query = sa.select(sa.func.count()).select_from(jobs).where(jobs.c.status == status)
        return int(self._read(query)[0][0])

    def finish_job(self, job_id: str, *, slug: str, notices: Sequence[str] = ()) -> None:
        """Mark the job done with the episode it made and the notices of its narration."""
        with self._write() as conn:
            conn.execute(
                sa.update(jobs)
                .where(jobs.c.id == job_id)
                .values(
                    status="done",
                    result_slug=slug,
                    error=None,
                    finished_at=now_stamp(),
                    request_json=_ended_request(conn, job_id),
                    notices_json=json.dumps([str(n) for n in notices], ensure_ascii=False),
                )
            )

    def fail_job(self, job_id: str, *, error: str) -> None:
        with self._write() as conn:
            conn.execute(
                sa.update(jobs)
                .where(jobs.c.id == job_id)
                .values(
                    status="failed",
                    error=error,
                    finished_at=now_stamp(),
                    request_json=_ended_request(conn, job_id),
                )
            )

    def prune_jobs(self, *, older_than: dt.timedelta, keep: int) -> int:
        """Delete finished jobs (done or failed) that ended longer than ``older_than``
        ago, and any beyond the ``keep`` most recent; return how many went."""
        cutoff = (dt.datetime.now(dt.UTC) - older_than).strftime(TIME_FORMAT)
        finished = jobs.c.status.in_(("done", "failed"))
        recent = (
            sa.select(jobs.c.id)
            .where(finished)
            .order_by(jobs.c.finished_at.desc(), jobs.c.id)
            .limit(keep)
        )
        with self._write() as conn:
            result = conn.execute(
                sa.delete(jobs).where(
                    finished, sa.or_(jobs.c.finished_at < cutoff, jobs.c.id.not_in(recent))
                )
            )
        return int(result.rowcount or 0)

    def requeue_running(self) -> list[str]:
        """Put jobs a stopped server left running back in the queue; return their ids."""
        with self._write() as conn:
            ids = list(
                conn.execute(sa.select(jobs.c.id).where(jobs.c.status == "running")).scalars()
            )
            conn.execute(sa.update(jobs).where(jobs.c.status == "running").values(status="queued"))
        return ids


def _bump_version(conn: sa.Connection) -> None:
    conn.execute(sa.update(meta).where(meta.c.key == "version").values(value=meta.c.value + 1))


def _reason(error: Exception) -> str:
    if isinstance(error, sa.exc.DBAPIError) and error.orig is not None:
        return str(error.orig).strip().splitlines()[0]
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _job(row: sa.Row[Any]) -> Job:
    return Job(
        id=row.id,
        status=row.status,
        request=json.loads(row.request_json),
        error=row.error,
        slug=row.result_slug,
        attempts=row.attempts,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        notices=tuple(json.loads(row.notices_json)) if row.notices_json else (),
    )
