"""The player's HTML without a browser: structure, names, languages, escaping, and
the no-JavaScript fallbacks (native controls, chapter links with ``#t=``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from support.editions import make_edition

from reader.edition.manifest import Manifest
from reader.edition.model import Chapter, Cue
from reader.web.player import (
    read_transcript_cues,
    render_episode_page,
    render_index_page,
    render_not_found_page,
)
from reader.web.player.format import (
    clock_time,
    fragment_seconds,
    iso_duration,
    readable_bytes,
    spoken_duration,
)


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pages")


@pytest.fixture(scope="module")
def manifest(editions: Path) -> Manifest:
    return make_edition(editions)


@pytest.fixture(scope="module")
def cues(editions: Path, manifest: Manifest) -> tuple[Cue, ...]:
    """The transcript the pipeline wrote for the edition."""
    found = read_transcript_cues(editions / manifest.slug, manifest)
    assert found
    return found


def _soup(html: str) -> BeautifulSoup:
    assert html.startswith("<!doctype html>\n")
    return BeautifulSoup(html, "html.parser")


def _tag(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    found = soup.select_one(selector)
    assert found is not None, selector
    return found


def _episode(manifest: Manifest, cues: tuple[Cue, ...]) -> BeautifulSoup:
    return _soup(render_episode_page(manifest, cues=cues))


def test_headings_landmarks_title_and_language(manifest: Manifest, cues: tuple[Cue, ...]) -> None:
    soup = _episode(manifest, cues)
    assert _tag(soup, "html")["lang"] == "en"
    assert _tag(soup, "title").text == "What Causes Inner Thigh Cramps? · reader"
    assert [h.text for h in soup.select("h1")] == ["What Causes Inner Thigh Cramps?"]
    h2s = [h.text for h in soup.select("h2")]
    for name in ("Player", "Chapters", "Keyboard shortcuts", "Transcript"):
        assert name in h2s
    levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    for landmark in ("header", "nav", "main", "footer"):
        assert len(soup.select(landmark)) == 1, landmark
    skip = soup.select("a")[0]
    assert skip["class"] == ["skip-link"] and skip["href"] == "#player"
    assert _tag(soup, "#player")["tabindex"] == "-1"


def test_every_id_is_unique_and_every_reference_resolves(
    manifest: Manifest, cues: tuple[Cue, ...]
) -> None:
    for soup in (_episode(manifest, cues), _soup(render_index_page([manifest]))):
        ids = [t["id"] for t in soup.select("[id]")]
        assert len(ids) == len(set(ids))
        for attr in ("aria-labelledby", "aria-describedby", "for"):
            for tag in soup.select(f"[{attr}]"):
                assert str(tag[attr]) in ids, (attr, tag[attr])


def test_native_audio_and_chapter_links_work_without_javascript(
    manifest: Manifest, cues: tuple[Cue, ...]
) -> None:
    soup = _episode(manifest, cues)
    audio = _tag(soup, "audio#audio")
    assert audio.has_attr("controls") and audio["preload"] == "metadata"
    assert audio["src"] == "/episodes/inner-thigh-cramps/inner-thigh-cramps.mp3"
    links = soup.select("ol#chapters > li > a")
    starts = [f"t={fragment_seconds(c.start_ms)}" for c in manifest.chapters]
    assert [a["href"].split("#")[1] for a in links] == starts
    assert [_tag(a, ".chapter-title").text for a in links][1] == "Dehydration"
    assert all(a["href"].startswith(str(audio["src"])) for a in links)
    for hidden in ("#controls", "#now", "#shortcuts", "#transcript-hint"):
        assert _tag(soup, hidden).has_attr("hidden"), hidden


def test_controls_have_accessible_names_and_states(
    manifest: Manifest, cues: tuple[Cue, ...]
) -> None:
    controls = _tag(_episode(manifest, cues), "#controls")
    assert controls["role"] == "group" and controls["aria-label"] == "Player controls"
    names = [b.text for b in controls.select("button")]
    assert names == [
        "Previous chapter",
        "Back 15 seconds",
        "Forward 15 seconds",
        "Next chapter",
        "Highlight transcript",
        "Highlight each word",
        "Keyboard shortcuts",
    ]
    assert all(b["type"] == "button" for b in controls.select("button"))
    words = _tag(controls, "#words-toggle")
    assert words.has_attr("hidden"), "shown by the script once the word timings load"
    assert _tag(controls, "#follow-toggle")["aria-pressed"] == "true"
    assert _tag(controls, "#shortcuts-toggle")["aria-pressed"] == "true"
    assert _tag(controls, "label[for=speed]").text == "Speed"
    speeds = [float(str(o["value"])) for o in controls.select("#speed option")]
    assert speeds == [0.75, 1.0, 1.25, 1.5, 1.75, 2.0]
    assert _tag(controls, "#speed option[selected]")["value"] == "1"
    for button in controls.select("[data-action]"):
        assert str(button["aria-keyshortcuts"]).startswith("Alt+Shift+")


def test_live_region_is_polite(manifest: Manifest, cues: tuple[Cue, ...]) -> None:
    live = _episode(manifest, cues).select("[aria-live]")
    assert [(t["id"], t["aria-live"]) for t in live] == [("announcer", "polite")]


def test_shortcuts_are_documented_with_a_modifier(
    manifest: Manifest, cues: tuple[Cue, ...]
) -> None:
    rows = _episode(manifest, cues).select("#shortcuts tbody tr")
    assert len(rows) == 7
    assert all(r.td is not None and r.td.text.startswith("Alt+Shift+") for r in rows)


def test_transcript_sentences_are_in_the_html_under_their_chapters(
    manifest: Manifest, cues: tuple[Cue, ...]
) -> None:
    soup = _episode(manifest, cues)
    parts = soup.select("#transcript .transcript-part")
    assert [_tag(p, "h3").text for p in parts] == [c.title for c in manifest.chapters]
    byline = next(c for c in cues if c.text == "By Osgood.")
    cue = _tag(parts[0], "p .cue")
    assert cue.text == "By Osgood."
    assert (cue["data-start-ms"], cue["data-end-ms"]) == (str(byline.start_ms), str(byline.end_ms))
    words = soup.select_one("#transcript")
    assert words is not None
    assert words["data-words-href"] == "/episodes/inner-thigh-cramps/transcript.json"
    question = next(c for c in cues if c.text == "What causes cramps?")
    assert _tag(parts[4], "h3 .cue")["data-start-ms"] == str(question.start_ms)
    assert _tag(parts[4], "p.answer").text.startswith("Cramps hurt and they come at night.")


def test_without_cues_the_transcript_is_offered_as_files(manifest: Manifest) -> None:
    soup = _soup(render_episode_page(manifest))
    section = _tag(soup, "section.transcript-section")
    assert section.select("#transcript") == []
    assert [a["href"] for a in section.select("a")] == [
        "/episodes/inner-thigh-cramps/transcript.vtt",
        "/episodes/inner-thigh-cramps/transcript.srt",
        "/episodes/inner-thigh-cramps/transcript.json",
        "/episodes/inner-thigh-cramps/transcript-segments.json",
    ]


def test_article_language_with_english_interface(manifest: Manifest) -> None:
    german = dataclasses.replace(
        manifest, metadata=dataclasses.replace(manifest.metadata, language="de-AT")
    )
    soup = _soup(render_episode_page(german))
    assert _tag(soup, "html")["lang"] == "de-AT"
    assert _tag(soup, "h1").get("lang") is None
    assert _tag(soup, "header")["lang"] == "en"
    assert _tag(soup, "#controls")["lang"] == "en"
    assert _tag(soup, "#chapters-heading")["lang"] == "en"
    assert _tag(soup, "#chapters").get("lang") is None
    index = _soup(render_index_page([german]))
    assert _tag(index, "html")["lang"] == "en"
    assert _tag(index, ".episode h3 a")["lang"] == "de-AT"


def test_text_from_the_article_is_escaped(manifest: Manifest) -> None:
    meta = dataclasses.replace(
        manifest.metadata, title='<script>alert("x")</script>', description="a & b"
    )
    chapters = (Chapter(title="<b>bold</b>", start_ms=0, end_ms=8000),)
    evil = dataclasses.replace(manifest, metadata=meta, chapters=chapters)
    for html in (render_episode_page(evil), render_index_page([evil])):
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
        assert "a &amp; b" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in render_episode_page(evil)


def test_index_lists_title_date_duration_and_link(manifest: Manifest, tmp_path: Path) -> None:
    undated = make_edition(tmp_path, "calf", title="Calf cramps", author=None, date=None)
    soup = _soup(render_index_page([manifest, undated], feed_url="https://pod.example/feed.xml"))
    assert _tag(soup, "h1").text == "Episodes"
    items = soup.select("ol.episodes > li")
    assert [_tag(i, "h3 a")["href"] for i in items] == [
        "/episodes/inner-thigh-cramps",
        "/episodes/calf",
    ]
    facts = _tag(items[0], ".facts")
    length = spoken_duration(manifest.duration_ms)
    assert facts.text == f"By Osgood · Published 29 December 2022 · Length {length} · 5 chapters"
    assert _tag(facts, "time")["datetime"] == "2022-12-29"
    assert "Published" not in _tag(items[1], ".facts").text
    assert _tag(soup, ".feed-url code").text == "https://pod.example/feed.xml"
    assert "Add podcast by URL" in _tag(soup, "section.subscribe").text
    assert _tag(soup, "nav a[aria-current=page]").text == "All episodes"


def test_empty_index_says_how_to_add_episodes() -> None:
    soup = _soup(render_index_page([]))
    assert "reader narrate" in _tag(soup, "main").text
    assert soup.select("ol.episodes") == []


def test_not_found_page_names_the_slug_and_links_home() -> None:
    soup = _soup(render_not_found_page("<nope>"))
    assert _tag(soup, "h1").text == "Episode not found"
    assert _tag(soup, "main code").text == "<nope>"
    assert _tag(soup, "main a")["href"] == "/"


@pytest.mark.parametrize(
    ("ms", "clock", "spoken", "iso"),
    [
        (0, "0:00", "0 seconds", "PT0S"),
        (8_000, "0:08", "8 seconds", "PT8S"),
        (61_000, "1:01", "1 minute 1 second", "PT1M1S"),
        (725_400, "12:05", "12 minutes 5 seconds", "PT12M5.4S"),
        (3_725_600, "1:02:05", "1 hour 2 minutes", "PT1H2M5.6S"),
        (7_200_000, "2:00:00", "2 hours", "PT2H0S"),
    ],
)
def test_times_for_people_and_machines(ms: int, clock: str, spoken: str, iso: str) -> None:
    assert (clock_time(ms), spoken_duration(ms), iso_duration(ms)) == (clock, spoken, iso)


def test_media_fragments_and_sizes() -> None:
    assert [fragment_seconds(ms) for ms in (0, 2000, 12_500, 3_723_004)] == [
        "0",
        "2",
        "12.5",
        "3723.004",
    ]
    assert [readable_bytes(n) for n in (999, 65_432, 3_210_000)] == ["999 bytes", "65 kB", "3.2 MB"]
    assert dt.date(2022, 12, 29).isoformat() == "2022-12-29"
