"""The job queue is bounded: a cap on waiting jobs (503 + Retry-After), a
deadline per job, and finished jobs pruned."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from reader.config import Settings

from .conftest import Server, server_settings
from .test_jobs import AUTH, _post, _wait_for


def _until(condition: Callable[[], bool], what: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_a_full_queue_answers_503_with_retry_after(
    fresh_out: Path, tmp_path: Path, start_server: Callable[[Settings], Server]
) -> None:
    server = start_server(server_settings(fresh_out, max_queued_jobs=2))
    release = tmp_path / "release"
    first = _post(server, {"text": f"# Running\n\nWAIT:{release}"})
    _until(lambda: Path(f"{release}.started").exists(), "the first job never started")
    queued = [_post(server, {"text": f"# Queued {n}\n\nBody."}) for n in range(2)]
    with server.client() as client:
        r = client.post("/api/articles", json={"text": "# One too many\n\nBody."}, headers=AUTH)
    assert r.status_code == 503, r.text
    assert r.headers["retry-after"] == "60"
    assert "queue is full" in r.json()["detail"]
    release.touch()
    for job_id in (first, *queued):
        assert _wait_for(server, job_id)["status"] == "done"
    assert _post(server, {"text": "# Room again\n\nBody."})


def test_a_job_past_its_deadline_is_stopped_and_failed(
    fresh_out: Path, tmp_path: Path, start_server: Callable[[Settings], Server]
) -> None:
    server = start_server(server_settings(fresh_out, job_timeout_s=1.0))
    started = time.monotonic()
    stuck = _post(server, {"text": f"# Stuck\n\nWAIT:{tmp_path / 'never'}"})
    job = _wait_for(server, stuck)
    assert job["status"] == "failed", job
    assert "longer than 1 s" in job["error"] and "job_timeout_s" in job["error"]
    assert time.monotonic() - started < 20
    # The supervisor goes on to the next job.
    _wait_for(server, _post(server, {"text": "# Next\n\nBody."}), ("running", "done", "failed"))


def test_finished_jobs_are_pruned(
    fresh_out: Path, start_server: Callable[[Settings], Server]
) -> None:
    server = start_server(server_settings(fresh_out, keep_jobs_days=0.0))
    first = _post(server, {"text": "# First\n\nBody."})
    assert _wait_for(server, first)["status"] == "done"
    second = _post(server, {"text": "# Second\n\nBody."})
    assert _wait_for(server, second)["status"] == "done"
    with server.client() as client:
        _until(
            lambda: client.get(f"/api/jobs/{first}").status_code == 404,
            "the finished job was never pruned",
        )
