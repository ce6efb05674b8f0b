"""The narration task, as a worker runs it.

The task narrates the article its message carries with the worker's own
settings (editions folder, catalog) and records the edition in the catalog.
Its result is the article's outcome, as a local batch reports it, plus the
CPU time it took and how long it waited in the queue.

Faults are sorted in two:

- bad input (an article, lexicon or voice that cannot be used, a failing
  engine): not retried; the task fails once with the reason, as
  ``QueueError``, which the submitter shows as a local batch shows a failure;
- transient faults (storage, network: ``OSError`` and its kin): retried with
  exponential backoff, then failed with the reason;
- an article that runs past its deadline (the soft time limit, ``job_timeout_s``)
  is stopped and fails once with that reason, not retried, whatever the
  interrupted code raised on its way out.

Each article ends with one structured log line (JSON) on the worker's
stderr: slug, seconds, audio seconds, CPU seconds, outcome.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reader.config import Settings
from reader.errors import QueueError, ReaderError
from reader.queue.app import RETRY_BACKOFF_MAX_S
from reader.queue.message import ArticleMessage, CarriedFile

__all__ = ["ARTICLE_LOG", "TRANSIENT_ERRORS", "narrate_message", "register_tasks"]

ARTICLE_LOG = logging.getLogger("reader.worker.articles")
"""One JSON line per article; ``reader worker`` sends it to stderr unprefixed."""

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OSError,)
"""Faults worth another try: storage and network (ConnectionError, TimeoutError...)."""
_MAX_RETRIES = 5


def _cpu_seconds() -> float:
    """CPU time of this process and its children: ended ones (ffmpeg) and, on Linux,
    running ones (the engine processes kept from article to article)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + ended.ru_utime + ended.ru_stime + _live_children_cpu()


def _live_children_cpu() -> float:
    proc = Path("/proc")
    if not (proc / "self" / "stat").is_file():
        return 0.0
    me = os.getpid()
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # ended meanwhile
            continue
        if len(fields) > 14 and int(fields[1]) == me:
            total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / ticks


def register_tasks(app: Any) -> None:
    """Add the narration task to ``app`` (a ``ReaderCelery``)."""

    @app.task(  # type: ignore[untyped-decorator]
        name="reader.narrate",
        bind=True,
        autoretry_for=TRANSIENT_ERRORS,
        retry_backoff=2,
        retry_backoff_max=RETRY_BACKOFF_MAX_S,
        retry_jitter=True,
        max_retries=_MAX_RETRIES,
        throws=(QueueError,),  # an expected failure: logged without a traceback
    )
    def narrate(task: Any, message: dict[str, Any]) -> Any:
        started = time.time()
        try:
            article = ArticleMessage.from_json(message)
        except ValueError as e:
            raise QueueError(str(e)) from None
        queued_ms = max(0.0, (started - article.submitted_at) * 1000) if article.submitted_at else 0
        cpu_before = _cpu_seconds()
        wall_before = time.perf_counter()
        entry: dict[str, Any] = {
            "event": "article",
            "task_id": task.request.id,
            "label": article.label,
            "worker": task.request.hostname or socket.gethostname(),
        }
        try:
            result = narrate_message(
                article, app.reader_settings, speech_workers=app.speech_workers
            )
        except Exception as e:
            if _past_deadline(e):
                reason = _deadline_reason(task.request.timelimit, app.conf.task_soft_time_limit)
            elif isinstance(e, TRANSIENT_ERRORS):
                outcome = "retrying" if task.request.retries < _MAX_RETRIES else "failed"
                _log(entry, outcome, wall_before, cpu_before, reason=f"{type(e).__name__}: {e}")
                raise
            elif isinstance(e, ReaderError):
                reason = str(e)
            else:  # a bug fails this article once, like a local batch
                ARTICLE_LOG.debug("internal error", exc_info=True)
                reason = f"internal error: {type(e).__name__}: {e}"
            _log(entry, "failed", wall_before, cpu_before, reason=reason)
            raise QueueError(reason) from None
        cpu = _cpu_seconds() - cpu_before
        seconds = time.perf_counter() - wall_before
        _log(
            {**entry, "slug": result.slug},
            result.status,
            wall_before,
            cpu_before,
            audio_seconds=result.manifest.duration_ms / 1000,
            synthesized=result.synthesized,
            **({"notices": list(result.notices)} if result.notices else {}),
        )
        return {
            "label": article.label,
            "status": result.status,
            "slug": result.slug,
            "title": result.manifest.metadata.title,
            "duration_ms": result.manifest.duration_ms,
            "seconds": seconds,
            "synthesized": result.synthesized,
            "notices": list(result.notices),
            "cpu_seconds": cpu,
            "queued_ms": queued_ms,
            "worker": entry["worker"],
        }


def _past_deadline(error: BaseException) -> bool:
    """Whether ``error`` is, or was raised while handling, the soft time limit's
    interruption (the pipeline may wrap it, or fail on its way out because of it)."""
    from celery.exceptions import SoftTimeLimitExceeded

    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, SoftTimeLimitExceeded):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _deadline_reason(timelimit: Any, default_soft_s: float | None) -> str:
    """The failure of an article stopped at its soft time limit, which the message
    carries (``(hard, soft)``, the API's ``job_timeout_s``) or the worker sets."""
    soft_s = timelimit[1] if isinstance(timelimit, (tuple, list)) and len(timelimit) > 1 else None
    soft_s = soft_s or default_soft_s
    limit = f"{float(soft_s):g} s" if soft_s else "its time limit"
    return (
        f"the article took longer than {limit} (job_timeout_s) and was stopped; "
        "raise job_timeout_s for articles this long"
    )


def _log(
    entry: dict[str, Any],
    outcome: str,
    wall_before: float,
    cpu_before: float,
    **extra: Any,
) -> None:
    line = {
        **entry,
        "outcome": outcome,
        "seconds": round(time.perf_counter() - wall_before, 3),
        "cpu_seconds": round(_cpu_seconds() - cpu_before, 3),
        "audio_seconds": 0.0,
        **extra,
    }
    if isinstance(line["audio_seconds"], float):
        line["audio_seconds"] = round(line["audio_seconds"], 3)
    ARTICLE_LOG.info(json.dumps(line, ensure_ascii=False))


@contextmanager
def _carried_files(
    files: Sequence[CarriedFile], root: Path, *, numbered: bool = False
) -> Iterator[list[Path]]:
    """The message's files on disk (lexicon and language readers take paths): each in a
    folder of its own under its name, so errors name the submitter's file, or with
    ``numbered`` all in ``root`` in their order."""
    paths = []
    for number, carried in enumerate(files):
        name = Path(carried.name).name
        if numbered:
            root.mkdir(parents=True, exist_ok=True)
            path = root / f"{number:04d}-{name}"
        else:
            (root / str(number)).mkdir(parents=True)
            path = root / str(number) / name
        path.write_bytes(carried.data)
        paths.append(path)
    yield paths


def narrate_message(article: ArticleMessage, settings: Settings, *, speech_workers: int) -> Any:
    """Narrate one queued article into ``settings.out_dir``, publish it to the storage
    and the catalog of ``settings``; returns the ``NarrateResult``.

    An edition already in shared storage with the same content (narrated by another
    worker, or before) is reported unchanged: nothing is spoken or uploaded again."""
    from reader.catalog import Catalog
    from reader.storage import (
        cache_storage_for,
        edition_key,
        is_out_dir,
        open_storage,
        read_manifest,
        record_edition,
    )

    storage = open_storage(settings)
    shared = not is_out_dir(storage, settings.out_dir)

    def published(slug: str) -> Any:
        return read_manifest(storage, slug) if shared else None

    with tempfile.TemporaryDirectory(prefix="reader-task-") as work:
        result = _narrate(
            article,
            settings,
            Path(work),
            speech_workers=speech_workers,
            published=published,
            cache_storage=cache_storage_for(settings),
        )
    catalog = Catalog(settings.catalog_location)
    try:
        if result.edition_dir.is_dir():
            record_edition(result.edition_dir, catalog=catalog, storage=storage)
        else:  # unchanged in storage: make sure the catalog lists it
            catalog.upsert(result.manifest, storage.object_url(edition_key(result.slug)))
    finally:
        catalog.close()
    return result


def _narrate(
    article: ArticleMessage,
    settings: Settings,
    work: Path,
    *,
    speech_workers: int,
    published: Callable[[str], Any],
    cache_storage: Any,
) -> Any:
    from reader.narrate import NarrateSettings
    from reader.narrate.batch import narrate_batch_article
    from reader.narrate.inputs import ArticleJob
    from reader.narrate.pipeline import narrate_bytes, narrate_text
    from reader.web.urls import fetch_article_url

    with (
        _carried_files(article.lexicons, work / "project") as project,
        _carried_files(article.article_lexicons, work / "article") as own,
        _carried_files(article.languages, work / "languages", numbered=True) as languages,
    ):
        narrate = NarrateSettings(
            out_dir=settings.out_dir,
            cache_storage=cache_storage,
            voice=article.voice,
            voices_dir=settings.voices_dir,
            formats=article.formats,
            force=article.force,
            lexicons=tuple(project),
            speech_workers=speech_workers,
            read_references=article.read_references,
            language_dirs=(work / "languages",) if languages else (),
        )
        if article.url is not None:
            fetched = fetch_article_url(
                article.url,
                timeout_s=settings.fetch_timeout_s,
                max_bytes=settings.fetch_max_bytes,
                allow_private=settings.allow_private_urls,
            )
            return narrate_text(
                fetched.text,
                settings=narrate,
                format="markdown" if fetched.format == "markdown" else "html",
                source=fetched.url,
                published=published,
            )
        if article.item is not None:
            item = article.item
            job = ArticleJob(
                label=article.label,
                content=article.data.decode("utf-8", errors="replace"),
                format=article.format or "html",
                title=item.title,
                author=item.author,
                date=item.date,
                link=item.link,
            )
            return narrate_batch_article(job, narrate, published=published)
        return narrate_bytes(
            article.data,
            source=article.source,
            format=article.format,
            source_key=article.source_key,
            settings=narrate,
            article_lexicons=own,
            published=published,
        )


def configure_article_log(stream: Any = None) -> None:
    """Send the per-article lines to ``stream`` (stderr) as bare JSON, one per line."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    ARTICLE_LOG.handlers[:] = [handler]
    ARTICLE_LOG.setLevel(logging.INFO)
    ARTICLE_LOG.propagate = False
