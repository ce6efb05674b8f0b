"""Alembic migrations of the catalog, shipped inside the package.

Revision ids are four-digit sequence numbers equal to their file's prefix
(``versions/0002_job_limits.py`` has ``revision = "0002"``); the newest file
is the head, which lets ``reader.catalog.lite`` (``HEAD_REVISION``) check a
catalog's revision without importing Alembic or SQLAlchemy. Add a migration by
copying the newest file.
"""
