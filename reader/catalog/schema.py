"""The catalog's tables, as SQLAlchemy Core metadata (one definition for SQLite and PostgreSQL).

The migrations in ``reader/catalog/migrations/versions`` create and change
these tables; this module only describes the current shape for queries.
Every change to ``episodes`` bumps ``meta.version`` in the same transaction,
which is what the server compares to decide whether its cached feed is
still current.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["episodes", "guids", "jobs", "meta", "metadata"]

metadata = sa.MetaData()

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

guids = sa.Table(
    "guids",
    metadata,
    sa.Column("slug", sa.Text, primary_key=True),
    sa.Column("guid", sa.Text, nullable=False),
    sa.Column("first_published_at", sa.Text, nullable=False),
)

episodes = sa.Table(
    "episodes",
    metadata,
    sa.Column("slug", sa.Text, primary_key=True),
    sa.Column("guid", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("author", sa.Text),
    sa.Column("pub_date", sa.Text, nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("duration_ms", sa.BigInteger, nullable=False),
    sa.Column("episode_bytes", sa.BigInteger, nullable=False),
    sa.Column("files_json", sa.Text, nullable=False),
    sa.Column("chapters_json", sa.Text, nullable=False),
    sa.Column("manifest_path", sa.Text, nullable=False),
    sa.Column("manifest_json", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.Index("episodes_by_date", sa.text("pub_date DESC"), "slug"),
)

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("request_json", sa.Text, nullable=False),
    sa.Column("error", sa.Text),
    sa.Column("result_slug", sa.Text),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("started_at", sa.Text),
    sa.Column("finished_at", sa.Text),
    sa.Column("notices_json", sa.Text),
    sa.CheckConstraint(
        "status IN ('queued', 'running', 'done', 'failed')", name="jobs_status_check"
    ),
    sa.Index("jobs_by_status", "status", "created_at"),
)
