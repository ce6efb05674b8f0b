from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from feed.samples import sample_manifest

from reader.catalog import Catalog
from reader.errors import ConfigError


@pytest.fixture(params=["sqlite", "postgresql"])
def catalog(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Catalog]:
    """The same catalog behaviour on both databases (one SQLAlchemy code path)."""
    if request.param == "sqlite":
        location = str(tmp_path / "reader.db")
    else:
        location = request.getfixturevalue("postgres_url")
    opened = Catalog(location)
    yield opened
    opened.close()


def test_upsert_stores_the_episode_and_bumps_the_version(catalog: Catalog, tmp_path: Path) -> None:
    before = catalog.version()
    stored = catalog.upsert(sample_manifest(), tmp_path / "a" / "manifest.json")
    assert catalog.version() > before
    assert catalog.manifest("inner-thigh-cramps") == stored
    assert [m.slug for m in catalog.manifests()] == ["inner-thigh-cramps"]


def test_upserting_the_same_manifest_changes_nothing(catalog: Catalog, tmp_path: Path) -> None:
    catalog.upsert(sample_manifest(), tmp_path / "manifest.json")
    version = catalog.version()
    catalog.upsert(sample_manifest(), tmp_path / "manifest.json")
    assert catalog.version() == version


def test_the_first_guid_is_kept_for_good(catalog: Catalog, tmp_path: Path) -> None:
    first = catalog.upsert(sample_manifest(guid="first"), tmp_path / "manifest.json")
    later = catalog.upsert(sample_manifest(guid="second", title="New"), tmp_path / "manifest.json")
    assert first.guid == later.guid == "first"
    assert catalog.remove("inner-thigh-cramps")
    again = catalog.upsert(sample_manifest(guid="third"), tmp_path / "manifest.json")
    assert again.guid == "first"


def test_guid_survives_reopening_the_file(tmp_path: Path) -> None:
    Catalog(tmp_path / "reader.db").upsert(sample_manifest(guid="g1"), tmp_path / "m.json")
    reopened = Catalog(tmp_path / "reader.db")
    assert reopened.upsert(sample_manifest(guid="g2"), tmp_path / "m.json").guid == "g1"


def test_manifests_are_newest_first(catalog: Catalog, tmp_path: Path) -> None:
    import datetime as dt

    for day, slug in [(1, "a"), (3, "c"), (2, "b")]:
        catalog.upsert(sample_manifest(slug, date=dt.date(2024, 1, day)), tmp_path / slug)
    assert [m.slug for m in catalog.manifests()] == ["c", "b", "a"]


def test_remove_bumps_the_version_and_reports_absence(catalog: Catalog, tmp_path: Path) -> None:
    catalog.upsert(sample_manifest(), tmp_path / "manifest.json")
    version = catalog.version()
    assert catalog.remove("inner-thigh-cramps")
    assert catalog.version() > version
    assert not catalog.remove("inner-thigh-cramps")
    assert catalog.manifest("inner-thigh-cramps") is None


def test_the_catalog_is_in_wal_mode(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "reader.db")
    assert catalog.path is not None
    conn = sqlite3.connect(catalog.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_jobs_go_queued_running_done(catalog: Catalog) -> None:
    job = catalog.add_job({"text": "# Hi", "format": "markdown"})
    assert job.status == "queued" and job.attempts == 0
    claimed = catalog.claim_job()
    assert claimed is not None and claimed.id == job.id and claimed.status == "running"
    assert claimed.attempts == 1 and claimed.started_at is not None
    assert catalog.claim_job() is None
    catalog.finish_job(job.id, slug="hi")
    done = catalog.job(job.id)
    assert done is not None and done.status == "done" and done.slug == "hi"
    # A finished job keeps what was asked, not the article itself.
    assert done.request == {"format": "markdown", "text_chars": 4}


def test_done_jobs_keep_the_notices_of_their_narration(catalog: Catalog) -> None:
    notice = "'Krämpfe' is in de, which the 'default' voice (piper) does not speak: read by …"
    fell_back, plain = catalog.add_job({"text": "a"}), catalog.add_job({"text": "b"})
    catalog.finish_job(fell_back.id, slug="krampfe", notices=[notice])
    catalog.finish_job(plain.id, slug="plain")
    done = catalog.job(fell_back.id)
    assert done is not None and done.notices == (notice,)
    assert [j.notices for j in catalog.jobs("done")] == [(notice,), ()]
    queued = catalog.add_job({"text": "c"})
    assert queued.notices == ()


def test_failed_jobs_keep_their_error(catalog: Catalog) -> None:
    job = catalog.add_job({"url": "https://example.org/"})
    catalog.claim_job()
    catalog.fail_job(job.id, error="boom")
    failed = catalog.job(job.id)
    assert failed is not None and failed.status == "failed" and failed.error == "boom"


def test_running_jobs_are_queued_again(catalog: Catalog) -> None:
    first = catalog.add_job({"text": "a"})
    second = catalog.add_job({"text": "b"})
    catalog.claim_job()
    assert catalog.requeue_running() == [first.id]
    assert [j.id for j in catalog.jobs("queued")] == [first.id, second.id]
    again = catalog.claim_job()
    assert again is not None and again.id == first.id and again.attempts == 2


def test_an_unusable_database_path_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(ConfigError, match="dir.db"):
        Catalog(tmp_path / "dir.db")


def test_ended_jobs_drop_the_article_text(catalog: Catalog) -> None:
    job = catalog.add_job({"text": "x" * 100_000, "voice": "joe"})
    assert catalog.job(job.id).request["text"] == "x" * 100_000  # type: ignore[union-attr]
    catalog.claim_job()
    catalog.fail_job(job.id, error="boom")
    failed = catalog.job(job.id)
    assert failed is not None and failed.request == {"voice": "joe", "text_chars": 100_000}


def test_finished_jobs_are_pruned_by_age_and_count(catalog: Catalog) -> None:
    import datetime as dt

    finished = []
    for n in range(5):
        job = catalog.add_job({"text": f"job {n}"})
        catalog.claim_job()
        catalog.finish_job(job.id, slug=f"s{n}")
        finished.append(job.id)
    waiting = catalog.add_job({"text": "waiting"})
    running = catalog.add_job({"text": "running"})
    catalog.claim_job()  # claims "waiting", the oldest queued
    assert catalog.count_jobs("queued") == 1
    assert catalog.prune_jobs(older_than=dt.timedelta(days=1), keep=2) == 3
    assert [j.id for j in catalog.jobs("done")] == finished[-2:]
    assert catalog.prune_jobs(older_than=dt.timedelta(0), keep=10) == 2
    assert catalog.jobs("done") == []
    assert catalog.job(waiting.id) is not None and catalog.job(running.id) is not None
