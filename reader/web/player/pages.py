"""The player's HTML: the episode list, one episode's page and the not-found page.

Pure: manifests and cues in, a whole HTML document out, from the Jinja2
templates in ``reader/web/templates`` (autoescaped: text from an article is
never markup). Every page works without JavaScript (native audio controls,
chapter links with media fragments, the transcript as text); ``player.js``
then turns the chapter links into buttons and reveals the controls marked
``hidden``. The interface is English; the article's own words carry the
article's language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from reader.edition.manifest import Manifest
from reader.edition.model import Cue
from reader.text import primary_language, same_words
from reader.web.player.format import (
    clock_time,
    episode_file_url,
    episode_page_url,
    fragment_seconds,
    iso_duration,
    long_date,
    readable_bytes,
    spoken_duration,
)
from reader.web.player.transcript import TranscriptPart, group_cues

__all__ = [
    "SPEEDS",
    "Assets",
    "TranscriptView",
    "episode_context",
    "index_context",
    "not_found_context",
    "page_environment",
    "render_episode_page",
    "render_index_page",
    "render_not_found_page",
]

SPEEDS = (0.75, 1.0, 1.25, 1.5, 1.75, 2.0)
SKIP_SECONDS = 15
_UI_LANG = "en"


@dataclass(frozen=True, slots=True, kw_only=True)
class Assets:
    """Where the page finds its style sheet and script (versioned for caching)."""

    css_href: str = "/static/player.css"
    js_href: str = "/static/player.js"


_SHORTCUTS = (
    ("Right arrow", "Next chapter"),
    ("Left arrow", "Previous chapter"),
    ("F", f"Forward {SKIP_SECONDS} seconds"),
    ("B", f"Back {SKIP_SECONDS} seconds"),
    ("Up arrow", "Faster"),
    ("Down arrow", "Slower"),
    ("K", "Play or pause"),
)


def page_environment() -> Environment:
    """The templates with autoescape on and the player's formatting filters."""
    env = Environment(
        loader=PackageLoader("reader.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    formats = (clock_time, fragment_seconds, iso_duration, long_date, readable_bytes)
    urls = (episode_file_url, episode_page_url)
    env.filters.update({f.__name__: f for f in (*formats, *urls, spoken_duration)})
    return env


_ENV = page_environment()


def _ui(lang: str) -> Markup:
    """``lang="en"`` for interface text on a page whose article is in another language."""
    if primary_language(lang) == _UI_LANG:
        return Markup("")
    return Markup(' lang="{}"').format(_UI_LANG)


def _own_lang(manifest: Manifest) -> Markup:
    """``lang="<the article's>"`` for article text on an English page."""
    lang = manifest.metadata.language or _UI_LANG
    return Markup(' lang="{}"').format(lang) if _ui(lang) else Markup("")


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    css_class: str
    """The speaker, as a class name (``narrator``, ``quote``...), or empty."""
    cues: tuple[Cue, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TranscriptView:
    """One chapter of the transcript as the page shows it."""

    heading: str | None
    heading_cue: Cue | None
    """The chapter's spoken title, shown as its heading (and playable) when it leads."""
    paragraphs: tuple[Paragraph, ...]


def _transcript_view(part: TranscriptPart) -> TranscriptView:
    cues = list(part.cues)
    heading_cue = None
    if part.chapter is not None and cues and same_words(cues[0].text, part.chapter.title):
        heading_cue = cues.pop(0)
    grouped: list[list[Cue]] = []
    for cue in cues:
        if not grouped or cue.speaker != grouped[-1][-1].speaker:
            grouped.append([])
        grouped[-1].append(cue)
    paragraphs = tuple(
        Paragraph(
            css_class=re.sub(r"[^a-z0-9]+", "-", (group[0].speaker or "").lower()).strip("-"),
            cues=tuple(group),
        )
        for group in grouped
    )
    heading = part.chapter.title if part.chapter is not None else None
    return TranscriptView(heading=heading, heading_cue=heading_cue, paragraphs=paragraphs)


def index_context(
    manifests: Sequence[Manifest], *, feed_url: str = "/feed.xml", assets: Assets = Assets()
) -> dict[str, Any]:
    """What ``index.html`` shows: every episode and the feed's address."""
    return {
        "lang": _UI_LANG,
        "title": "Episodes · reader",
        "assets": assets,
        "episodes": list(manifests),
        "feed_url": feed_url,
        "own_lang": _own_lang,
    }


def not_found_context(slug: str, *, assets: Assets = Assets()) -> dict[str, Any]:
    """What ``not_found.html`` shows for a missing episode."""
    return {"lang": _UI_LANG, "title": "Episode not found · reader", "assets": assets, "slug": slug}


def episode_context(
    manifest: Manifest, *, cues: Sequence[Cue] | None = None, assets: Assets = Assets()
) -> dict[str, Any]:
    """What ``episode.html`` shows: the audio, chapters, transcript and downloads."""
    lang = manifest.metadata.language or _UI_LANG
    transcript_links = [
        (episode_file_url(manifest.slug, manifest.files[role].path), label)
        for role, label in (
            ("transcript_vtt", "WebVTT"),
            ("transcript_srt", "SRT"),
            ("transcript_json", "JSON, every word timed"),
            ("transcript_segments", "Podcasting 2.0 JSON"),
        )
        if role in manifest.files
    ]
    downloads = [(manifest.episode.path, "Whole episode, MP3", manifest.episode.bytes)]
    if manifest.m4b is not None:
        downloads.append((manifest.m4b.path, "Audiobook with chapters, M4B", manifest.m4b.bytes))
    if "chapters_vtt" in manifest.files:
        entry = manifest.files["chapters_vtt"]
        downloads.append((entry.path, "Chapter list, WebVTT", entry.bytes))
    for role, label in (
        ("epub", "Talking book to read along, EPUB 3"),
        ("daisy", "Talking book for DAISY players, DAISY 2.02 (zip)"),
    ):
        if role in manifest.files:
            downloads.append((manifest.files[role].path, label, manifest.files[role].bytes))
    words_url = None
    if "transcript_json" in manifest.files:
        words_url = episode_file_url(manifest.slug, manifest.files["transcript_json"].path)
    transcript = None
    if cues:
        transcript = [_transcript_view(p) for p in group_cues(manifest.chapters, cues)]
    return {
        "lang": lang,
        "title": f"{manifest.metadata.title} · reader",
        "assets": assets,
        "manifest": manifest,
        "ui": _ui(lang),
        "speeds": [f"{s:g}" for s in SPEEDS],
        "skip_seconds": SKIP_SECONDS,
        "shortcuts": _SHORTCUTS,
        "transcript": transcript,
        "transcript_links": transcript_links,
        "words_url": words_url,
        "downloads": [
            (episode_file_url(manifest.slug, path), label, size) for path, label, size in downloads
        ],
    }


def render_index_page(
    manifests: Sequence[Manifest], *, feed_url: str = "/feed.xml", assets: Assets = Assets()
) -> str:
    """``GET /``: every episode (title, date, length, link) and how to subscribe.

    ``feed_url`` is the feed's absolute address, shown for copying into an app.
    """
    context = index_context(manifests, feed_url=feed_url, assets=assets)
    return _ENV.get_template("index.html").render(context)


def render_not_found_page(slug: str, *, assets: Assets = Assets()) -> str:
    """The 404 page for an episode that does not exist (any more)."""
    return _ENV.get_template("not_found.html").render(not_found_context(slug, assets=assets))


def render_episode_page(
    manifest: Manifest, *, cues: Sequence[Cue] | None = None, assets: Assets = Assets()
) -> str:
    """``GET /episodes/{slug}``: the audio, its chapters, the transcript (``cues``,
    when the server could read them) and the keyboard shortcuts."""
    context = episode_context(manifest, cues=cues, assets=assets)
    return _ENV.get_template("episode.html").render(context)
