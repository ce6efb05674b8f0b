"""Hand a batch to the queue and follow it to the end.

The submitter reads each article itself (a file, standard input, a URL, a
feed item's content) with the lexicons that apply, and sends their bytes:
workers on other machines cannot read its files. An article that cannot be
read here fails here, with the same message a local batch gives.

Following a batch polls the result backend for the tasks not yet finished,
calling back when one starts and when one ends, so ``reader narrate --queue``
shows the same progress, summary and report as a local batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.errors import QueueError, ReaderError
from reader.narrate.batch import Outcome
from reader.narrate.inputs import ArticleJob
from reader.narrate.settings import NarrateSettings
from reader.queue.app import TASK_NAME, ReaderCelery, hard_time_limit_s
from reader.queue.message import ArticleMessage, CarriedFile, FeedItem

__all__ = [
    "Submitted",
    "failure_reason",
    "message_for_job",
    "narration_fields",
    "outcome_from_result",
    "send_message",
    "submit_jobs",
    "wait_for_tasks",
]

_POLL_S = 0.25


@dataclass(frozen=True, slots=True, kw_only=True)
class Submitted:
    job: ArticleJob
    task_id: str | None = None
    """None when the article could not be read, or was skipped."""
    outcome: Outcome | None = None
    """Set when the job ended before reaching the queue (skipped, unreadable)."""


def _read_file(path: Path, what: str) -> CarriedFile:
    try:
        return CarriedFile(name=path.name, data=path.read_bytes())
    except OSError as e:
        from reader.errors import ConfigError

        raise ConfigError(f"{path}: cannot read the {what} ({e.strerror or e})") from None


def _read_lexicon(path: Path) -> CarriedFile:
    return _read_file(path, "lexicon")


def _language_files(dirs: tuple[Path, ...]) -> tuple[CarriedFile, ...]:
    """Every ``*.toml`` of the language folders, in the order they are read."""
    from reader.errors import ConfigError

    files = []
    for folder in dirs:
        if not folder.is_dir():
            raise ConfigError(f"{folder}: no such directory of language files")
        files += [_read_file(p, "language file") for p in sorted(folder.glob("*.toml"))]
    return tuple(files)


def narration_fields(settings: NarrateSettings) -> dict[str, Any]:
    """The message fields that carry ``settings``: voice, formats, references and the
    bytes of the project lexicons and language files (``ConfigError`` when one
    cannot be read)."""
    return {
        "voice": settings.voice,
        "formats": settings.formats,
        "lexicons": tuple(_read_lexicon(p) for p in settings.lexicons),
        "read_references": settings.read_references,
        "force": settings.force,
        "languages": _language_files(settings.language_dirs),
    }


def message_for_job(job: ArticleJob, settings: NarrateSettings) -> ArticleMessage:
    """Read the job's article and lexicons into a task message."""
    from reader.narrate.current import article_lexicons
    from reader.sources import read_article

    common: dict[str, Any] = {"label": job.label, **narration_fields(settings)}
    if job.location is None:
        assert job.content is not None
        return ArticleMessage(
            data=job.content.encode("utf-8"),
            source=job.label,
            source_key=job.link or "",
            format=job.format,
            item=FeedItem(title=job.title, author=job.author, date=job.date, link=job.link),
            **common,
        )
    source, data, hint = read_article(job.location, max_bytes=settings.max_bytes)
    if job.location == "-":
        key = ""
    elif "://" in source:
        key = source
    else:
        key = str(Path(job.location).resolve())
    return ArticleMessage(
        data=data,
        source=source,
        source_key=key,
        format=hint,
        article_lexicons=tuple(_read_lexicon(p) for p in article_lexicons(job.location)),
        **common,
    )


def submit_jobs(
    app: ReaderCelery,
    jobs: Sequence[ArticleJob],
    settings: NarrateSettings,
    *,
    queue: str | None = None,
) -> list[Submitted]:
    """Send one task per readable job; skipped and unreadable jobs come back with an outcome."""
    submitted = []
    for job in jobs:
        if job.skip_reason:
            skipped = Outcome(label=job.label, status="skipped", reason=job.skip_reason)
            submitted.append(Submitted(job=job, outcome=skipped))
            continue
        try:
            message = message_for_job(job, settings)
        except ReaderError as e:
            failed = Outcome(label=job.label, status="failed", reason=str(e))
            submitted.append(Submitted(job=job, outcome=failed))
            continue
        message = _stamped(message)
        send_message(app, message, queue=queue)
        submitted.append(Submitted(job=job, task_id=message.task_id))
    return submitted


def _stamped(message: ArticleMessage) -> ArticleMessage:
    from dataclasses import replace

    return replace(message, submitted_at=time.time())


def send_message(
    app: ReaderCelery,
    message: ArticleMessage,
    *,
    task_id: str | None = None,
    queue: str | None = None,
    timeout_s: float | None = None,
) -> str:
    """Put one message on the queue under its content id (or ``task_id``); with
    ``timeout_s``, the task's deadline (soft time limit) instead of the worker's.

    A result left by an earlier run of the same id is forgotten first, so whoever
    follows the task sees this run's states, not the last one's."""
    from celery.result import AsyncResult

    task_id = task_id or message.task_id
    limits: dict[str, float] = {}
    if timeout_s is not None:
        limits = {"soft_time_limit": timeout_s, "time_limit": hard_time_limit_s(timeout_s)}
    try:
        try:
            AsyncResult(task_id, app=app).forget()
        except NotImplementedError:  # rpc:// keeps nothing to forget
            pass
        app.send_task(
            TASK_NAME,
            args=(message.to_json(),),
            task_id=task_id,
            queue=queue or app.reader_settings.queue_name,
            **limits,
        )
    except Exception as e:  # kombu raises OperationalError and friends
        raise QueueError(
            f"cannot reach the broker at {_safe_url(app.conf.broker_url)}: {e}; "
            "check that it runs and the URL is right"
        ) from e
    return task_id


def _safe_url(url: str) -> str:
    """The broker URL without its password."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return parts._replace(netloc=netloc).geturl()
    return url


def outcome_from_result(job: ArticleJob, state: str, result: Any) -> Outcome:
    """The local batch's ``Outcome`` for a finished task."""
    if state == "SUCCESS" and isinstance(result, dict):
        return Outcome(
            label=job.label,
            status=result.get("status", "narrated"),
            slug=result.get("slug"),
            title=result.get("title"),
            duration_ms=int(result.get("duration_ms") or 0),
            seconds=float(result.get("seconds") or 0.0),
            synthesized=int(result.get("synthesized") or 0),
            notices=tuple(str(n) for n in result.get("notices") or ()),
        )
    return Outcome(label=job.label, status="failed", reason=failure_reason(state, result))


def failure_reason(state: str, result: Any) -> str:
    """Why a task failed, from its state and the exception the backend kept."""
    from celery.exceptions import TimeLimitExceeded

    if isinstance(result, QueueError):
        return str(result)
    if isinstance(result, TimeLimitExceeded):  # the hard limit: the process was killed
        limit = result.args[0] if result.args else None
        within = f"{float(limit):g} s" if isinstance(limit, (int, float)) else "its time limit"
        return (
            f"the article took longer than {within} (job_timeout_s and its grace) and "
            "its worker process was stopped; raise job_timeout_s for articles this long"
        )
    if isinstance(result, BaseException):
        return f"{type(result).__name__}: {result}"
    if state == "REVOKED":
        return "the task was revoked"
    return f"the task ended in state {state}: {result!r}"


def wait_for_tasks(
    app: ReaderCelery,
    submitted: Sequence[Submitted],
    *,
    on_start: Callable[[ArticleJob], None] = lambda job: None,
    on_outcome: Callable[[Outcome], None] = lambda outcome: None,
    on_result: Callable[[str, dict[str, Any]], None] = lambda task_id, result: None,
    poll_s: float = _POLL_S,
) -> list[Outcome]:
    """Follow the tasks to their end; one outcome per job, in the order they finished.

    Jobs that share a task id (the same article twice) share its outcome.
    ``on_result`` gets each successful task's raw result (CPU time, queue wait).
    """
    from celery.result import AsyncResult

    outcomes: list[Outcome] = []

    def report(outcome: Outcome) -> None:
        outcomes.append(outcome)
        on_outcome(outcome)

    waiting: dict[str, list[ArticleJob]] = {}
    for entry in submitted:
        if entry.outcome is not None:
            report(entry.outcome)
        elif entry.task_id is not None:
            waiting.setdefault(entry.task_id, []).append(entry.job)
    started: set[str] = set()
    while waiting:
        for task_id in list(waiting):
            result = AsyncResult(task_id, app=app)
            try:
                state = result.state
            except Exception as e:  # the backend went away
                raise QueueError(f"cannot read task states from the result backend: {e}") from e
            if state in ("STARTED", "RETRY") and task_id not in started:
                started.add(task_id)
                for job in waiting[task_id]:
                    on_start(job)
            if state not in ("SUCCESS", "FAILURE", "REVOKED"):
                continue
            value = result.result
            if task_id not in started:
                for job in waiting[task_id]:
                    on_start(job)
            if state == "SUCCESS" and isinstance(value, dict):
                on_result(task_id, value)
            for job in waiting.pop(task_id):
                report(outcome_from_result(job, state, value))
        if waiting:
            time.sleep(poll_s)
    return outcomes
