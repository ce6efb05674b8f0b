"""The catalog as reader 0.1 created it: meta, guids, episodes, jobs.

Catalogs written before migrations existed already hold these tables: each
is created only where missing, and the old SQLite triggers that bumped
``meta.version`` are dropped (the catalog now bumps it itself).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    existing = set(sa.inspect(bind).get_table_names())
    if "meta" not in existing:
        op.create_table(
            "meta",
            sa.Column("key", sa.Text, primary_key=True),
            sa.Column("value", sa.BigInteger, nullable=False),
        )
    if bind.execute(sa.text("SELECT count(*) FROM meta WHERE key = 'version'")).scalar() == 0:
        bind.execute(sa.text("INSERT INTO meta (key, value) VALUES ('version', 0)"))
    if "guids" not in existing:
        op.create_table(
            "guids",
            sa.Column("slug", sa.Text, primary_key=True),
            sa.Column("guid", sa.Text, nullable=False),
            sa.Column("first_published_at", sa.Text, nullable=False),
        )
    if "episodes" not in existing:
        op.create_table(
            "episodes",
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
        )
        op.create_index("episodes_by_date", "episodes", [sa.text("pub_date DESC"), "slug"])
    if "jobs" not in existing:
        op.create_table(
            "jobs",
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("status", sa.Text, nullable=False),
            sa.Column("request_json", sa.Text, nullable=False),
            sa.Column("error", sa.Text),
            sa.Column("result_slug", sa.Text),
            sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("started_at", sa.Text),
            sa.Column("finished_at", sa.Text),
            sa.CheckConstraint(
                "status IN ('queued', 'running', 'done', 'failed')", name="jobs_status_check"
            ),
        )
        op.create_index("jobs_by_status", "jobs", ["status", "created_at"])
    if bind.dialect.name == "sqlite":
        for trigger in ("episodes_ins", "episodes_upd", "episodes_del"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")


def downgrade() -> None:
    for table in ("jobs", "episodes", "guids", "meta"):
        op.drop_table(table)
