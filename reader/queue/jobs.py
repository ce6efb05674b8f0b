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
from reader.config import Settings
from reader.errors import QueueError
from reader.queue.app import ReaderCelery
from reader.queue.message import ArticleMessage
from reader.queue.submit import failure_reason, narration_fields, send_message

__all__ = ["enqueue_job", "job_with_task_state", "waiting_jobs"]


def waiting_jobs(app: ReaderCelery) -> int:
    """Tasks waiting on the queue for a worker (the API's ``max_queued_jobs`` counts
    these); ``QueueError`` when the broker cannot be reached."""
    from reader.queue.status import queue_depth
    from reader.queue.submit import _safe_url

    try:
        return queue_depth(app, app.reader_settings.queue_name)
    except Exception as e:  # kombu raises OperationalError and friends
        raise QueueError(
            f"cannot reach the broker at {_safe_url(app.conf.broker_url)}: {e}; "
            "check that it runs and the URL is right"
        ) from e


def enqueue_job(app: ReaderCelery, job: Job, settings: Settings) -> None:
    """Send the API job ``job`` as a task whose id is the job's, narrated as a local
    API job is: with the server's ``[narrate]`` settings (lexicons and language
    files carried in the message, formats, references) and its ``job_timeout_s``
    as the task's deadline.

    ``ConfigError`` when a lexicon or language file cannot be read; ``QueueError``
    when the broker cannot be reached."""
    from reader.narrate.settings import narrate_settings

    request = job.request
    narration = narrate_settings(settings, voice=request.get("voice") or settings.voice)
    fields = narration_fields(narration)
    if request.get("url"):
        message = ArticleMessage(label=request["url"], url=request["url"], **fields)
    else:
        message = ArticleMessage(
            label="<api>",
            data=str(request["text"]).encode("utf-8"),
            source="<api>",
            format=request.get("format"),
            **fields,
        )
    send_message(app, message, task_id=job.id, timeout_s=settings.job_timeout_s)


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
            notices=tuple(str(n) for n in value.get("notices") or ()),
        )
    if state in ("FAILURE", "REVOKED"):
        return dataclasses.replace(
            job,
            status="failed",
            error=failure_reason(state, value),
            attempts=max(1, job.attempts),
            finished_at=_date_done(result),
        )
    return job


def _date_done(result: Any) -> str | None:
    done = getattr(result, "date_done", None)
    if isinstance(done, dt.datetime):
        return done.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return str(done) if done else None
