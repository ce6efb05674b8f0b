"""Jobs keep the notices of their narration (the voice fell back to another profile).

``jobs.notices_json``: the JSON list of a done job's one-line notices (``[]`` when
there were none); NULL for jobs not done, or done before the column existed.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("jobs")}
    if "notices_json" not in columns:
        op.add_column("jobs", sa.Column("notices_json", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("notices_json")
