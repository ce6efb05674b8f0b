"""Property tests: any Unicode in any field of an article gives a well-formed feed,
section feed and player page (issue 9, "Beyond the list").

Hypothesis writes the strings: every code point, lone surrogates, U+FFFE and
U+FFFF, controls, markup characters and ``]]>`` included. Each example goes the
way an article goes: written as Markdown with YAML front matter, or as an HTML
page, then parsed, then published. Manifests made straight from raw strings
stand for editions narrated before the parser stripped anything. The profile is
derandomized, so CI runs the same examples every time.
"""

from __future__ import annotations

import dataclasses
import html
import io
from collections.abc import Callable
from typing import Any

import feedparser
import podcastparser
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from reader.edition.manifest import FileEntry, Manifest, SectionEntry
from reader.edition.model import Chapter, Cue
from reader.feed import ChannelInfo, build_episode_feed, build_feed
from reader.model import Document
from reader.parse import parse_article
from reader.text import XML_UNSAFE
from reader.web.player.pages import render_episode_page, render_index_page

EXAMPLES = 150
PROFILE = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BASE_URL = "https://podcast.example.org"
CHANNEL = ChannelInfo(
    title="Show", description="d", author="a", language="en", category="Education"
)

ANY_CHARACTER = st.characters(codec=None, categories=None, exclude_categories=())
"""Every code point, surrogates included."""
TEXT = st.text(ANY_CHARACTER, max_size=40) | st.sampled_from(
    ["]]>", "<b>&amp;</b>", "\x01", "\ud800", "\ufffe", 'A Beginner\'s "Guide"', "---"]
)


def _entry(path: str) -> FileEntry:
    return FileEntry(path=path, bytes=1234, sha256="0" * 64, mime="audio/mpeg", duration_ms=1000)


def _manifest(doc: Document) -> Manifest:
    """The manifest narration would write for ``doc`` (without speaking it)."""
    headed = [s for top in doc.sections for s in top.walk()]
    chapters = tuple(
        Chapter(title=s.heading or doc.metadata.title, start_ms=1000 * i, end_ms=1000 * (i + 1))
        for i, s in enumerate(headed)
    )
    sections = tuple(
        SectionEntry(
            number=n,
            title=c.title,
            kind="section",
            level=2,
            start_ms=c.start_ms,
            file=_entry(f"sections/{n:02d}-s.mp3"),
        )
        for n, c in enumerate(chapters, start=1)
    )
    return Manifest(
        slug=doc.metadata.slug,
        guid="guid-1",
        metadata=doc.metadata,
        narrated_at="2026-11-30T00:00:00Z",
        duration_ms=1000 * len(chapters),
        voice={"profile": "default"},
        episode=_entry("episode.mp3"),
        chapters=chapters,
        sections=sections,
        files={},
    )


def _cues(doc: Document) -> tuple[Cue, ...]:
    texts = [b.text for top in doc.sections for s in top.walk() for b in s.blocks]
    return tuple(
        Cue(start_ms=1000 * i, end_ms=1000 * (i + 1), text=t, speaker="narrator")
        for i, t in enumerate(texts)
    )


def _markdown(fields: dict[str, Any], heading: str, paragraph: str) -> str:
    front = yaml.safe_dump(fields, allow_unicode=False)
    return f"---\n{front}---\n\n## {heading}\n\n{paragraph}\n\nA sentence to read.\n"


def _html_page(fields: dict[str, Any], heading: str, paragraph: str) -> str:
    def text(value: str) -> str:
        return html.escape(value.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))

    metas = "".join(
        f'<meta name="{name}" content="{text(str(fields[name]))}">'
        for name in ("author", "description")
    )
    return (
        f"<!doctype html><html lang='en'><head><title>{text(fields['title'])}</title>{metas}"
        f"</head><body><article><h1>{text(fields['title'])}</h1><h2>{text(heading)}</h2>"
        f"<p>{text(paragraph)}</p><p>{'A sentence to read. ' * 20}</p></article></body></html>"
    )


def _check_published(manifest: Manifest, cues: tuple[Cue, ...]) -> None:
    """The show feed lists the episode, the section feed every section, both parse
    in lxml, feedparser and podcastparser; the player page holds the title as text."""
    show = build_feed(CHANNEL, [manifest], base_url=BASE_URL)
    etree.fromstring(show)
    parsed = feedparser.parse(show)
    assert not parsed.bozo, parsed.bozo_exception
    assert len(parsed.entries) == 1
    episodes = podcastparser.parse(f"{BASE_URL}/feed.xml", io.BytesIO(show))["episodes"]
    assert len(episodes) == 1
    sections = build_episode_feed(CHANNEL, manifest, base_url=BASE_URL)
    etree.fromstring(sections)
    parsed = feedparser.parse(sections)
    assert not parsed.bozo, parsed.bozo_exception
    assert len(parsed.entries) == len(manifest.sections)
    for page in (render_episode_page(manifest, cues=cues), render_index_page([manifest])):
        assert not XML_UNSAFE.search(page)
        tree = lxml_html.document_fromstring(page)
        assert tree.find("body") is not None
        title = " ".join(manifest.metadata.title.split())
        assert title in " ".join(tree.xpath("string(//main)").split())


FIELDS = st.fixed_dictionaries(
    {"title": TEXT, "author": TEXT, "description": TEXT, "tags": st.lists(TEXT, max_size=3)}
)


@PROFILE
@given(fields=FIELDS, heading=TEXT, paragraph=TEXT)
def test_any_unicode_in_a_markdown_article_publishes_well_formed(
    fields: dict[str, Any], heading: str, paragraph: str
) -> None:
    doc = parse_article(_markdown(fields, heading, paragraph), source="article.md")
    _check_published(_manifest(doc), _cues(doc))


@PROFILE
@given(fields=FIELDS, heading=TEXT, paragraph=TEXT)
def test_any_unicode_in_an_html_page_publishes_well_formed(
    fields: dict[str, Any], heading: str, paragraph: str
) -> None:
    doc = parse_article(_html_page(fields, heading, paragraph), source="article.html")
    _check_published(_manifest(doc), _cues(doc))


@PROFILE
@given(title=TEXT, author=TEXT, description=TEXT, chapter=TEXT, url=TEXT)
def test_any_unicode_in_an_old_manifest_gives_well_formed_feeds(
    title: str, author: str, description: str, chapter: str, url: str
) -> None:
    """Editions narrated before the parser stripped control characters still go out."""
    base = _manifest(parse_article("# T\n\nText.\n", source="t.md"))
    meta = dataclasses.replace(
        base.metadata,
        title=title or "t",
        author=author or None,
        description=description or None,
        canonical_url=url or None,
    )
    chapters = tuple(dataclasses.replace(c, title=chapter) for c in base.chapters)
    sections = tuple(dataclasses.replace(s, title=chapter) for s in base.sections)
    manifest = dataclasses.replace(base, metadata=meta, chapters=chapters, sections=sections)
    for build in _BUILDERS:
        body = build(manifest)
        etree.fromstring(body)
        parsed = feedparser.parse(body)
        assert not parsed.bozo, parsed.bozo_exception
        assert len(parsed.entries) == 1


_BUILDERS: tuple[Callable[[Manifest], bytes], ...] = (
    lambda m: build_feed(CHANNEL, [m], base_url=BASE_URL),
    lambda m: build_episode_feed(CHANNEL, m, base_url=BASE_URL),
)


def test_the_profile_is_deterministic() -> None:
    assert PROFILE.derandomize and PROFILE.max_examples == EXAMPLES and PROFILE.database is None
