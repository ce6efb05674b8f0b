"""The publisher API in distributed mode: POST /api/articles sends a Celery task,
GET /api/jobs/{id} reads its state; a ``reader worker`` narrates it."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from services import free_port
from web.conftest import TOKEN, run_server

from reader.catalog import Catalog
from reader.config import Settings
from reader.narrate.inputs import ArticleJob
from reader.narrate.pipeline import narrate_text
from reader.narrate.settings import narrate_settings
from reader.queue import create_celery
from reader.queue import jobs as queue_jobs
from reader.queue.message import ArticleMessage
from reader.queue.submit import message_for_job

from .conftest import Queue, Workers

AUTH = {"authorization": f"Bearer {TOKEN}"}
ARTICLE = "---\ntitle: Sent to a worker\nauthor: Ada\n---\n\nA paragraph about nginx.\n"


def _wait_for_job(client: httpx.Client, url: str) -> dict[str, object]:
    deadline = time.monotonic() + 90
    while True:
        job: dict[str, object] = client.get(url).json()
        if job["status"] in ("done", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.2)


def _narrate_table(root: Path) -> dict[str, Any]:
    """``[narrate]`` settings a user would notice: a language file that rewords the
    byline, a lexicon, and the audiobook as well as the MP3."""
    languages = root / "languages"
    languages.mkdir(exist_ok=True)
    (languages / "en.toml").write_text(
        'code = "en"\nname = "English"\n\n[phrases]\nby = "Penned by {author}."\n'
    )
    lexicon = root / "names.toml"
    lexicon.write_text('nginx = "engine x"\n')
    return {"language_dirs": (languages,), "lexicons": (lexicon,), "formats": ("mp3", "m4b")}


def test_api_jobs_go_to_celery_workers_with_the_servers_narrate_settings(
    redis_queue: Queue, workers: Workers, tmp_path: Path
) -> None:
    workers.start()
    settings = Settings(
        out_dir=redis_queue.out,
        api_token=TOKEN,
        voice="fake",
        broker_url=redis_queue.broker,
        result_backend=redis_queue.backend,
        queue_name=redis_queue.name,
        **_narrate_table(tmp_path),
    )
    with run_server(settings) as server, server.client() as client:
        posted = client.post(
            "/api/articles", json={"text": ARTICLE, "format": "markdown"}, headers=AUTH
        )
        assert posted.status_code == 202, posted.text
        assert posted.json()["status"] == "queued"
        job = _wait_for_job(client, posted.headers["location"])
        assert job["status"] == "done" and job["slug"] == "sent-to-a-worker", job
        assert job["finished_at"]
        assert "Sent to a worker" in client.get("/feed.xml").text

        bad = client.post("/api/articles", json={"text": "   \n"}, headers=AUTH)
        failed = _wait_for_job(client, bad.headers["location"])
        assert failed["status"] == "failed" and "empty" in str(failed["error"]), failed

        assert client.get("/api/jobs/" + "0" * 32).status_code == 404

    # The worker narrated with the server's [narrate] table: its language file, the
    # audiobook, and the same audio as the server itself makes of the article.
    edition = redis_queue.out / "sent-to-a-worker"
    assert "Penned by Ada." in (edition / "transcript.vtt").read_text(encoding="utf-8")
    assert (edition / "episode.m4b").is_file()
    local = narrate_settings(
        settings, voice="fake", voices_dir=redis_queue.root / "voices", out_dir=tmp_path / "local"
    )
    here = narrate_text(ARTICLE, settings=local, format="markdown", source="<api>").manifest
    queued = json.loads((edition / "manifest.json").read_text())
    assert queued["content_sha256"] == here.content_sha256


def test_a_workers_voice_fallback_notice_reaches_the_job_status(
    redis_queue: Queue, workers: Workers
) -> None:
    """A German article asked of the default (English Piper) voice: the worker reads it
    with espeak-ng, and the task's result carries the notice to GET /api/jobs/{id}."""
    worker = workers.start()
    settings = Settings(
        out_dir=redis_queue.out,
        api_token=TOKEN,
        voice="default",
        broker_url=redis_queue.broker,
        result_backend=redis_queue.backend,
        queue_name=redis_queue.name,
    )
    text = "---\ntitle: Krämpfe\nlanguage: de\n---\n\nKrämpfe sind häufig.\n"
    with run_server(settings) as server, server.client() as client:
        posted = client.post("/api/articles", json={"text": text}, headers=AUTH)
        assert posted.json()["notices"] == []
        job = _wait_for_job(client, posted.headers["location"])
        assert job["status"] == "done", job
        episode = client.get(str(job["episode_url"])).json()
    notice = "'Krämpfe' is in de, which the 'default' voice (piper) does not speak: " + (
        "read by the 'espeak' voice (espeak) instead"
    )
    assert job["notices"] == [notice]
    assert episode["voice"]["fallback_from"] == "default"
    (event,) = worker.events()
    assert event["notices"] == [notice], "the worker's log line says the same"


def test_api_messages_carry_what_a_batch_message_carries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(
        out_dir=tmp_path / "out",
        voice="fake",
        broker_url="redis://127.0.0.1:6379/0",
        read_references=True,
        job_timeout_s=90,
        **_narrate_table(tmp_path),
    )
    sent: list[tuple[ArticleMessage, dict[str, Any]]] = []
    monkeypatch.setattr(
        queue_jobs, "send_message", lambda app, message, **kw: sent.append((message, kw))
    )
    catalog = Catalog(tmp_path / "reader.db")
    try:
        job = catalog.add_job({"text": ARTICLE, "format": "markdown"})
    finally:
        catalog.close()
    queue_jobs.enqueue_job(create_celery(settings), job, settings)
    [(message, options)] = sent
    assert options == {"task_id": job.id, "timeout_s": 90}

    batch = message_for_job(
        ArticleJob(label="a.md", content=ARTICLE, format="markdown"),
        narrate_settings(settings, voice="fake"),
    )
    for field in ("voice", "formats", "lexicons", "languages", "read_references", "force"):
        assert getattr(message, field) == getattr(batch, field), field
    assert message.formats == ("mp3", "m4b") and message.read_references
    assert [f.name for f in message.lexicons] == ["names.toml"]
    assert [f.name for f in message.languages] == ["en.toml"]


@pytest.mark.parametrize("scheme", ["redis", "amqp"])
def test_an_unreachable_broker_answers_503_with_retry_after(tmp_path: Path, scheme: str) -> None:
    port = free_port()  # nothing listens there
    broker = (
        f"redis://127.0.0.1:{port}/0" if scheme == "redis" else f"amqp://u:pw@127.0.0.1:{port}//"
    )
    settings = Settings(
        out_dir=tmp_path / "out",
        api_token=TOKEN,
        broker_url=broker,
        result_backend=f"redis://127.0.0.1:{port}/0",
    )
    with run_server(settings) as server, server.client() as client:
        answer = client.post("/api/articles", json={"text": "# Title\n\nText."}, headers=AUTH)
        assert answer.status_code == 503, answer.text
        assert answer.headers["retry-after"] == "30"
        detail = answer.json()["detail"]
        assert detail.startswith("the narration queue is unavailable, so the article was not")
        assert f"cannot reach the broker at {scheme}://" in detail and "pw" not in detail
        assert "try again in 30 s" in detail


def test_an_api_job_past_the_servers_job_timeout_fails_once(
    redis_queue: Queue, workers: Workers
) -> None:
    from support.trouble_engine import STALL, TROUBLE_ENGINE

    (redis_queue.root / "voices" / "trouble.toml").write_text(
        f'name = "trouble"\nengine = "{TROUBLE_ENGINE}"\n[voice]\nlanguage = "en-US"\n'
    )
    worker = workers.start()  # its own deadline is the default 30 minutes
    settings = Settings(
        out_dir=redis_queue.out,
        api_token=TOKEN,
        voice="trouble",
        job_timeout_s=4,
        broker_url=redis_queue.broker,
        result_backend=redis_queue.backend,
        queue_name=redis_queue.name,
    )
    with run_server(settings) as server, server.client() as client:
        text = f"# Stuck\n\nThe engine {STALL}."
        posted = client.post("/api/articles", json={"text": text}, headers=AUTH)
        job = _wait_for_job(client, posted.headers["location"])
    assert job["status"] == "failed", job
    assert "took longer than 4 s (job_timeout_s) and was stopped" in str(job["error"])
    assert [e["outcome"] for e in worker.events()] == ["failed"]


def test_the_bound_on_waiting_jobs_counts_the_brokers_queue(
    redis_queue: Queue, workers: Workers
) -> None:
    """Jobs wait on the broker, not in the catalog (whose rows a worker never updates):
    the bound follows the queue as workers empty it."""
    settings = Settings(
        out_dir=redis_queue.out,
        api_token=TOKEN,
        voice="fake",
        max_queued_jobs=1,
        broker_url=redis_queue.broker,
        result_backend=redis_queue.backend,
        queue_name=redis_queue.name,
    )
    with run_server(settings) as server, server.client() as client:

        def post(title: str) -> httpx.Response:
            return client.post("/api/articles", json={"text": f"# {title}\n\nText."}, headers=AUTH)

        first = post("First")
        assert first.status_code == 202
        full = post("Second")
        assert full.status_code == 503 and full.headers["retry-after"] == "60", full.text
        assert "the job queue is full (1 jobs waiting)" in full.json()["detail"]

        workers.start()
        assert _wait_for_job(client, first.headers["location"])["status"] == "done"
        for title in ("Third", "Fourth"):  # each taken before the next arrives
            job = post(title)
            assert job.status_code == 202, job.text
            assert _wait_for_job(client, job.headers["location"])["status"] == "done"
