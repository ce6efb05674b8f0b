"""The SQLite catalog: episodes, the GUID each slug was first published with, jobs.

One file (``<out_dir>/reader.db`` by default), WAL mode so the server reads
while ``reader narrate`` or the worker writes. Every change to ``episodes``
bumps ``meta.version`` (triggers), which is what the server compares to
decide whether its cached feed is still current.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import uuid
from pathlib import Path
from typing import Any

from reader.catalog.model import Job, JobStatus, published_at
from reader.edition.manifest import Manifest, manifest_from_json, manifest_to_json
from reader.errors import ConfigError

__all__ = ["Catalog"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('version', 0);
CREATE TABLE IF NOT EXISTS guids (
    slug TEXT PRIMARY KEY,
    guid TEXT NOT NULL,
    first_published_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS episodes (
    slug TEXT PRIMARY KEY,
    guid TEXT NOT NULL,
    title TEXT NOT NULL,
    author TEXT,
    pub_date TEXT NOT NULL,
    description TEXT,
    duration_ms INTEGER NOT NULL,
    episode_bytes INTEGER NOT NULL,
    files_json TEXT NOT NULL,
    chapters_json TEXT NOT NULL,
    manifest_path TEXT NOT NULL,
    manifest_json TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS episodes_by_date ON episodes (pub_date DESC, slug);
CREATE TRIGGER IF NOT EXISTS episodes_ins AFTER INSERT ON episodes
    BEGIN UPDATE meta SET value = value + 1 WHERE key = 'version'; END;
CREATE TRIGGER IF NOT EXISTS episodes_upd AFTER UPDATE ON episodes
    BEGIN UPDATE meta SET value = value + 1 WHERE key = 'version'; END;
CREATE TRIGGER IF NOT EXISTS episodes_del AFTER DELETE ON episodes
    BEGIN UPDATE meta SET value = value + 1 WHERE key = 'version'; END;
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    request_json TEXT NOT NULL,
    error TEXT,
    result_slug TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, created_at);
"""


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Catalog:
    """A handle on the catalog file; safe to share between threads.

    Each thread gets its own connection; writes are single statements or
    short transactions, so concurrent writers only wait (``busy_timeout``).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection().executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as e:
            raise ConfigError(
                f"{self.path}: cannot open the catalog database ({e}); "
                "check the path and its permissions, or set [server] database"
            ) from e

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # Episodes ---------------------------------------------------------------

    def version(self) -> int:
        """A counter that changes whenever any episode is added, changed or removed."""
        row = self._connection().execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        return int(row[0])

    def upsert(self, manifest: Manifest, manifest_path: Path) -> Manifest:
        """Add or update the episode; return the manifest with its published GUID.

        The first GUID ever stored for a slug is kept for good, even if a later
        manifest (or a re-narration after a delete) carries another one.
        """
        conn = self._connection()
        with _transaction(conn):
            conn.execute(
                "INSERT OR IGNORE INTO guids (slug, guid, first_published_at) VALUES (?, ?, ?)",
                (manifest.slug, manifest.guid, _now()),
            )
            guid = conn.execute(
                "SELECT guid FROM guids WHERE slug = ?", (manifest.slug,)
            ).fetchone()[0]
            manifest = manifest.with_guid(guid)
            text = manifest_to_json(manifest)
            path = str(manifest_path.resolve())
            row = conn.execute(
                "SELECT manifest_json, manifest_path FROM episodes WHERE slug = ?",
                (manifest.slug,),
            ).fetchone()
            if row is not None and row[0] == text and row[1] == path:
                return manifest
            meta = manifest.metadata
            conn.execute(
                "INSERT OR REPLACE INTO episodes (slug, guid, title, author, pub_date, "
                "description, duration_ms, episode_bytes, files_json, chapters_json, "
                "manifest_path, manifest_json, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    manifest.slug,
                    guid,
                    meta.title,
                    meta.author,
                    published_at(manifest).isoformat(),
                    meta.description,
                    manifest.duration_ms,
                    manifest.episode.bytes,
                    json.dumps([f.to_dict() for f in manifest.all_files()]),
                    json.dumps([c.to_dict() for c in manifest.chapters]),
                    path,
                    text,
                    _now(),
                ),
            )
        return manifest

    def remove(self, slug: str) -> bool:
        """Take the episode out of the catalog (its GUID stays reserved for the slug)."""
        cur = self._connection().execute("DELETE FROM episodes WHERE slug = ?", (slug,))
        return cur.rowcount > 0

    def manifest(self, slug: str) -> Manifest | None:
        row = (
            self._connection()
            .execute("SELECT manifest_json, manifest_path FROM episodes WHERE slug = ?", (slug,))
            .fetchone()
        )
        return None if row is None else manifest_from_json(row[0], source=row[1])

    def manifests(self) -> list[Manifest]:
        """Every episode, newest publication first."""
        rows = (
            self._connection()
            .execute(
                "SELECT manifest_json, manifest_path FROM episodes ORDER BY pub_date DESC, slug"
            )
            .fetchall()
        )
        return [manifest_from_json(r[0], source=r[1]) for r in rows]

    def manifest_paths(self) -> dict[str, Path]:
        rows = self._connection().execute("SELECT slug, manifest_path FROM episodes").fetchall()
        return {r[0]: Path(r[1]) for r in rows}

    # Jobs -------------------------------------------------------------------

    def add_job(self, request: dict[str, Any]) -> Job:
        job_id = uuid.uuid4().hex
        self._connection().execute(
            "INSERT INTO jobs (id, status, request_json, created_at) VALUES (?, 'queued', ?, ?)",
            (job_id, json.dumps(request), _now()),
        )
        job = self.job(job_id)
        assert job is not None
        return job

    def job(self, job_id: str) -> Job | None:
        row = self._connection().execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return None if row is None else _job(row)

    def jobs(self, status: JobStatus | None = None) -> list[Job]:
        sql, args = "SELECT * FROM jobs", []
        if status is not None:
            sql, args = sql + " WHERE status = ?", [status]
        rows = self._connection().execute(sql + " ORDER BY created_at", args).fetchall()
        return [_job(r) for r in rows]

    def claim_job(self) -> Job | None:
        """Mark the oldest queued job running and return it; None when there is none."""
        conn = self._connection()
        with _transaction(conn):
            row = conn.execute(
                "SELECT id FROM jobs WHERE status = 'queued' ORDER BY created_at LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            conn.execute(
                "UPDATE jobs SET status = 'running', started_at = ?, attempts = attempts + 1 "
                "WHERE id = ?",
                (_now(), row[0]),
            )
        return self.job(row[0])

    def finish_job(self, job_id: str, *, slug: str) -> None:
        self._connection().execute(
            "UPDATE jobs SET status = 'done', result_slug = ?, error = NULL, finished_at = ? "
            "WHERE id = ?",
            (slug, _now(), job_id),
        )

    def fail_job(self, job_id: str, *, error: str) -> None:
        self._connection().execute(
            "UPDATE jobs SET status = 'failed', error = ?, finished_at = ? WHERE id = ?",
            (error, _now(), job_id),
        )

    def requeue_running(self) -> list[str]:
        """Put jobs a stopped server left running back in the queue; return their ids."""
        conn = self._connection()
        with _transaction(conn):
            ids = [r[0] for r in conn.execute("SELECT id FROM jobs WHERE status = 'running'")]
            conn.execute("UPDATE jobs SET status = 'queued' WHERE status = 'running'")
        return ids


class _transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (or ``ROLLBACK``) on an autocommit connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        self.conn.execute("COMMIT" if kind is None else "ROLLBACK")


def _job(row: sqlite3.Row) -> Job:
    return Job(
        id=row["id"],
        status=row["status"],
        request=json.loads(row["request_json"]),
        error=row["error"],
        slug=row["result_slug"],
        attempts=row["attempts"],
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
    )
