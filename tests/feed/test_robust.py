"""One episode never takes the feed down (issue 9 item 1)."""

from __future__ import annotations

import dataclasses
import io
import logging

import feedparser
import podcastparser
import pytest
from lxml import etree

from reader.edition.manifest import Manifest
from reader.feed import build_episode_feed, build_feed

from .samples import BASE_URL, CHANNEL, sample_episodes, sample_manifest


def _with_controls() -> Manifest:
    """An edition narrated before the parser stripped control characters."""
    manifest = sample_manifest(
        "old-edition",
        title="Ti\x01tle",
        author="Os\x02good",
        description="Why\x1b[0m \ud800it cramps",
        chapter_titles=("Opening", "Head\x01ing"),
    )
    meta = dataclasses.replace(manifest.metadata, canonical_url="https://example.org/a\x01b")
    return dataclasses.replace(manifest, metadata=meta)


def test_characters_xml_cannot_hold_are_dropped_from_old_editions() -> None:
    episodes = [*sample_episodes(), _with_controls()]
    body = build_feed(CHANNEL, episodes, base_url=BASE_URL)
    etree.fromstring(body)
    parsed = feedparser.parse(body)
    assert not parsed.bozo
    titles = {e.title for e in parsed.entries}
    assert "Title" in titles and len(titles) == 3
    episode = podcastparser.parse(f"{BASE_URL}/feed.xml", io.BytesIO(body))["episodes"]
    (old,) = [e for e in episode if e["title"] == "Title"]
    assert [c["title"] for c in old["chapters"]] == ["Opening", "Heading"]
    sections = build_episode_feed(CHANNEL, _with_controls(), base_url=BASE_URL)
    assert not feedparser.parse(sections).bozo
    assert "2. Heading" in {e.title for e in feedparser.parse(sections).entries}


def test_an_episode_that_cannot_be_written_is_left_out_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    good = sample_episodes()
    broken = sample_manifest("broken", title=123)  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING, logger="reader.feed"):
        body = build_feed(CHANNEL, [good[0], broken, good[1]], base_url=BASE_URL)
    parsed = feedparser.parse(body)
    assert not parsed.bozo
    assert {e.id for e in parsed.entries} == {m.guid for m in good}
    assert any("broken" in r.getMessage() for r in caplog.records)


def test_a_section_that_cannot_be_written_is_left_out_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    manifest = sample_manifest()
    sections = list(manifest.sections)
    sections[1] = dataclasses.replace(sections[1], file=None)  # type: ignore[arg-type]
    broken = dataclasses.replace(manifest, sections=tuple(sections))
    with caplog.at_level(logging.WARNING, logger="reader.feed"):
        body = build_episode_feed(CHANNEL, broken, base_url=BASE_URL)
    entries = feedparser.parse(body).entries
    assert [e.title for e in entries] == ["1. Opening", "3. Overuse", "4. What causes cramps?"]
    assert any("section 2" in r.getMessage() for r in caplog.records)


def test_a_script_link_in_an_old_manifest_never_reaches_the_feed() -> None:
    """Issue 9 item 15: editions narrated before the parser dropped non-http(s) URLs
    keep them in their manifests; the feed writer leaves them out too."""
    old = sample_manifest("old-edition")
    meta = dataclasses.replace(old.metadata, canonical_url="javascript:alert(1)")
    body = build_feed(CHANNEL, [dataclasses.replace(old, metadata=meta)], base_url=BASE_URL)
    assert b"javascript:" not in body
    [item] = podcastparser.parse(BASE_URL, io.BytesIO(body))["episodes"]
    assert item["link"].startswith(BASE_URL)
