"""The issue's end-to-end test: two ``reader worker`` processes, each with an editions
folder of its own as on two machines, publishing to SeaweedFS (S3) and a PostgreSQL
catalog, narrate twelve articles submitted with ``reader narrate --queue`` (RabbitMQ
broker, Redis results), with the real default engine and ffmpeg; one worker is killed
with SIGKILL mid-article.

Then every article is published exactly once, the feed ``reader serve --catalog
postgresql://… --storage s3://…`` serves lists all twelve with enclosure sizes equal
to the objects' sizes, the bad article fails once with its reason, and submitting the
batch again synthesises nothing and publishes nothing again.
"""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import httpx
import pytest
from services import S3Server

from reader.catalog import Catalog

from .conftest import READER, Queue, Worker, Workers

pytestmark = pytest.mark.e2e

ARTICLES = 12
_TOPICS = (
    "rivers",
    "bridges",
    "lighthouses",
    "orchards",
    "glaciers",
    "libraries",
    "harbours",
    "meadows",
    "volcanoes",
    "canals",
    "deserts",
    "forests",
)
_RECEIVED = re.compile(r"Task reader\.narrate\[([0-9a-f]{64})\] received")


def _write_articles(root: Path) -> Path:
    folder = root / "articles"
    folder.mkdir()
    for number, topic in enumerate(_TOPICS[:ARTICLES], start=1):
        (folder / f"{number:02d}-{topic}.md").write_text(
            f"---\ntitle: A short note on {topic}\nauthor: Test Writer\ndate: 2024-03-"
            f"{number:02d}\n---\n\nThis note is about {topic}. It is read by a worker.\n\n"
            f"## Why {topic} matter\n\nPeople have written about {topic} for {number} "
            "hundred years, and they will go on doing so.\n"
        )
    (folder / "zz-broken.md").write_text("---\ntitle: [unclosed\n---\n\nText.\n")
    return folder


def _submit(queue: Queue, articles: Path, report: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(READER), "narrate", str(articles), "--queue", "--quiet", "--report", str(report)],
        cwd=queue.root,
        env=queue.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _in_flight(worker: Worker) -> str | None:
    """The task this worker has received and not yet finished, if any."""
    received = _RECEIVED.findall(worker.text())
    finished = {str(e["task_id"]) for e in worker.events()}
    pending = [task for task in received if task not in finished]
    return pending[-1] if pending else None


def _kill_mid_article(worker: Worker, submitter: subprocess.Popen[bytes]) -> str:
    """SIGKILL ``worker`` while it narrates its second article; return that task's id."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and submitter.poll() is None:
        task = _in_flight(worker)
        if task is not None and len(worker.events()) >= 1:
            worker.kill()
            return task
        time.sleep(0.02)
    pytest.fail(f"the worker never took a second article:\n{worker.text()[-3000:]}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _feed(queue: Queue, env: dict[str, str], *where: str) -> tuple[bytes, dict[str, int]]:
    """The feed ``reader serve`` serves, and each enclosure's size as the server sends it."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", "--out", str(queue.root / "serve")]
        + ["--port", str(port), *where],
        cwd=queue.root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                feed = httpx.get(f"{url}/feed.xml", timeout=5)
                if feed.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "no server"
            time.sleep(0.1)
        served = {}
        for entry in feedparser.parse(feed.content).entries:
            href = entry.enclosures[0]["href"]
            served[href] = int(httpx.head(href, timeout=10).headers["content-length"])
        return feed.content, served
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _upload_times(s3: object, bucket: str) -> dict[str, object]:
    """Every object's key and last-modified time."""
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)  # type: ignore[attr-defined]
    return {o["Key"]: o["LastModified"] for page in pages for o in page.get("Contents", [])}


def test_two_workers_one_killed_publish_every_article_once(
    rabbit_queue: Queue, postgres_url: str, s3_server: S3Server, s3_bucket: str
) -> None:
    queue = rabbit_queue
    storage = f"s3://{s3_bucket}/podcast"
    env = queue.env(READER_CATALOG_URL=postgres_url, READER_STORAGE_URL=storage, **s3_server.env)
    articles = _write_articles(queue.root)
    report = queue.root / "report.json"
    pool = Workers(queue)
    try:
        doomed = pool.start(env=env, out=queue.root / "machine-a")
        survivor = pool.start(env=env, out=queue.root / "machine-b")
        submitter = _submit(queue, articles, report)
        killed_task = _kill_mid_article(doomed, submitter)
        try:
            _, err = submitter.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            submitter.kill()
            pytest.fail(f"the batch did not finish:\n{survivor.text()[-4000:]}")
        errors = err.decode(errors="replace")

        summary = json.loads(report.read_text())
        assert (summary["narrated"], summary["failed"]) == (ARTICLES, 1), errors
        [failure] = summary["failures"]
        assert failure["article"].endswith("zz-broken.md")
        assert "zz-broken.md" in failure["reason"] and "line" in failure["reason"]
        assert "Traceback" not in errors

        # The killed worker's article went to the other worker and was finished there.
        assert killed_task not in {e["task_id"] for e in doomed.events()}
        assert killed_task in {e["task_id"] for e in survivor.events()}
        events = doomed.events() + survivor.events()
        narrated = [e for e in events if e["outcome"] == "narrated"]
        slugs = sorted(str(e["slug"]) for e in narrated)
        assert len(slugs) == ARTICLES and len(set(slugs)) == ARTICLES  # each exactly once
        assert [e["outcome"] for e in events].count("failed") == 1  # the bad one, once
        for event in narrated:
            assert float(str(event["audio_seconds"])) > 3
            assert float(str(event["cpu_seconds"])) > 0

        catalog = Catalog(postgres_url)
        try:
            manifests = catalog.manifests()
        finally:
            catalog.close()
        assert sorted(m.slug for m in manifests) == slugs
        serve_env = {**env, "READER_API_TOKEN": ""}
        del serve_env["READER_CATALOG_URL"], serve_env["READER_STORAGE_URL"]
        feed, served = _feed(queue, serve_env, "--catalog", postgres_url, "--storage", storage)
        entries = feedparser.parse(feed).entries
        assert len(entries) == ARTICLES
        s3 = s3_server.client()
        uploads = _upload_times(s3, s3_bucket)
        for entry in entries:
            [enclosure] = entry.enclosures
            slug = enclosure["href"].split("/episodes/")[1].split("/")[0]
            head = s3.head_object(Bucket=s3_bucket, Key=f"podcast/{slug}/{slug}.mp3")
            assert int(enclosure["length"]) == head["ContentLength"] == served[enclosure["href"]]

        # The same batch again: every article unchanged, not a sentence synthesised.
        # On either machine: the other's editions are found in storage.
        again = _submit(queue, articles, report)
        again.communicate(timeout=300)
        second = json.loads(report.read_text())
        assert (second["unchanged"], second["narrated"], second["failed"]) == (ARTICLES, 0, 1)
        assert sum(a["synthesized"] for a in second["articles"]) == 0
        assert _upload_times(s3, s3_bucket) == uploads  # nothing published again
    finally:
        pool.stop_all()
