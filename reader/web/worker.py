"""Publisher jobs run in a worker process, one at a time, never in a request.

A supervisor thread in the server claims the oldest queued job from the
catalog and runs it in a fresh process (multiprocessing ``spawn``), so a
crashing speech engine cannot take the server down; the child records the
outcome in the catalog itself. Jobs left ``running`` by a stopped server are
queued again on the next start.

Bounds: a job running longer than ``job_timeout_s`` is stopped (its process
and everything it started) and failed; finished jobs are pruned after
``keep_jobs_days`` or beyond the ``max_finished_jobs`` most recent, and lose
their article text as they finish. The API caps waiting jobs at
``max_queued_jobs``.

The narration itself is ``Settings.job_function`` (``module:function``),
called in the child as ``f(text, format=..., source=..., settings=...)`` and
returning the edition's Manifest, or a ``NarrateResult`` whose notices (the
voice fell back to another profile) the job's status then carries; tests swap
in a fake one. ``settings`` are
those ``reader narrate`` uses under the same ``reader.toml`` (lexicons,
language files, formats, voices: ``reader.narrate.narrate_settings``), with
the job's voice.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import multiprocessing
import multiprocessing.connection
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from reader.catalog import Catalog
from reader.config import Settings
from reader.edition.manifest import Manifest
from reader.errors import ConfigError, ReaderError
from reader.narrate.settings import NarrateSettings, narrate_settings
from reader.processes import exit_with_parent
from reader.storage import open_storage, record_edition
from reader.web.urls import fetch_article_url

if TYPE_CHECKING:
    from reader.narrate import NarrateResult

__all__ = ["JobRunner", "load_job_function", "narrate_job", "run_job"]

log = logging.getLogger("reader.web.worker")

JobFunction = Callable[..., "Manifest | NarrateResult"]


def narrate_job(
    text: str, *, format: str | None, source: str, settings: NarrateSettings
) -> NarrateResult:
    """The default job: narrate the text with ``reader.narrate``."""
    from reader.narrate import narrate_text

    fmt: Literal["markdown", "html"] | None = None
    if format == "markdown":
        fmt = "markdown"
    elif format == "html":
        fmt = "html"
    result = narrate_text(text, settings=settings, format=fmt, source=source)
    for notice in result.notices:  # the voice fell back to another profile
        log.warning("%s (%s): %s", result.slug, source, notice)
    return result


def load_job_function(spec: str) -> JobFunction:
    module_name, _, name = spec.partition(":")
    try:
        function = getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError, ValueError) as e:
        raise ConfigError(
            f"job function {spec!r} cannot be imported ({e}); give it as module:function"
        ) from e
    if not callable(function):
        raise ConfigError(f"job function {spec!r} is not callable")
    return function  # type: ignore[no-any-return]


def run_job(settings: Settings, job_id: str) -> None:
    """Child process entry point: run one claimed job and record how it ended."""
    exit_with_parent()
    catalog = Catalog(settings.catalog_location)
    job = catalog.job(job_id)
    if job is None:
        return
    try:
        outcome = _narrate(settings, job.request)
        manifest = outcome if isinstance(outcome, Manifest) else outcome.manifest
        notices = () if isinstance(outcome, Manifest) else outcome.notices
        record_edition(
            settings.out_dir / manifest.slug, catalog=catalog, storage=open_storage(settings)
        )
        catalog.finish_job(job_id, slug=manifest.slug, notices=notices)
    except ReaderError as e:
        catalog.fail_job(job_id, error=str(e))
    except Exception as e:
        log.exception("job %s failed", job_id)
        catalog.fail_job(job_id, error=f"narration failed unexpectedly: {type(e).__name__}: {e}")
    finally:
        catalog.close()


def _narrate(settings: Settings, request: dict[str, Any]) -> Manifest | NarrateResult:
    function = load_job_function(settings.job_function)
    voice = request.get("voice") or settings.voice
    if request.get("url"):
        article = fetch_article_url(
            request["url"],
            timeout_s=settings.fetch_timeout_s,
            max_bytes=settings.fetch_max_bytes,
            allow_private=settings.allow_private_urls,
        )
        text, source = article.text, article.url
        fmt: str | None = article.format
    else:
        text, source = str(request["text"]), "<api>"
        fmt = request.get("format")
    narration = narrate_settings(settings, voice=voice)
    return function(text, format=fmt, source=source, settings=narration)


class JobRunner:
    """The supervisor thread: claims jobs and runs each in a spawned process."""

    def __init__(self, settings: Settings, catalog: Catalog, *, poll_s: float = 1.0) -> None:
        self.settings = settings
        self.catalog = catalog
        self.poll_s = poll_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._context = multiprocessing.get_context("spawn")
        self._next_prune = 0.0

    def start(self) -> list[str]:
        """Queue again what a previous run left running; start the supervisor."""
        requeued = self.catalog.requeue_running()
        self._thread = threading.Thread(target=self._loop, name="reader-jobs", daemon=True)
        self._thread.start()
        return requeued

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop claiming; end a running child (its job runs again on the next start)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _loop(self) -> None:
        try:
            while not self._stop.is_set():
                self._prune()
                job = self.catalog.claim_job()
                if job is None:
                    self._wake.wait(self.poll_s)
                    self._wake.clear()
                    continue
                self._run(job.id)
                self._next_prune = 0.0  # a job ended: prune before the next one
        finally:
            self.catalog.close()

    def _prune(self) -> None:
        """Drop finished jobs past their keeping time (at most once a minute)."""
        now = time.monotonic()
        if now < self._next_prune:
            return
        self._next_prune = now + 60
        try:
            self.catalog.prune_jobs(
                older_than=dt.timedelta(days=self.settings.keep_jobs_days),
                keep=self.settings.max_finished_jobs,
            )
        except Exception as e:  # a catalog hiccup must not stop the supervisor
            log.warning("could not prune finished jobs: %s", e)

    def _run(self, job_id: str) -> None:
        process = self._context.Process(
            target=run_job, args=(self.settings, job_id), name=f"reader-job-{job_id[:8]}"
        )
        process.start()
        timeout_s = self.settings.job_timeout_s
        deadline = time.monotonic() + timeout_s
        while process.is_alive():
            if self._stop.is_set():
                _end(process)
                return
            if time.monotonic() > deadline:
                _end(process)
                job = self.catalog.job(job_id)
                if job is not None and job.status == "running":
                    self.catalog.fail_job(
                        job_id,
                        error=f"the job ran longer than {timeout_s:g} s (the server's "
                        "job_timeout_s) and was stopped",
                    )
                return
            process.join(0.2)
        job = self.catalog.job(job_id)
        if job is not None and job.status == "running":
            self.catalog.fail_job(
                job_id,
                error=f"the worker process stopped unexpectedly (exit code {process.exitcode})",
            )


def _end(process: Any) -> None:
    """Stop a job's process: politely, then by force. Its own children end with it."""
    process.terminate()
    process.join(5)
    if process.is_alive():
        process.kill()
        process.join()
