"""Is an episode already in a SQLite catalog as it stands? Asked without SQLAlchemy.

Re-narrating an unchanged article publishes nothing new, but ``reader
narrate`` still makes sure the catalog lists its edition. Opening a
``Catalog`` loads SQLAlchemy, which costs more than everything else that
re-narration does; this module answers the common case, where the catalog's
row already holds exactly that manifest, with the standard library's
``sqlite3``, read-only. Any other answer (no file, no row, another manifest,
a schema it does not know) is False, and the caller opens the catalog as
usual.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

__all__ = ["sqlite_episode_is_current"]


def sqlite_episode_is_current(
    database: Path, *, slug: str, manifest_json: str, manifest_path: str
) -> bool:
    """Whether the SQLite catalog ``database`` holds the episode ``slug`` with exactly
    this manifest, read from ``manifest_path``: what ``Catalog.upsert`` would leave
    untouched."""
    if not database.is_file():
        return False
    try:
        uri = f"{database.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=5)) as conn:
            row = conn.execute(
                "SELECT manifest_json, manifest_path FROM episodes WHERE slug = ?", (slug,)
            ).fetchone()
    except sqlite3.Error:
        return False
    return row is not None and tuple(row) == (manifest_json, manifest_path)
