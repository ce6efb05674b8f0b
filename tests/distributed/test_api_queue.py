"""The publisher API in distributed mode: POST /api/articles sends a Celery task,
GET /api/jobs/{id} reads its state; a ``reader worker`` narrates it."""

from __future__ import annotations

import time

import httpx
from web.conftest import TOKEN, run_server

from reader.config import Settings

from .conftest import Queue, Workers


def _wait_for_job(client: httpx.Client, url: str) -> dict[str, object]:
    deadline = time.monotonic() + 90
    while True:
        job: dict[str, object] = client.get(url).json()
        if job["status"] in ("done", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.2)


def test_api_jobs_go_to_celery_workers(redis_queue: Queue, workers: Workers) -> None:
    workers.start()
    settings = Settings(
        out_dir=redis_queue.out,
        api_token=TOKEN,
        voice="fake",
        broker_url=redis_queue.broker,
        result_backend=redis_queue.backend,
        queue_name=redis_queue.name,
    )
    auth = {"authorization": f"Bearer {TOKEN}"}
    with run_server(settings) as server, server.client() as client:
        posted = client.post(
            "/api/articles",
            json={"text": "# Sent to a worker\n\nA paragraph.", "format": "markdown"},
            headers=auth,
        )
        assert posted.status_code == 202, posted.text
        assert posted.json()["status"] == "queued"
        job = _wait_for_job(client, posted.headers["location"])
        assert job["status"] == "done" and job["slug"] == "sent-to-a-worker", job
        assert job["finished_at"]
        assert "Sent to a worker" in client.get("/feed.xml").text

        bad = client.post("/api/articles", json={"text": "   \n"}, headers=auth)
        failed = _wait_for_job(client, bad.headers["location"])
        assert failed["status"] == "failed" and "empty" in str(failed["error"]), failed

        assert client.get("/api/jobs/" + "0" * 32).status_code == 404
