"""Alembic environment: runs on the connection ``reader.catalog.engine`` hands over."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from reader.catalog.schema import metadata

_LOCK_ID = 0x72656164  # "read": one upgrade at a time on a shared PostgreSQL catalog

connection: sa.Connection = context.config.attributes["connection"]
# One transaction for the whole upgrade on SQLite too (Alembic commits each
# migration there by default): it starts with BEGIN IMMEDIATE (reader.catalog.engine),
# so a second process upgrading a fresh catalog at once waits, then finds it done,
# instead of reading a revision the first is about to move past.
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
    context.run_migrations()
