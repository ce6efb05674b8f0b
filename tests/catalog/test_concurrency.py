"""Many writers at once lose and duplicate no episode, and every GUID stays the first one.

Real processes and threads against real PostgreSQL and SQLite: each writer
publishes an overlapping set of slugs, each with its own GUID, in its own order.
"""

from __future__ import annotations

import multiprocessing
import random
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from feed.samples import sample_manifest

from reader.catalog import Catalog

SLUGS = [f"article-{n:02d}" for n in range(24)]


def _publish(location: str, writer: int) -> dict[str, str]:
    """Publish every slug (shuffled) with this writer's GUIDs; the GUIDs the catalog kept."""
    catalog = Catalog(location)
    order = list(SLUGS)
    random.Random(writer).shuffle(order)
    kept = {}
    try:
        for slug in order:
            manifest = sample_manifest(slug, guid=f"{slug}-writer-{writer}", title=f"T{writer}")
            kept[slug] = catalog.upsert(manifest, Path(f"/editions/{slug}/manifest.json")).guid
    finally:
        catalog.close()
    return kept


def _check(location: str, results: list[dict[str, str]]) -> None:
    catalog = Catalog(location)
    manifests = catalog.manifests()
    assert sorted(m.slug for m in manifests) == SLUGS
    for m in manifests:
        assert {r[m.slug] for r in results} == {m.guid}, "every writer saw the first GUID"
    engine = sa.create_engine(catalog.url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM episodes")).scalar() == len(SLUGS)
        assert conn.execute(sa.text("SELECT count(*) FROM guids")).scalar() == len(SLUGS)
    engine.dispose()
    catalog.close()


def _locations(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "reader.db")
    location: str = request.getfixturevalue("postgres_url")
    return location


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return _locations(request, tmp_path)


def test_processes_publishing_at_once_lose_and_duplicate_nothing(location: str) -> None:
    Catalog(location).close()  # migrate once, as `reader db upgrade` would
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.starmap(_publish, [(location, w) for w in range(4)])
    _check(location, results)


def test_processes_opening_a_fresh_catalog_at_once_migrate_it_once(location: str) -> None:
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        results = pool.starmap(_publish, [(location, w) for w in range(3)])
    _check(location, results)


def test_threads_sharing_one_catalog_lose_and_duplicate_nothing(location: str) -> None:
    catalog = Catalog(location)
    results: list[dict[str, str]] = [{} for _ in range(6)]

    def publish(writer: int) -> None:
        order = list(SLUGS)
        random.Random(writer).shuffle(order)
        for slug in order:
            manifest = sample_manifest(slug, guid=f"{slug}-thread-{writer}")
            results[writer][slug] = catalog.upsert(manifest, Path(f"/e/{slug}/m.json")).guid

    threads = [threading.Thread(target=publish, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    _check(location, results)
    catalog.close()


def test_workers_never_claim_the_same_job(location: str) -> None:
    catalog = Catalog(location)
    for n in range(30):
        catalog.add_job({"text": f"# {n}"})
    claimed: list[str] = []
    lock = threading.Lock()

    def work() -> None:
        while (job := catalog.claim_job()) is not None:
            with lock:
                claimed.append(job.id)

    threads = [threading.Thread(target=work) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(claimed) == len(set(claimed)) == 30
    catalog.close()
