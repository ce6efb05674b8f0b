"""Publisher API jobs on the queue: POST /api/articles sends a task, GET /api/jobs/{id}
reads its state.

The job row in the catalog keeps what the request was and when it came (and
lets an unknown id answer 404); the task's state in the result backend says
where it stands. A URL travels as a URL: the worker fetches it under the same
address rules the server applies.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from reader.catalog import Job
from reader.errors import QueueError
from reader.queue.app import ReaderCelery
from reader.queue.message import ArticleMessage
from reader.queue.submit import send_message

__all__ = ["enqueue_job", "job_with_task_state"]


def enqueue_job(app: ReaderCelery, job: Job, *, default_voice: str) -> None:
    """Send the API job ``job`` as a task whose id is the job's."""
    request = job.request
    voice = request.get("voice") or default_voice
    if request.get("url"):
        message = ArticleMessage(label=request["url"], url=request["url"], voice=voice)
    else:
        message = ArticleMessage(
            label="<api>",
            data=str(request["text"]).encode("utf-8"),
            source="<api>",
            format=request.get("format"),
            voice=voice,
        )
    send_message(app, message, task_id=job.id)


def job_with_task_state(app: ReaderCelery, job: Job) -> Job:
    """``job`` as its task stands now."""
    from celery.result import AsyncResult

    result = AsyncResult(job.id, app=app)
    try:
        state = result.state
        value = result.result if state in ("SUCCESS", "FAILURE") else None
    except Exception as e:
        raise QueueError(f"cannot read the task's state from the result backend: {e}") from e
    if state in ("STARTED", "RETRY"):
        return dataclasses.replace(job, status="running", attempts=max(1, job.attempts))
    if state == "SUCCESS" and isinstance(value, dict):
        return dataclasses.replace(
            job,
            status="done",
            slug=value.get("slug"),
            attempts=max(1, job.attempts),
            finished_at=_date_done(result),
        )
    if state in ("FAILURE", "REVOKED"):
        return dataclasses.replace(
            job,
            status="failed",
            error=str(value) if value is not None else f"the task was {state.lower()}",
            attempts=max(1, job.attempts),
            finished_at=_date_done(result),
        )
    return job


def _date_done(result: Any) -> str | None:
    done = getattr(result, "date_done", None)
    if isinstance(done, dt.datetime):
        return done.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return str(done) if done else None
