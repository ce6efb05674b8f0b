"""A new SQLite catalog, made in one transaction as the migrations would leave it.

The first ``reader narrate`` on a new site used to create its catalog by running
the Alembic migrations in a child process (``reader db upgrade``): a Python
start, SQLAlchemy's and Alembic's imports, then every migration, about half a
CPU-second taken from the speaking and the encoders on two cores. As
Rails loads ``schema.rb`` rather than replaying every migration, a new SQLite
catalog is instead made from the schema the migrations end at: the tables and
indexes as SQLite stores them after ``reader db upgrade``, the row
``0001`` inserts into ``meta``, and ``alembic_version`` at ``REVISION``, so the
Catalog, Alembic and ``reader db`` later find it migrated.

``tests/catalog/test_lite.py`` makes one catalog each way and compares them
(schema and rows); a new migration must bring this file along. Until it does,
``REVISION`` differs from the newest migration and new catalogs are migrated
as before.
"""

from __future__ import annotations

__all__ = ["REVISION", "STATEMENTS"]

REVISION = "0002"
"""The migration this schema is the result of."""

STATEMENTS = (
    """CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
)""",
    """CREATE TABLE meta (
    "key" TEXT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY ("key")
)""",
    """CREATE TABLE guids (
    slug TEXT NOT NULL,
    guid TEXT NOT NULL,
    first_published_at TEXT NOT NULL,
    PRIMARY KEY (slug)
)""",
    """CREATE TABLE episodes (
    slug TEXT NOT NULL,
    guid TEXT NOT NULL,
    title TEXT NOT NULL,
    author TEXT,
    pub_date TEXT NOT NULL,
    description TEXT,
    duration_ms BIGINT NOT NULL,
    episode_bytes BIGINT NOT NULL,
    files_json TEXT NOT NULL,
    chapters_json TEXT NOT NULL,
    manifest_path TEXT NOT NULL,
    manifest_json TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (slug)
)""",
    "CREATE INDEX episodes_by_date ON episodes (pub_date DESC, slug)",
    """CREATE TABLE jobs (
    id TEXT NOT NULL,
    status TEXT NOT NULL,
    request_json TEXT NOT NULL,
    error TEXT,
    result_slug TEXT,
    attempts INTEGER DEFAULT '0' NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT, notices_json TEXT,
    PRIMARY KEY (id),
    CONSTRAINT jobs_status_check CHECK (status IN ('queued', 'running', 'done', 'failed'))
)""",
    "CREATE INDEX jobs_by_status ON jobs (status, created_at)",
    """INSERT INTO meta ("key", value) VALUES ('version', 0)""",
    f"INSERT INTO alembic_version (version_num) VALUES ('{REVISION}')",
)
"""The schema's statements, in the order the migrations create it: each ``CREATE`` is
the one SQLite keeps in ``sqlite_master`` after the migrations, but for spacing."""
