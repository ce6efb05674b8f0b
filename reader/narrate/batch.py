"""Narrate many articles, N at a time, without one failure stopping the rest.

Each article runs in a worker process started with spawn (the speech engine
runs in a process of its own below that). Results come back as each article
finishes, so a slow article never holds up finished ones: the caller hears
of every edition the moment it is published. Only a handful of articles are
in flight at once, so memory stays bounded however many are given.

Interrupting a batch loses nothing finished: every edition is published
atomically, and the next run finds it unchanged. A local article file whose
bytes, voice, formats and lexicons all match its edition's manifest, read by
the same narration code, is reported unchanged at once, without parsing it
or starting a worker.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, Literal

from reader.errors import ReaderError
from reader.language_model import load_language_model_soon
from reader.narrate.current import current_edition, read_edition_index
from reader.narrate.inputs import ArticleJob
from reader.narrate.settings import NarrateSettings
from reader.processes import exit_with_parent

if TYPE_CHECKING:
    from concurrent.futures import Future

    from reader.narrate.pipeline import NarrateResult, Published

__all__ = ["Outcome", "longest_first", "narrate_batch_article", "run_batch"]

Status = Literal["narrated", "unchanged", "skipped", "failed"]

_TASKS_PER_WORKER = 64
"""Articles a worker narrates before a fresh one takes over. A worker's memory
stays flat from article to article (76 MB through four rounds of the corpus),
and starting one costs half a CPU-second, so this is a backstop, not a habit."""
_HINT_READ_LIMIT = 8 * 1024 * 1024
_NOT_SPOKEN = re.compile(
    r"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->|<[^>]+>", re.DOTALL | re.I
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    label: str
    status: Status
    slug: str | None = None
    title: str | None = None
    reason: str | None = None
    """Why it failed or was skipped."""
    duration_ms: int = 0
    """Length of the narrated audio."""
    seconds: float = 0.0
    """Wall time spent on this article."""
    synthesized: int = 0
    notices: tuple[str, ...] = ()
    """One-line notices about the narration (the voice fell back to another profile)."""

    def to_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "notices": list(self.notices)}


def narrate_batch_article(
    job: ArticleJob, settings: NarrateSettings, *, published: Published | None = None
) -> NarrateResult:
    """Narrate one job: a location, or a feed item's own content and metadata;
    ``published`` finds editions published elsewhere (``narrate_document``)."""
    _load_narration(job)
    from reader.formulas import unmarked
    from reader.narrate.pipeline import narrate_article, narrate_document
    from reader.parse import parse_article
    from reader.parse.slug import slugify

    if job.location is not None:
        return narrate_article(job.location, settings=settings)

    assert job.content is not None
    doc = parse_article(job.content, source=job.label, format=job.format)
    meta = doc.metadata
    title = unmarked(job.title) if job.title else meta.title  # a feed's title is plain text
    doc = dataclasses.replace(
        doc,
        metadata=dataclasses.replace(
            meta,
            title=title,
            slug=slugify(title) if job.title else meta.slug,
            author=job.author or meta.author,
            date=job.date or meta.date,
            canonical_url=job.link or meta.canonical_url,
        ),
    )
    return narrate_document(doc, settings=settings, published=published)


def _load_narration(job: ArticleJob) -> None:
    """Import the pipeline (a batch whose articles are all unchanged never needs it),
    loading the language model in the background meanwhile when ``job`` will need it."""
    if _will_guess_language(job):
        load_language_model_soon()
    import_module("reader.narrate.pipeline")
    import_module("reader.formulas")


_DECLARES_LANGUAGE = re.compile(
    rb"^\s*(lang|language|languagecode|locale)\s*[:=]|<html\b[^>]*\blang\s*="
    rb"|inlanguage|content-language|og:locale",
    re.IGNORECASE | re.MULTILINE,
)
"""Where an article may say its language (``reader.parse.metadata``): front matter, a
page's ``<html lang>``, JSON-LD, meta tags."""


def _will_guess_language(job: ArticleJob) -> bool:
    """Whether parsing the article will most likely guess its language from its words:
    a local file or a feed item that declares none anywhere. Only a hint: the parser
    decides, and loads the model itself when it needs it."""
    data = job.content.encode() if job.content is not None else None
    location = job.location
    if data is None and location is not None and location != "-" and "://" not in location:
        try:
            with open(location, "rb") as file:
                data = file.read(_HINT_READ_LIMIT)
        except OSError:
            return False
    return data is not None and len(data.split()) >= 20 and not _DECLARES_LANGUAGE.search(data)


def _run_one(job: ArticleJob, settings: NarrateSettings) -> Outcome:
    """Worker entry point: never raises for a bad article, only reports it."""
    started = time.perf_counter()
    try:
        result = narrate_batch_article(job, settings)
    except ReaderError as e:
        return Outcome(
            label=job.label, status="failed", reason=str(e), seconds=time.perf_counter() - started
        )
    except Exception as e:  # a bug must not stop the batch either
        return Outcome(
            label=job.label,
            status="failed",
            reason=f"internal error: {type(e).__name__}: {e}",
            seconds=time.perf_counter() - started,
        )
    return Outcome(
        label=job.label,
        status=result.status,
        slug=result.slug,
        title=result.manifest.metadata.title,
        duration_ms=result.manifest.duration_ms,
        seconds=time.perf_counter() - started,
        synthesized=result.synthesized,
        notices=result.notices,
    )


def run_batch(
    jobs: Sequence[ArticleJob],
    settings: NarrateSettings,
    *,
    workers: int = 1,
    on_start: Callable[[ArticleJob], None] = lambda job: None,
    on_outcome: Callable[[Outcome], None] = lambda outcome: None,
    before_narrating: Callable[[], None] = lambda: None,
) -> list[Outcome]:
    """Narrate ``jobs``; return one outcome per job, in the order they finished.
    ``before_narrating`` is called once, when some article needs narrating (after
    the unchanged ones are reported): the CLI opens its catalog then."""
    outcomes: list[Outcome] = []

    def report(outcome: Outcome) -> None:
        outcomes.append(outcome)
        on_outcome(outcome)

    todo = []
    index = read_edition_index(settings.out_dir) if not settings.force else {}
    for job in jobs:
        started = time.perf_counter()
        current = (
            current_edition(job.location, settings=settings, index=index)
            if job.location is not None and index
            else None
        )
        if job.error:
            report(Outcome(label=job.label, status="failed", reason=job.error))
        elif job.skip_reason:
            report(Outcome(label=job.label, status="skipped", reason=job.skip_reason))
        elif current is not None:
            on_start(job)
            report(
                Outcome(
                    label=job.label,
                    status="unchanged",
                    slug=current.slug,
                    title=current.metadata.title,
                    duration_ms=current.duration_ms,
                    seconds=time.perf_counter() - started,
                )
            )
        else:
            todo.append(job)
    if todo:
        if workers <= 1:
            # What narrating needs loads first, so that whatever the caller starts now
            # overlaps the speech engine and the encoder, not these imports.
            _load_narration(todo[0])
        before_narrating()
    if workers <= 1:
        if len(todo) == 1:
            # One article, narrated in this process: an engine that may speak in-process
            # does, sparing the start of a worker (a crash has no other article to stop).
            settings = dataclasses.replace(settings, speech_in_process=True)
        for job in todo:
            on_start(job)
            report(_run_one(job, settings))
        return outcomes
    for outcome in _run_pool(longest_first(todo), settings, workers=workers, on_start=on_start):
        report(outcome)
    return outcomes


def longest_first(jobs: Sequence[ArticleJob]) -> list[ArticleJob]:
    """``jobs`` with the most text first, so the last article to finish is a short
    one (LPT scheduling)."""
    return sorted(jobs, key=_size_hint, reverse=True)


def _size_hint(job: ArticleJob) -> int:
    """Words of visible text in the article, as a guess at how long it takes
    to narrate (unknown, as for a URL: 0). A web page's bytes are no guide: most
    of a news page is scripts and styles."""
    text = job.content
    if text is None and job.location:
        try:
            with open(job.location, "rb") as file:
                text = file.read(_HINT_READ_LIMIT).decode("utf-8", errors="replace")
        except OSError:
            return 0
    return len(_NOT_SPOKEN.sub(" ", text).split()) if text else 0


def _run_pool(
    jobs: Sequence[ArticleJob],
    settings: NarrateSettings,
    *,
    workers: int,
    on_start: Callable[[ArticleJob], None],
) -> Iterator[Outcome]:
    """Keep ``workers`` articles in flight; a crashed worker fails only its articles."""
    pending = list(reversed(jobs))
    import multiprocessing  # the process pool loads only for a parallel batch
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("spawn")
    while pending:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            max_tasks_per_child=_TASKS_PER_WORKER,
            initializer=exit_with_parent,
        ) as pool:
            running: dict[Future[Outcome], ArticleJob] = {}
            broken = False
            while (pending or running) and not broken:
                while pending and len(running) < workers:
                    job = pending.pop()
                    on_start(job)
                    running[pool.submit(_run_one, job, settings)] = job
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    job = running.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        broken = True
                        yield _died(job)
            for lost in running.values():
                yield _died(lost)


def _died(job: ArticleJob) -> Outcome:
    return Outcome(
        label=job.label,
        status="failed",
        reason="the worker process died while narrating this article",
    )
