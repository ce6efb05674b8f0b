"""``reader narrate ARTICLE...``: narrate articles into editions, N at a time."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from reader.edition.outputs import output_formats

if TYPE_CHECKING:  # the pipeline loads when the command runs, keeping `reader --help` fast
    import subprocess

    from reader.catalog import Catalog
    from reader.config import Settings
    from reader.edition.manifest import Manifest
    from reader.narrate.batch import Outcome
    from reader.narrate.inputs import ArticleJob
    from reader.narrate.settings import NarrateSettings


def add_parser(commands: Any) -> None:
    p: argparse.ArgumentParser = commands.add_parser(
        "narrate",
        help="narrate articles into chaptered episodes",
        description=(
            "Narrate articles into output/<slug>/: a chaptered episode, one file per "
            "section, chapters, transcripts and a manifest. ARTICLE may be a file, a "
            "directory (searched recursively), a glob pattern, an http(s) URL, a blog's "
            "RSS/Atom feed (file or URL), or - for standard input."
        ),
    )
    p.add_argument("articles", nargs="+", metavar="ARTICLE")
    p.add_argument("--out", type=Path, default=Path("output"), help="output directory")
    p.add_argument(
        "--voice",
        default="default",
        help="voice profile name or path (default: the neural voice Joe, with espeak-ng for "
        "other languages; espeak: espeak-ng alone, fast, any language)",
    )
    p.add_argument(
        "--format",
        type=_parse_formats,
        default=None,
        help="comma-separated: mp3 (always), m4b (audiobook), epub and daisy (talking books); "
        "default: [narrate] formats, mp3",
    )
    p.add_argument("--force", action="store_true", help="ignore the speech cache")
    p.add_argument(
        "--lexicon", type=Path, action="append", default=[], help="pronunciation lexicon"
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="articles narrated at a time (default: number of CPUs)",
    )
    p.add_argument(
        "--languages",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="directory of extra language files (<code>.toml)",
    )
    p.add_argument("--include-drafts", action="store_true", help="narrate drafts too")
    p.add_argument(
        "--read-references",
        action="store_true",
        help="read lists of references out instead of announcing how long they are",
    )
    p.add_argument("--quiet", action="store_true", help="one line per article, no live display")
    p.add_argument("--json", action="store_true", help="one JSON object per article on stdout")
    p.add_argument("--report", type=Path, help="write the summary as JSON to this file")
    p.add_argument(
        "--catalog",
        metavar="URL",
        help="catalog to record episodes in: a SQLite file or postgresql://… "
        "(default: READER_CATALOG_URL, reader.toml [catalog] url, else <out>/reader.db)",
    )
    p.add_argument(
        "--storage",
        metavar="URL",
        help="where finished editions go: s3://bucket/prefix or a folder "
        "(default: READER_STORAGE_URL, reader.toml [storage] url, else --out)",
    )
    p.add_argument(
        "--queue",
        action="store_true",
        help="hand each article to `reader worker` processes through the broker",
    )
    p.add_argument(
        "--broker",
        default=None,
        help="broker URL for --queue (default: [queue] broker in reader.toml, READER_BROKER_URL)",
    )
    p.add_argument(
        "--no-wait", action="store_true", help="with --queue: print the task ids and return"
    )
    p.add_argument("--config", type=Path, default=None, help="settings file (./reader.toml)")
    p.set_defaults(run=run)


def _parse_formats(value: str) -> tuple[str, ...]:
    try:
        return output_formats(f.strip().lower() for f in value.split(",") if f.strip())
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _clock(seconds: float) -> str:
    s = int(seconds)
    return (
        f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
    )


class Progress:
    """Live status on a terminal; one plain line per article otherwise."""

    def __init__(self, total: int, *, stream: TextIO, live: bool, as_json: bool) -> None:
        self.total = total
        self.stream = stream
        self.live = live
        self.as_json = as_json
        self.started = time.monotonic()
        self.done = 0
        self.audio_ms = 0
        self.running: dict[str, str] = {}

    def start(self, job: ArticleJob) -> None:
        self.running[job.label] = job.title or Path(job.label).name
        self._draw()

    def finish(self, outcome: Outcome) -> None:
        self.running.pop(outcome.label, None)
        self.done += 1
        self.audio_ms += outcome.duration_ms
        if self.as_json:
            print(json.dumps(outcome.to_dict()), flush=True)  # noqa: T201
        else:
            self._clear()
            if outcome.reason:
                # An error names its file first; the line already starts with it.
                detail = outcome.reason
                label = "" if detail.startswith(outcome.label) else f"{outcome.label}: "
            else:
                detail = f"{outcome.slug} ({outcome.seconds:.1f} s)"
                label = f"{outcome.label}: "
            counter = f"[{self.done}/{self.total}]"
            self.stream.write(f"{counter} {outcome.status:9} {label}{detail}\n")
            for notice in outcome.notices:  # the voice fell back to another profile
                self.stream.write(f"{' ' * len(counter)} {'notice':9} {outcome.label}: {notice}\n")
        self._draw()

    def _clear(self) -> None:
        if self.live:
            self.stream.write("\r\x1b[2K")

    def _draw(self) -> None:
        if not self.live:
            self.stream.flush()
            return
        elapsed = time.monotonic() - self.started
        left = elapsed / self.done * (self.total - self.done) if self.done else None
        titles = ", ".join(list(self.running.values())[:2])
        line = (
            f"{self.done}/{self.total} done · {self.audio_ms / 60000:.1f} min audio · "
            f"{_clock(elapsed)} elapsed" + (f", ~{_clock(left)} left" if left is not None else "")
        )
        if titles:
            line += f" · {titles}"
        width = 120
        self._clear()
        self.stream.write(line[:width])
        self.stream.flush()

    def close(self) -> None:
        self._clear()
        self.stream.flush()


def summarize(outcomes: list[Outcome]) -> dict[str, Any]:
    counts = {
        s: sum(o.status == s for o in outcomes)
        for s in ("narrated", "unchanged", "skipped", "failed")
    }
    return {
        **counts,
        "total": len(outcomes),
        "failures": [
            {"article": o.label, "reason": o.reason} for o in outcomes if o.status == "failed"
        ],
        "skips": [
            {"article": o.label, "reason": o.reason} for o in outcomes if o.status == "skipped"
        ],
        "notices": [{"article": o.label, "notice": n} for o in outcomes for n in o.notices],
        "articles": [o.to_dict() for o in outcomes],
    }


_CONFIG_NAME = "reader.toml"
_ENV_PREFIX = "READER_"
"""``reader.config``'s ``CONFIG_NAME`` and ``ENV_PREFIX``, spelled out: that module
loads pydantic, which an unchanged article never needs."""


def _settings_given(args: argparse.Namespace) -> bool:
    """Whether anything but the command line sets a setting: a settings file or a
    ``READER_`` variable (or ``--storage``, whose storage the settings describe)."""
    return (
        args.config is not None
        or args.storage is not None
        or Path(_CONFIG_NAME).is_file()
        or any(name.upper().startswith(_ENV_PREFIX) for name in os.environ)
    )


class _Publisher:
    """Records each finished edition in storage and the catalog, in this process.

    With the embedded default (editions in --out, the catalog a SQLite file, not
    a URL) nothing heavy loads: an unchanged edition the catalog already lists as
    it is needs no write, and a catalog at the newest revision is written with
    ``sqlite3`` (``reader.catalog.lite``). Otherwise the ``Catalog`` (SQLAlchemy)
    opens on first use, or in the background while the articles are narrated
    (``open_catalog_soon``)."""

    def __init__(self, args: argparse.Namespace, config: Settings | None) -> None:
        from reader.storage import LocalStorage, StorageConfig, cache_storage_for, storage_config

        self.out_dir: Path = args.out
        storage = storage_config(config) if config else StorageConfig(url=str(args.out))
        self.storage = storage.open()
        self.cache_storage = cache_storage_for(config) if config else None
        """Where the shared speech cache is: the storage, unless that is --out."""
        self.catalog_location: str | Path = (
            config.catalog_location if config else args.catalog or args.out / "reader.db"
        )
        local = isinstance(self.storage, LocalStorage) and (
            self.storage.root.resolve() == self.out_dir.resolve()
        )
        self._sqlite_file = (
            Path(self.catalog_location)
            if local and "://" not in str(self.catalog_location)
            else None
        )
        """The catalog's SQLite file, which ``reader.catalog.lite`` may read and write;
        None when editions go to other storage or the catalog is given by URL."""
        self._catalog: Catalog | None = None
        self._opening: Future[Catalog] | None = None
        self._upgrade: subprocess.Popen[bytes] | None = None
        """``reader db upgrade`` creating or migrating the SQLite catalog, if started."""
        self.failures: list[Outcome] = []

    def open_catalog_soon(self) -> None:
        """Start opening the catalog in the background (its imports, its migrations),
        while articles are narrated; ``catalog`` waits for it. Not when the SQLite
        catalog is already at the newest revision: ``upsert`` writes it without.

        A SQLite catalog that does not exist yet is made with the first row
        (``upsert_sqlite_episode(create=True)``); one that is older is migrated by a
        child process, ``reader db upgrade``, on the other core: in a thread here,
        the imports of SQLAlchemy and Alembic held the interpreter's lock the
        speaking loop needs, and a new site's first narration took 1.4 s longer."""
        if self._sqlite_file is not None:
            from reader.catalog.lite import (
                HEAD_REVISION,
                makes_new_catalogs,
                sqlite_catalog_revision,
            )

            revision = sqlite_catalog_revision(self._sqlite_file)
            if revision == HEAD_REVISION:
                return
            if not self._sqlite_file.exists() and makes_new_catalogs():
                return
            if revision is None or revision < HEAD_REVISION:
                self._upgrade = _start_upgrade(self._sqlite_file)
                return
        self._start_opening()

    def _start_opening(self) -> None:
        if self._catalog is None and self._opening is None:
            self._opening = Future()
            threading.Thread(target=self._open, name="catalog-open", daemon=True).start()

    def _open(self) -> None:
        assert self._opening is not None
        try:
            from reader.catalog import Catalog

            self._opening.set_result(Catalog(self.catalog_location))
        except BaseException as e:
            self._opening.set_exception(e)

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._start_opening()
            assert self._opening is not None
            self._catalog = self._opening.result()
        return self._catalog

    def upsert(self, manifest: Manifest, manifest_path: Path | str) -> Manifest:
        """``Catalog.upsert``: through ``sqlite3`` when the catalog is a SQLite file at
        the newest revision or not made yet, else through the ``Catalog``, which
        migrates it (or says why it cannot be opened)."""
        if self._sqlite_file is not None:
            from reader.catalog.lite import upsert_sqlite_episode

            self._await_upgrade()
            stored = upsert_sqlite_episode(self._sqlite_file, manifest, manifest_path, create=True)
            if stored is not None:
                return stored
        return self.catalog.upsert(manifest, manifest_path)

    def record(self, outcome: Outcome) -> Outcome:
        """The outcome, or a failed one when the edition could not be published."""
        import dataclasses

        from reader.errors import ReaderError
        from reader.storage import record_edition

        assert outcome.slug is not None
        edition_dir = self.out_dir / outcome.slug
        if outcome.status == "unchanged" and self._listed(edition_dir):
            return outcome
        try:
            record_edition(edition_dir, catalog=self, storage=self.storage)
        except ReaderError as e:
            failed = dataclasses.replace(outcome, status="failed", reason=str(e))
            self.failures.append(failed)
            return failed
        return outcome

    def _listed(self, edition_dir: Path) -> bool:
        """Whether the SQLite catalog already lists this edition exactly as it is on
        disk (so recording it would change nothing), found without writing to it."""
        if self._sqlite_file is None:
            return False
        from reader.catalog.lite import sqlite_episode_is_current

        path = edition_dir / "manifest.json"
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            return False
        return sqlite_episode_is_current(
            self._sqlite_file,
            slug=edition_dir.name,
            manifest_json=text,
            manifest_path=str(path.resolve()),
        )

    def _await_upgrade(self) -> None:
        """Wait for ``reader db upgrade`` if it runs. Should it fail, the catalog is
        then opened here, which creates or migrates it or says why it cannot."""
        if self._upgrade is not None:
            self._upgrade.wait()
            self._upgrade = None

    def close(self) -> None:
        self._await_upgrade()  # never cut short by the reaping of children
        if self._opening is not None:
            try:
                self.catalog.close()
            except Exception:  # it could not open: the records said so already
                pass


def _start_upgrade(database: Path) -> subprocess.Popen[bytes]:
    """``reader db upgrade`` of the SQLite catalog ``database``, started in a child."""
    import subprocess

    from reader import processes

    command = [sys.executable, "-m", "reader", "db", "upgrade", "--catalog", str(database)]
    return processes.popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _make_out_dir(out_dir: Path) -> None:
    from reader.errors import InputError

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise InputError(str(out_dir), "--out names a file; give a directory") from None
    except OSError as e:
        problem = f"cannot create the output directory ({e.strerror or e})"
        raise InputError(str(out_dir), problem) from None


def run(args: argparse.Namespace) -> int:
    from reader.narrate.batch import run_batch
    from reader.narrate.inputs import expand_inputs
    from reader.narrate.settings import NarrateSettings, narrate_settings
    from reader.narrate.workdir import remove_stale_work_dirs
    from reader.processes import reaping_children

    if args.no_wait and not args.queue:
        sys.stderr.write("reader narrate: --no-wait goes with --queue\n")
        return 2  # a usage error, as argparse gives
    _make_out_dir(args.out)
    remove_stale_work_dirs(args.out)  # scratch directories a killed run left behind
    jobs = expand_inputs(args.articles, include_drafts=args.include_drafts)
    workers = max(1, min(args.jobs, len(jobs)))
    config = None  # the defaults: nothing loads pydantic (see _settings_given)
    if args.queue or _settings_given(args):
        from reader.config import load_settings

        config = load_settings(
            args.config, out_dir=args.out, catalog_url=args.catalog, storage_url=args.storage
        )
    publisher = None if args.queue else _Publisher(args, config)  # workers publish queued ones
    settings = narrate_settings(  # reader.toml [narrate], then the options
        config,
        out_dir=args.out,
        cache_storage=publisher.cache_storage if publisher else None,
        voice=args.voice,
        formats=args.format or (config.formats if config else NarrateSettings().formats),
        force=args.force,
        lexicons=(*(config.lexicons if config else ()), *args.lexicon),
        speech_workers=max(1, (os.cpu_count() or 1) // workers),
        read_references=args.read_references or bool(config and config.read_references),
        language_dirs=(*(config.language_dirs if config else ()), *args.languages),
    )
    if settings.language_dirs:
        from reader.languages import read_languages

        read_languages(settings.language_dirs)  # a broken language file stops the batch here
    progress = Progress(
        len(jobs),
        stream=sys.stderr,
        live=sys.stderr.isatty() and not (args.quiet or args.json),
        as_json=args.json,
    )

    if args.queue:
        return _run_queued(args, jobs, settings, progress)
    assert publisher is not None

    def finished(outcome: Outcome) -> None:
        if outcome.slug and outcome.status in ("narrated", "unchanged"):
            outcome = publisher.record(outcome)
        progress.finish(outcome)

    def before_narrating() -> None:
        if getattr(args, "program", False):
            # What the narration loaded (its modules, some 70,000 objects) lives as
            # long as the process: kept out of the full garbage collections, which
            # walked it all again as the article was narrated (a tenth of a
            # CPU-second for the seed on a busy machine).
            gc.freeze()
        publisher.open_catalog_soon()

    # Every process the batch starts (workers, speech engines, their tools,
    # multiprocessing's resource tracker) has ended before the command does.
    with reaping_children():
        try:
            outcomes = run_batch(
                jobs,
                settings,
                workers=workers,
                on_start=progress.start,
                on_outcome=finished,
                before_narrating=before_narrating,
            )
        finally:
            progress.close()
            publisher.close()
            speak = sys.modules.get("reader.narrate.speak")  # loaded only if an article was
            if speak is not None:
                speak.close_speakers()
    failed = {(o.label, o.slug): o for o in publisher.failures}
    outcomes = [failed.get((o.label, o.slug), o) for o in outcomes]
    return _report(args, outcomes)


def _run_queued(
    args: argparse.Namespace,
    jobs: list[ArticleJob],
    settings: NarrateSettings,
    progress: Progress,
) -> int:
    """Submit every article as a task; unless --no-wait, follow them like a local batch
    (the workers publish and record the editions)."""
    from reader.config import load_settings
    from reader.queue import create_celery, submit_jobs, wait_for_tasks

    app = create_celery(load_settings(args.config), broker_url=args.broker)
    submitted = submit_jobs(app, jobs, settings)
    if args.no_wait:
        for entry in submitted:
            if entry.task_id is not None:
                print(f"{entry.task_id}\t{entry.job.label}")  # noqa: T201
            elif entry.outcome is not None:
                progress.finish(entry.outcome)
        progress.close()
        return 0 if all(e.outcome is None or e.outcome.status != "failed" for e in submitted) else 2
    try:
        outcomes = wait_for_tasks(
            app, submitted, on_start=progress.start, on_outcome=progress.finish
        )
    finally:
        progress.close()
    return _report(args, outcomes)


def _report(args: argparse.Namespace, outcomes: list[Outcome]) -> int:
    summary = summarize(outcomes)
    if args.report:
        args.report.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if not args.json:
        sys.stderr.write(
            f"{summary['narrated']} narrated, {summary['unchanged']} unchanged, "
            f"{summary['skipped']} skipped, {summary['failed']} failed\n"
        )
        for failure in summary["failures"]:
            sys.stderr.write(f"reader: error: {failure['reason']}\n")
    return 0 if summary["failed"] == 0 else 2
