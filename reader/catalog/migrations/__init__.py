"""Alembic migrations of the catalog, shipped inside the package.

Revision ids are four-digit sequence numbers equal to their file's prefix
(``versions/0002_job_limits.py`` has ``revision = "0002"``); the newest file
is the head, which lets ``reader.catalog.engine`` check a catalog's revision
without importing Alembic. Add a migration by copying the newest file.
"""
