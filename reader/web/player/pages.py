"""The player's HTML: the episode list, one episode's page and the not-found page.

Pure: manifests and cues in, a whole HTML document out. Every page works
without JavaScript (native audio controls, chapter links with media
fragments, the transcript as text); ``player.js`` then turns the chapter
links into buttons and reveals the controls marked ``hidden`` here. The
interface is English; the article's own words carry the article's language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from reader.edition.manifest import Manifest
from reader.edition.model import Chapter, Cue
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


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _ui(lang: str) -> str:
    """``lang="en"`` for interface text on a page whose article is in another language."""
    return "" if primary_language(lang) == _UI_LANG else f' lang="{_UI_LANG}"'


def _document(*, lang: str, title: str, body: str, assets: Assets, head: str = "") -> str:
    return (
        "<!doctype html>\n"
        f'<html lang="{_attr(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{_attr(assets.css_href)}">\n'
        '<link rel="alternate" type="application/rss+xml" title="Podcast feed" href="/feed.xml">\n'
        f"{head}</head>\n<body>\n{body}</body>\n</html>\n"
    )


def _site_header(ui: str, *, current: str = "") -> str:
    here = ' aria-current="page"' if current == "index" else ""
    return (
        f'<header class="site-header"{ui}>\n'
        '<p class="site-name"><a href="/">reader</a></p>\n'
        '<nav aria-label="Site">\n<ul>\n'
        f'<li><a href="/"{here}>All episodes</a></li>\n'
        '<li><a href="/feed.xml">Podcast feed</a></li>\n'
        "</ul>\n</nav>\n</header>\n"
    )


def _site_footer(ui: str) -> str:
    return (
        f'<footer class="site-footer"{ui}>\n'
        "<p>Articles narrated by reader. Subscribe with any podcast app: "
        '<a href="/feed.xml">podcast feed</a>.</p>\n</footer>\n'
    )


def _date_html(manifest: Manifest) -> str:
    day = manifest.metadata.date
    if day is None:
        return ""
    return f'<time datetime="{day.isoformat()}">{long_date(day)}</time>'


def _duration_html(ms: int) -> str:
    return f'<time datetime="{iso_duration(ms)}">{spoken_duration(ms)}</time>'


def _episode_facts(manifest: Manifest) -> list[str]:
    facts = []
    if manifest.metadata.author:
        facts.append(f"By {escape(manifest.metadata.author)}")
    if manifest.metadata.date:
        facts.append(f"Published {_date_html(manifest)}")
    facts.append(f"Length {_duration_html(manifest.duration_ms)}")
    count = len(manifest.chapters)
    facts.append(f"{count} chapter{'' if count == 1 else 's'}")
    return facts


# -- the episode list ---------------------------------------------------------------


def render_index_page(
    manifests: Sequence[Manifest], *, feed_url: str = "/feed.xml", assets: Assets = Assets()
) -> str:
    """``GET /``: every episode (title, date, length, link) and how to subscribe.

    ``feed_url`` is the feed's absolute address, shown for copying into an app.
    """
    items = []
    for m in manifests:
        lang = m.metadata.language or _UI_LANG
        own = "" if not _ui(lang) else f' lang="{_attr(lang)}"'
        facts = " · ".join(_episode_facts(m))
        items.append(
            '<li class="episode">\n'
            f'<h3><a href="{_attr(episode_page_url(m.slug))}"{own}>'
            f"{escape(m.metadata.title)}</a></h3>\n"
            f'<p class="facts">{facts}</p>\n'
            + (
                f'<p class="description"{own}>{escape(m.metadata.description)}</p>\n'
                if m.metadata.description
                else ""
            )
            + "</li>\n"
        )
    listing = (
        f'<ol class="episodes">\n{"".join(items)}</ol>\n'
        if items
        else "<p>No episodes yet. Narrate an article with <code>reader narrate</code>, "
        "and it appears here.</p>\n"
    )
    body = (
        '<a class="skip-link" href="#main">Skip to the episodes</a>\n'
        + _site_header("", current="index")
        + '<main id="main" tabindex="-1">\n<h1>Episodes</h1>\n'
        '<section class="subscribe" aria-labelledby="subscribe-heading">\n'
        '<h2 id="subscribe-heading">Subscribe</h2>\n'
        "<p>Every episode here is also in a podcast feed. In your podcast app, choose "
        "<q>Add podcast by URL</q> (or <q>Follow a show by URL</q>) and enter this "
        "address:</p>\n"
        f'<p class="feed-url"><code>{escape(feed_url)}</code></p>\n'
        f'<p><a href="{_attr(feed_url)}">Open the podcast feed</a> (RSS)</p>\n'
        "</section>\n"
        '<section aria-labelledby="episodes-heading">\n'
        f'<h2 id="episodes-heading">All episodes ({len(items)})</h2>\n'
        f"{listing}</section>\n</main>\n" + _site_footer("")
    )
    return _document(lang=_UI_LANG, title="Episodes · reader", body=body, assets=assets)


def render_not_found_page(slug: str, *, assets: Assets = Assets()) -> str:
    """The 404 page for an episode that does not exist (any more)."""
    body = (
        '<a class="skip-link" href="#main">Skip to the message</a>\n'
        + _site_header("")
        + '<main id="main" tabindex="-1">\n<h1>Episode not found</h1>\n'
        f"<p>There is no episode called <code>{escape(slug)}</code>. It may have been "
        'removed. <a href="/">See all episodes</a>.</p>\n</main>\n' + _site_footer("")
    )
    return _document(lang=_UI_LANG, title="Episode not found · reader", body=body, assets=assets)


# -- one episode ----------------------------------------------------------------------


def _player_html(manifest: Manifest, ui: str) -> str:
    audio = episode_file_url(manifest.slug, manifest.episode.path)
    speeds = "".join(
        f'<option value="{s:g}"{" selected" if s == 1.0 else ""}>{s:g}×</option>' for s in SPEEDS
    )
    count = len(manifest.chapters)
    return (
        '<section id="player" class="player" aria-labelledby="player-heading" tabindex="-1">\n'
        f'<h2 id="player-heading"{ui}>Player</h2>\n'
        f'<audio id="audio" controls preload="metadata" src="{_attr(audio)}" '
        f'data-duration-ms="{manifest.duration_ms}">\n'
        f'<p{ui}>Your browser cannot play audio here. <a href="{_attr(audio)}">'
        "Download the episode</a> (MP3).</p>\n</audio>\n"
        f'<div id="controls" class="controls" role="group" aria-label="Player controls"'
        f"{ui} hidden>\n"
        '<button type="button" data-action="previous-chapter" '
        'aria-keyshortcuts="Alt+Shift+ArrowLeft">Previous chapter</button>\n'
        '<button type="button" data-action="back" aria-keyshortcuts="Alt+Shift+B">'
        f"Back {SKIP_SECONDS} seconds</button>\n"
        '<button type="button" data-action="forward" aria-keyshortcuts="Alt+Shift+F">'
        f"Forward {SKIP_SECONDS} seconds</button>\n"
        '<button type="button" data-action="next-chapter" '
        'aria-keyshortcuts="Alt+Shift+ArrowRight">Next chapter</button>\n'
        '<span class="speed"><label for="speed">Speed</label>\n'
        f'<select id="speed" aria-keyshortcuts="Alt+Shift+ArrowUp Alt+Shift+ArrowDown">'
        f"{speeds}</select></span>\n"
        '<button type="button" id="follow-toggle" aria-pressed="true">'
        "Highlight transcript</button>\n"
        '<button type="button" id="shortcuts-toggle" aria-pressed="true" '
        'aria-describedby="shortcuts-summary">Keyboard shortcuts</button>\n'
        "</div>\n"
        f'<p id="now" class="now"{ui} hidden>Chapter <span id="now-number">1</span> of '
        f'{count}: <span id="now-title"></span></p>\n'
        f'<div id="announcer" class="visually-hidden" aria-live="polite"{ui}></div>\n'
        "</section>\n"
    )


def _chapter_item(manifest: Manifest, chapter: Chapter, audio: str) -> str:
    href = f"{audio}#t={fragment_seconds(chapter.start_ms)}"
    return (
        f'<li class="chapter level-{chapter.level}" data-start-ms="{chapter.start_ms}" '
        f'data-end-ms="{chapter.end_ms}">'
        f'<a class="chapter-jump" href="{_attr(href)}">'
        f'<span class="chapter-title">{escape(chapter.title)}</span> '
        f'<time class="chapter-time" datetime="{iso_duration(chapter.start_ms)}">'
        f"{clock_time(chapter.start_ms)}</time></a></li>\n"
    )


def _chapters_html(manifest: Manifest, ui: str) -> str:
    audio = episode_file_url(manifest.slug, manifest.episode.path)
    items = "".join(_chapter_item(manifest, c, audio) for c in manifest.chapters)
    return (
        '<section class="chapters-section" aria-labelledby="chapters-heading">\n'
        f'<h2 id="chapters-heading"{ui}>Chapters</h2>\n'
        f'<p class="hint"{ui}>Each chapter plays from its start.</p>\n'
        f'<ol id="chapters" class="chapters">\n{items}</ol>\n</section>\n'
    )


def _cue_html(cue: Cue) -> str:
    return (
        f'<span class="cue" data-start-ms="{cue.start_ms}" data-end-ms="{cue.end_ms}">'
        f"{escape(cue.text)}</span>"
    )


def _part_html(part: TranscriptPart, number: int) -> str:
    cues = list(part.cues)
    out = ['<div class="transcript-part">\n']
    if part.chapter is not None:
        heading = escape(part.chapter.title)
        if cues and same_words(cues[0].text, part.chapter.title):
            heading = _cue_html(cues.pop(0))
        out.append(f"<h3>{heading}</h3>\n")
    paragraphs: list[list[Cue]] = []
    for cue in cues:
        if not paragraphs or cue.speaker != paragraphs[-1][-1].speaker:
            paragraphs.append([])
        paragraphs[-1].append(cue)
    for paragraph in paragraphs:
        speaker = re.sub(r"[^a-z0-9]+", "-", (paragraph[0].speaker or "").lower()).strip("-")
        css = f' class="{speaker}"' if speaker else ""
        out.append(f"<p{css}>" + " ".join(_cue_html(c) for c in paragraph) + "</p>\n")
    out.append("</div>\n")
    return "".join(out)


def _transcript_html(manifest: Manifest, cues: Sequence[Cue] | None, ui: str) -> str:
    links = [
        f'<a href="{_attr(episode_file_url(manifest.slug, manifest.files[role].path))}">{label}</a>'
        for role, label in (("transcript_vtt", "WebVTT"), ("transcript_srt", "SRT"))
        if role in manifest.files
    ]
    download = f"<p{ui}>Download the transcript: {', '.join(links)}.</p>\n" if links else ""
    if not cues:
        text = f"<p{ui}>The transcript is not shown here for this episode.</p>\n"
    else:
        parts = group_cues(manifest.chapters, cues)
        text = (
            f'<p id="transcript-hint" class="hint"{ui} hidden>Select a sentence to play from '
            "there. With the keyboard: Tab into the transcript, move between sentences with "
            "the Up and Down arrow keys, and press Enter.</p>\n"
            '<div id="transcript" class="transcript">\n'
            + "".join(_part_html(p, n) for n, p in enumerate(parts, start=1))
            + "</div>\n"
        )
    return (
        '<section class="transcript-section" aria-labelledby="transcript-heading">\n'
        f'<h2 id="transcript-heading"{ui}>Transcript</h2>\n{text}{download}</section>\n'
    )


_SHORTCUTS = (
    ("Right arrow", "Next chapter"),
    ("Left arrow", "Previous chapter"),
    ("F", f"Forward {SKIP_SECONDS} seconds"),
    ("B", f"Back {SKIP_SECONDS} seconds"),
    ("Up arrow", "Faster"),
    ("Down arrow", "Slower"),
    ("K", "Play or pause"),
)


def _shortcuts_html(ui: str) -> str:
    rows = "".join(
        f"<tr><td><kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>{key}</kbd></td><td>{action}</td></tr>\n"
        for key, action in _SHORTCUTS
    )
    return (
        f'<section id="shortcuts" class="shortcuts" aria-labelledby="shortcuts-heading"{ui} '
        "hidden>\n"
        '<h2 id="shortcuts-heading">Keyboard shortcuts</h2>\n'
        '<p id="shortcuts-summary">Shortcuts hold Alt and Shift together (Option and Shift '
        "on a Mac), so they do not clash with screen reader keys. If they clash with yours, "
        "turn them off with the <q>Keyboard shortcuts</q> button in the player; the page "
        'remembers your choice. They are <strong id="shortcuts-state">on</strong>.</p>\n'
        '<table>\n<caption class="visually-hidden">Keyboard shortcuts</caption>\n'
        '<thead><tr><th scope="col">Keys</th><th scope="col">Action</th></tr></thead>\n'
        f"<tbody>\n{rows}</tbody>\n</table>\n</section>\n"
    )


def _downloads_html(manifest: Manifest, ui: str) -> str:
    def link(path: str, label: str, size: int) -> str:
        href = _attr(episode_file_url(manifest.slug, path))
        return f'<li><a href="{href}">{label}</a> ({readable_bytes(size)})</li>\n'

    items = [link(manifest.episode.path, "Whole episode, MP3", manifest.episode.bytes)]
    if manifest.m4b is not None:
        items.append(link(manifest.m4b.path, "Audiobook with chapters, M4B", manifest.m4b.bytes))
    if "chapters_vtt" in manifest.files:
        entry = manifest.files["chapters_vtt"]
        items.append(link(entry.path, "Chapter list, WebVTT", entry.bytes))
    for role, label in (
        ("epub", "Talking book to read along, EPUB 3"),
        ("daisy", "Talking book for DAISY players, DAISY 2.02 (zip)"),
    ):
        if role in manifest.files:
            items.append(link(manifest.files[role].path, label, manifest.files[role].bytes))
    section_feed = _attr(episode_file_url(manifest.slug, "feed.xml"))
    return (
        f'<section class="downloads" aria-labelledby="downloads-heading"{ui}>\n'
        '<h2 id="downloads-heading">Download and subscribe</h2>\n'
        f"<ul>\n{''.join(items)}</ul>\n"
        f'<p>Podcast apps without chapters can follow <a href="{section_feed}">this article '
        "section by section</a>: a feed with one episode per chapter.</p>\n</section>\n"
    )


def render_episode_page(
    manifest: Manifest, *, cues: Sequence[Cue] | None = None, assets: Assets = Assets()
) -> str:
    """``GET /episodes/{slug}``: the audio, its chapters, the transcript (``cues``,
    when the server could read them) and the keyboard shortcuts."""
    meta = manifest.metadata
    lang = meta.language or _UI_LANG
    ui = _ui(lang)
    facts = " · ".join(_episode_facts(manifest))
    description = (
        f'<p class="description">{escape(meta.description)}</p>\n' if meta.description else ""
    )
    body = (
        f'<a class="skip-link" href="#player"{ui}>Skip to the player</a>\n'
        + _site_header(ui)
        + '<main id="main">\n<div class="episode-head">\n'
        f"<h1>{escape(meta.title)}</h1>\n"
        f'<p class="facts"{ui}>{facts}</p>\n'
        + description
        + "</div>\n"
        + _player_html(manifest, ui)
        + _chapters_html(manifest, ui)
        + _shortcuts_html(ui)
        + _transcript_html(manifest, cues, ui)
        + _downloads_html(manifest, ui)
        + "</main>\n"
        + _site_footer(ui)
    )
    script = f'<script src="{_attr(assets.js_href)}" defer></script>\n'
    return _document(
        lang=lang, title=f"{meta.title} · reader", body=body, assets=assets, head=script
    )
