"""Turn what the user typed into a list of articles to narrate.

Arguments may be files, directories (searched recursively), glob patterns,
URLs, or a blog's RSS/Atom feed (file or URL). A feed item that carries its
full content is narrated from that content; one that does not is narrated
from its page, fetched by link.
"""

from __future__ import annotations

import datetime as dt
import glob
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from reader.errors import InputError

__all__ = ["ARTICLE_SUFFIXES", "ArticleJob", "expand_inputs", "feed_jobs", "looks_like_feed"]

ARTICLE_SUFFIXES = (".md", ".markdown", ".html", ".htm")
_FEED_SUFFIXES = (".xml", ".rss", ".atom")
_LOOKED_FOR = "(looked for .md, .markdown, .html and .htm files)"
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)\s*\n(.*?)\n\1\s*(?:\n|\Z)", re.DOTALL)
_DRAFT = re.compile(r"^\s*draft\s*[:=]\s*[\"']?(true|yes|on)[\"']?\s*(#.*)?$", re.I | re.M)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]")


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleJob:
    """One article of a batch: a location to read, or a feed item's content."""

    label: str
    """What the user sees in progress lines and the report."""
    location: str | None = None
    content: str | None = None
    """The article's HTML when a feed item carries its full content."""
    format: Literal["markdown", "html"] | None = None
    title: str | None = None
    author: str | None = None
    date: dt.date | None = None
    link: str | None = None
    skip_reason: str | None = None
    """Set when the job is reported as skipped rather than narrated."""
    error: str | None = None
    """Set when the input itself is wrong (a directory with no articles): the
    job is reported as failed with this message."""


def looks_like_feed(data: bytes) -> bool:
    return bool(_FEED_ROOT.search(data[:2048]))


def _is_draft(path: Path) -> bool:
    with path.open("rb") as file:
        head = file.read(16384).decode("utf-8", errors="replace")
    match = _FRONT_MATTER.match(head)
    return bool(match and _DRAFT.search(match.group(2)))


def _directory_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() in ARTICLE_SUFFIXES and path.is_file():
            if not any(part.startswith(".") for part in path.relative_to(root).parts):
                yield path


def _file_job(path: Path, *, include_drafts: bool, from_directory: bool) -> ArticleJob:
    label = str(path)
    if from_directory and path.name in ("_index.md", "_index.markdown"):
        return ArticleJob(label=label, skip_reason="Hugo list page (_index)")
    if path.suffix.lower() in (".md", ".markdown") and not include_drafts and _is_draft(path):
        return ArticleJob(label=label, skip_reason="draft (use --include-drafts)")
    return ArticleJob(label=label, location=str(path))


def expand_inputs(
    args: Iterable[str], *, include_drafts: bool = False, max_bytes: int = 10 * 1024 * 1024
) -> list[ArticleJob]:
    """Every article the arguments name, in order, each once."""
    jobs: list[ArticleJob] = []
    for arg in args:
        if arg == "-" or "://" in arg:
            jobs.extend(_location_jobs(arg, max_bytes=max_bytes))
            continue
        path = Path(arg)
        if path.is_dir():
            files = list(_directory_files(path))
            if not files:
                jobs.append(
                    ArticleJob(
                        label=arg, error=f"{arg}: no articles in this directory {_LOOKED_FOR}"
                    )
                )
            for file in files:
                jobs.append(_file_job(file, include_drafts=include_drafts, from_directory=True))
        elif path.is_file():
            if path.suffix.lower() in _FEED_SUFFIXES:
                jobs.extend(_location_jobs(arg, max_bytes=max_bytes))
            else:
                jobs.append(_file_job(path, include_drafts=include_drafts, from_directory=False))
        elif glob.has_magic(arg):
            matches = sorted(Path(p) for p in glob.glob(arg, recursive=True))
            files = [p for p in matches if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES]
            if not files:
                problem = f"{arg}: no articles match this pattern {_LOOKED_FOR}"
                jobs.append(ArticleJob(label=arg, error=problem))
            for file in files:
                jobs.append(_file_job(file, include_drafts=include_drafts, from_directory=True))
        else:
            jobs.append(ArticleJob(label=arg, location=arg))
    seen: set[str] = set()
    unique = []
    for job in jobs:
        key = job.location or job.link or job.label
        if key not in seen:
            seen.add(key)
            unique.append(job)
    return unique


def _location_jobs(location: str, *, max_bytes: int) -> list[ArticleJob]:
    """A URL or feed file: its feed items when it is a feed, else itself."""
    if location == "-":
        return [ArticleJob(label="<stdin>", location=location)]
    from reader.sources import read_article  # imported only for URLs and feeds

    try:
        source, data, _ = read_article(location, max_bytes=max_bytes)
    except InputError:
        # Reported when the job runs, with the same message.
        return [ArticleJob(label=location, location=location)]
    if not looks_like_feed(data):
        return [ArticleJob(label=location, location=location)]
    return feed_jobs(data, source=source)


def _entry_date(entry: Any) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None


def feed_jobs(data: bytes, *, source: str) -> list[ArticleJob]:
    """One job per feed item: its full content when present, else its link."""
    import feedparser

    from reader.parse.links import web_url  # the parsers load only for a feed

    feed = feedparser.parse(data)
    if not feed.entries:
        raise InputError(source, "the feed has no items")
    jobs = []
    for number, entry in enumerate(feed.entries, start=1):
        title = entry.get("title") or None
        link = web_url(entry.get("link"))  # http(s) only: it becomes the item's <link>
        label = f"{source} item {number}: {title or link or 'untitled'}"
        content = next(
            (c.get("value") for c in entry.get("content", []) if "html" in c.get("type", "")),
            None,
        )
        job = ArticleJob(
            label=label,
            title=title,
            author=entry.get("author") or None,
            date=_entry_date(entry),
            link=link,
        )
        if content:
            jobs.append(replace(job, content=content, format="html"))
        elif link:
            jobs.append(replace(job, location=link))
        else:
            jobs.append(replace(job, skip_reason="item has neither content nor a link"))
    return jobs
