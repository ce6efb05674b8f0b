"""The catalog's one write that ``reader narrate`` needs, without SQLAlchemy.

``reader narrate`` records each edition it finishes in the catalog. Opening a
``Catalog`` loads SQLAlchemy: about half a CPU-second, on a background thread
that holds the GIL while the article is being spoken, to write one row. In
the common case (the embedded default: a SQLite file already migrated to
the newest revision) this module does that write with the standard
library's ``sqlite3`` instead:

- ``sqlite_episode_is_current`` asks, read-only, whether the catalog's row
  already holds an unchanged edition's manifest, so nothing needs writing;
- ``sqlite_catalog_revision`` asks, read-only, at which revision a catalog
  file is, so the caller knows whether ``upsert_sqlite_episode`` will serve;
- ``upsert_sqlite_episode`` does exactly what ``Catalog.upsert`` does, in one
  ``BEGIN IMMEDIATE`` transaction with the engine's connection settings,
  writing the row ``reader.catalog.model.episode_row`` gives both.

A catalog this module does not know (not a database, no ``alembic_version``,
another revision) gets None or False, and the caller opens the ``Catalog``,
which migrates or refuses it with a message. One that does not exist yet is
made by ``upsert_sqlite_episode(create=True)`` in the transaction of its first
row, from the schema the migrations end at (``reader.catalog.head_schema``).
Once the write lock is asked for, a failure is a failure to write (a lock held
past the timeout, a read-only file, a full disk) that the ``Catalog`` would meet
too, after loading SQLAlchemy and waiting for the lock a second time: it is
raised as ConfigError, so ``reader narrate`` reports the article as failed.

``HEAD_REVISION`` and the SQLite connection settings live here, where
``reader.catalog.engine`` imports them, so that both paths share them.
"""

from __future__ import annotations

import importlib.resources
import sqlite3
from contextlib import closing
from pathlib import Path

from reader.catalog import head_schema
from reader.catalog.model import cannot_record, episode_row, now_stamp
from reader.edition.manifest import Manifest

__all__ = [
    "HEAD_REVISION",
    "SQLITE_TIMEOUT_S",
    "configure_sqlite_connection",
    "makes_new_catalogs",
    "sqlite_catalog_revision",
    "sqlite_episode_is_current",
    "upsert_sqlite_episode",
]


def _head_revision() -> str:
    versions = importlib.resources.files("reader.catalog.migrations") / "versions"
    names = [p.name[:4] for p in versions.iterdir() if p.name[:4].isdigit()]
    return max(names)


HEAD_REVISION = _head_revision()
"""The newest migration: what this version of reader reads and writes."""

SQLITE_TIMEOUT_S = 30
"""How long a SQLite writer waits for another's write lock before it fails."""


def configure_sqlite_connection(
    conn: sqlite3.Connection, *, timeout_s: float = SQLITE_TIMEOUT_S
) -> None:
    """Set up a connection to a SQLite catalog: WAL, so the server reads while a
    writer writes; ``synchronous=NORMAL``, durable enough in WAL mode; and a busy
    timeout, so a writer waits for the lock instead of failing."""
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")


def _read_revision(conn: sqlite3.Connection) -> str | None:
    """The catalog's migration revision; None before any migration ran."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if has_table is None:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def _connect_read_only(database: Path) -> sqlite3.Connection:
    uri = f"{database.resolve().as_uri()}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=5)


def makes_new_catalogs() -> bool:
    """Whether ``upsert_sqlite_episode(create=True)`` makes a catalog that does not
    exist yet: only while the head schema is the newest migration's."""
    return head_schema.REVISION == HEAD_REVISION


def sqlite_catalog_revision(database: Path) -> str | None:
    """The migration revision of the SQLite catalog ``database``, read without
    changing it; None when there is no such file or it is not a catalog."""
    if not database.is_file():
        return None
    try:
        with closing(_connect_read_only(database)) as conn:
            return _read_revision(conn)
    except sqlite3.Error:
        return None


def sqlite_episode_is_current(
    database: Path, *, slug: str, manifest_json: str, manifest_path: str
) -> bool:
    """Whether the SQLite catalog ``database`` holds the episode ``slug`` with exactly
    this manifest, read from ``manifest_path``: what ``Catalog.upsert`` would leave
    untouched."""
    if not database.is_file():
        return False
    try:
        with closing(_connect_read_only(database)) as conn:
            row = conn.execute(
                "SELECT manifest_json, manifest_path FROM episodes WHERE slug = ?", (slug,)
            ).fetchone()
    except sqlite3.Error:
        return False
    return row is not None and tuple(row) == (manifest_json, manifest_path)


def upsert_sqlite_episode(
    database: Path,
    manifest: Manifest,
    manifest_path: Path | str,
    *,
    timeout_s: float = SQLITE_TIMEOUT_S,
    create: bool = False,
) -> Manifest | None:
    """``Catalog(database).upsert(manifest, manifest_path)`` through ``sqlite3``: the
    manifest with its published GUID, or None when ``database`` is not a SQLite
    catalog at ``HEAD_REVISION`` (nothing is written then; open the ``Catalog``).

    With ``create``, a catalog that does not exist yet (no file, or a database
    with no tables) is first made in the same transaction from the schema the
    migrations end at (``reader.catalog.head_schema``), when that is the newest.

    Raises ConfigError when the catalog cannot be written: its write lock is
    held longer than ``timeout_s``, or the file is read-only, or the disk full.
    """
    creating = create and makes_new_catalogs()
    if not database.is_file():
        if not creating:
            return None
        try:
            database.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None  # the Catalog says why it cannot be made
    try:
        conn = sqlite3.connect(database, timeout=timeout_s, isolation_level=None)
    except sqlite3.Error:
        return None
    with closing(conn):  # closing rolls back a transaction left open
        try:
            configure_sqlite_connection(conn, timeout_s=timeout_s)
        except sqlite3.Error:
            return None  # not a database: the Catalog explains what is wrong
        try:
            conn.execute("BEGIN IMMEDIATE")
            revision = _read_revision(conn)
            if revision is None and creating and _has_no_tables(conn):
                for statement in head_schema.STATEMENTS:
                    conn.execute(statement)
                revision = head_schema.REVISION
            if revision != HEAD_REVISION:
                return None
            stored = _upsert(conn, manifest, manifest_path)
            conn.execute("COMMIT")
        except sqlite3.Error as e:
            raise cannot_record(database, manifest.slug, str(e)) from e
    return stored


def _has_no_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is None


def _upsert(conn: sqlite3.Connection, manifest: Manifest, manifest_path: Path | str) -> Manifest:
    """``Catalog.upsert``'s steps, in the caller's write transaction."""
    conn.execute(
        "INSERT INTO guids (slug, guid, first_published_at) VALUES (?, ?, ?) "
        "ON CONFLICT (slug) DO NOTHING",
        (manifest.slug, manifest.guid, now_stamp()),
    )
    (guid,) = conn.execute("SELECT guid FROM guids WHERE slug = ?", (manifest.slug,)).fetchone()
    manifest = manifest.with_guid(guid)
    values = episode_row(manifest, manifest_path, updated_at=now_stamp())
    row = conn.execute(
        "SELECT manifest_json, manifest_path FROM episodes WHERE slug = ?", (manifest.slug,)
    ).fetchone()
    if row is not None and tuple(row) == (values["manifest_json"], values["manifest_path"]):
        return manifest
    columns = ", ".join(values)
    names = ", ".join(f":{c}" for c in values)
    updates = ", ".join(f"{c} = excluded.{c}" for c in values)
    conn.execute(
        f"INSERT INTO episodes (slug, {columns}) VALUES (:slug, {names}) "
        f"ON CONFLICT (slug) DO UPDATE SET {updates}",
        {"slug": manifest.slug, **values},
    )
    conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")
    return manifest
