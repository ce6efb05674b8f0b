"""Put a finished edition in place without ever showing a partial one.

The edition is written into a staging directory beside its final place.
Publishing renames the current edition aside, renames the staging directory
into place, then deletes the old one. If the process dies between the two
renames, ``recover_edition`` (run before every read) puts the old one back.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from reader.edition.manifest import MANIFEST_NAME, Manifest, manifest_from_json, manifest_to_json
from reader.errors import InputError

__all__ = ["publish_edition", "read_existing_manifest", "recover_edition", "write_manifest"]

_ASIDE = ".old-"


def _aside_dirs(edition_dir: Path) -> list[Path]:
    return sorted(edition_dir.parent.glob(f"{_ASIDE}{edition_dir.name}-*"))


def recover_edition(edition_dir: Path) -> None:
    """Undo a publish interrupted between its two renames; drop stale copies."""
    aside = _aside_dirs(edition_dir)
    if not edition_dir.exists() and aside:
        os.replace(aside.pop(), edition_dir)
    for stale in aside:
        shutil.rmtree(stale, ignore_errors=True)


def publish_edition(staging: Path, edition_dir: Path) -> None:
    """Atomically replace ``edition_dir`` with the complete ``staging`` directory."""
    recover_edition(edition_dir)
    if edition_dir.exists():
        aside = edition_dir.with_name(f"{_ASIDE}{edition_dir.name}-{uuid.uuid4().hex[:8]}")
        os.replace(edition_dir, aside)
        os.replace(staging, edition_dir)
        shutil.rmtree(aside, ignore_errors=True)
    else:
        os.replace(staging, edition_dir)


def read_existing_manifest(edition_dir: Path) -> Manifest | None:
    """The manifest of a complete edition already in place, if every file is intact."""
    recover_edition(edition_dir)
    path = edition_dir / MANIFEST_NAME
    try:
        manifest = manifest_from_json(path.read_text(encoding="utf-8"), source=str(path))
    except (OSError, InputError):
        return None
    for entry in manifest.all_files():
        file = edition_dir / entry.path
        if not file.is_file() or file.stat().st_size != entry.bytes:
            return None
    return manifest


def write_manifest(manifest: Manifest, edition_dir: Path) -> None:
    """Rewrite a published edition's manifest in place, atomically."""
    temporary = edition_dir / f".{MANIFEST_NAME}.{uuid.uuid4().hex[:8]}"
    temporary.write_text(manifest_to_json(manifest), encoding="utf-8")
    os.replace(temporary, edition_dir / MANIFEST_NAME)
