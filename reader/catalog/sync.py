"""Keep the catalog in step with the editions on disk (``<out_dir>/*/manifest.json``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.catalog.model import SyncReport
from reader.catalog.store import Catalog
from reader.edition.manifest import MANIFEST_NAME, Manifest, manifest_from_json
from reader.errors import InputError, SlugError

__all__ = ["default_catalog_path", "delete_edition", "sync_catalog", "upsert_episode"]


def default_catalog_path(out_dir: Path) -> Path:
    return out_dir / "reader.db"


def upsert_episode(manifest: Manifest, *, out_dir: Path, db_path: Path | None = None) -> Manifest:
    """Record a just-completed edition of ``out_dir`` in its catalog.

    ``reader narrate`` calls this after each edition; it returns the manifest
    with the GUID the episode was first published with.
    """
    catalog = Catalog(db_path or default_catalog_path(out_dir))
    try:
        return catalog.upsert(manifest, out_dir / manifest.slug / MANIFEST_NAME)
    finally:
        catalog.close()


def sync_catalog(
    out_dir: Path, *, db_path: Path | None = None, catalog: Catalog | None = None
) -> SyncReport:
    """Import or update every edition under ``out_dir``; drop episodes whose edition is gone.

    A manifest that cannot be read is reported in ``errors`` and its catalog
    entry (if any) is left as it was.
    """
    own = catalog is None
    cat = catalog or Catalog(db_path or default_catalog_path(out_dir))
    try:
        return _sync(out_dir, cat)
    finally:
        if own:
            cat.close()


def _sync(out_dir: Path, catalog: Catalog) -> SyncReport:
    known = catalog.manifest_paths()
    added: list[str] = []
    updated: list[str] = []
    errors: list[str] = []
    seen: set[str] = set()
    for path in sorted(out_dir.glob(f"*/{MANIFEST_NAME}")):
        slug_dir = path.parent.name
        if slug_dir.startswith("."):
            continue
        try:
            manifest = manifest_from_json(path.read_text(encoding="utf-8"), source=str(path))
        except (OSError, UnicodeDecodeError) as e:
            errors.append(f"{path}: cannot read the manifest ({e})")
            seen.add(slug_dir)
            continue
        except InputError as e:
            errors.append(str(e))
            seen.add(slug_dir)
            continue
        if manifest.slug != slug_dir:
            errors.append(
                f"{path}: manifest slug {manifest.slug!r} differs from its directory; "
                "narrate the article again or rename the directory"
            )
            continue
        seen.add(manifest.slug)
        before = catalog.version()
        catalog.upsert(manifest, path)
        if catalog.version() != before:
            (updated if manifest.slug in known else added).append(manifest.slug)
    removed = []
    for slug, path in known.items():
        if slug not in seen and not path.is_file():
            catalog.remove(slug)
            removed.append(slug)
    return SyncReport(
        added=tuple(added), updated=tuple(updated), removed=tuple(removed), errors=tuple(errors)
    )


def delete_edition(catalog: Catalog, out_dir: Path, slug: str) -> bool:
    """Take an episode out of the catalog and its edition directory off disk.

    Returns False when there was no such episode. Refuses (``SlugError``) any slug
    whose directory would not lie directly inside ``out_dir``.
    """
    root = out_dir.resolve()
    edition = (root / slug).resolve()
    if edition.parent != root or slug in ("", ".", ".."):
        raise SlugError(f"{slug!r} is not an edition directory inside {root}")
    existed = catalog.remove(slug)
    if edition.is_dir() and (edition / MANIFEST_NAME).is_file():
        shutil.rmtree(edition)
        existed = True
    return existed
