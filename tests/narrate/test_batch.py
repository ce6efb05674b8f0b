"""Batch narration through the CLI, with the real default engine and ffmpeg."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest
from support.fake_engine import FAKE_ENGINE
from support.seed import warm_speech_cache

from reader.catalog import Catalog, default_catalog_path
from reader.cli import main
from reader.feed import ChannelInfo, build_feed
from reader.formulas import FORMULA_CLOSE, FORMULA_OPEN
from reader.narrate import NarrateResult, NarrateSettings
from reader.narrate.batch import narrate_batch_article
from reader.narrate.inputs import ArticleJob

pytestmark = pytest.mark.e2e

CORPUS = Path(__file__).resolve().parents[2] / "reader" / "samples"
HUGO = ("emoji-support.md", "rich-content.md")


def _hugo_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "parse"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "posts").mkdir(parents=True)
    shutil.copy(CORPUS / "inner-thigh-cramps.md", root / "posts" / "inner-thigh-cramps.md")
    for name in HUGO:
        shutil.copy(_hugo_dir() / name, root / "posts" / name)
    (root / "posts" / "broken.md").write_text("---\ntitle: [unclosed\n---\n\nText.\n")
    (root / "posts" / "empty.md").write_bytes(b"")
    (root / "_index.md").write_text("---\ntitle: Posts\n---\n")
    return root


def _feed_titles(out: Path) -> list[str]:
    catalog = Catalog(default_catalog_path(out))
    try:
        manifests = catalog.manifests()
    finally:
        catalog.close()
    channel = ChannelInfo(
        title="t", description="d", author="a", language="en", category="Education"
    )
    parsed = feedparser.parse(build_feed(channel, manifests, base_url="http://example.test"))
    return sorted(e.title for e in parsed.entries)


def test_directory_batch_isolates_bad_articles_and_resumes(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], seed_edition: NarrateResult
) -> None:
    out = tmp_path / "out"
    warm_speech_cache(seed_edition.edition_dir.parent, out)  # the seed is spoken once a session
    report = tmp_path / "report.json"
    code = main(["narrate", str(site), "--out", str(out), "--jobs", "2", "--report", str(report)])
    assert code != 0
    summary = json.loads(report.read_text())
    assert summary["narrated"] == 1 + len(HUGO)
    assert summary["failed"] == 2 and summary["skipped"] == 1
    reasons = {Path(f["article"]).name: f["reason"] for f in summary["failures"]}
    assert set(reasons) == {"broken.md", "empty.md"}
    assert "broken.md" in reasons["broken.md"] and "line" in reasons["broken.md"]
    assert "empty.md" in reasons["empty.md"] and "empty" in reasons["empty.md"]
    err = capsys.readouterr().err
    assert "2 failed" in err and "Traceback" not in err
    failed = [line for line in err.splitlines() if "] failed" in line]
    assert len(failed) == 2 and all(
        line.count("empty.md") + line.count("broken.md") == 1 for line in failed
    )
    slugs = sorted(p.name for p in out.iterdir() if (p / "manifest.json").is_file())
    assert len(slugs) == 1 + len(HUGO)
    assert "What Causes Inner Thigh Cramps?" in _feed_titles(out)
    assert len(_feed_titles(out)) == len(slugs)

    code = main(["narrate", str(site), "--out", str(out), "--jobs", "2", "--report", str(report)])
    again = json.loads(report.read_text())
    assert code != 0
    assert again["unchanged"] == 1 + len(HUGO) and again["narrated"] == 0
    assert all(a["synthesized"] == 0 for a in again["articles"])


RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Blog</title><link>{base}/</link><description>d</description>
<item><title>First full post</title><link>{base}/one.html</link>
<pubDate>Tue, 03 Jan 2023 10:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p>The first post is short. It has two sentences.</p>]]>
</content:encoded></item>
<item><title>Second full post</title><link>{base}/two.html</link>
<content:encoded><![CDATA[<h2>Part</h2><p>Second post text.</p>]]>
</content:encoded></item>
<item><title>Linked post</title><link>{base}/three.html</link>
<description>Teaser</description></item>
</channel></rss>"""

PAGE = """<!doctype html><html lang="en"><head><title>Linked post</title></head><body>
<nav><a href="/">Home</a></nav><main><article><h1>Linked post</h1>
<p>This post lives only on its own page, so reader fetches it.</p></article></main>
<footer>Copyright footer</footer></body></html>"""


@pytest.fixture
def web_root(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = tmp_path / "www"
    root.mkdir()
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0),
        lambda *a: SimpleHTTPRequestHandler(*a, directory=str(root)),  # type: ignore[misc]
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_feed_with_full_and_linked_items(web_root: tuple[Path, str], tmp_path: Path) -> None:
    root, base = web_root
    (root / "three.html").write_text(PAGE)
    feed = tmp_path / "index.xml"
    feed.write_text(RSS.format(base=base))
    out = tmp_path / "out"
    report = tmp_path / "report.json"
    assert main(["narrate", str(feed), "--out", str(out), "--report", str(report)]) == 0
    summary = json.loads(report.read_text())
    assert summary["narrated"] == 3
    assert _feed_titles(out) == ["First full post", "Linked post", "Second full post"]
    transcript = (out / "linked-post" / "transcript.vtt").read_text()
    assert "fetches it" in transcript and "footer" not in transcript.lower()
    first = json.loads((out / "first-full-post" / "manifest.json").read_text())
    assert first["metadata"]["date"] == "2023-01-03"
    assert first["metadata"]["canonical_url"] == f"{base}/one.html"


def test_a_feed_items_title_cannot_forge_a_formula(tmp_path: Path) -> None:
    voices = tmp_path / "voices"
    voices.mkdir()
    (voices / "tones.toml").write_text(f'engine = "{FAKE_ENGINE}"\n', encoding="utf-8")
    forged = f"Tags {FORMULA_OPEN}<math><mi>x</mi></math>{FORMULA_CLOSE} as text"
    job = ArticleJob(label="item", content="<p>Body text.</p>", title=forged)
    settings = NarrateSettings(out_dir=tmp_path / "out", voice="tones", voices_dir=voices)
    manifest = narrate_batch_article(job, settings).manifest
    assert manifest.metadata.title == "Tags <math><mi>x</mi></math> as text"


def test_the_language_model_loads_early_only_for_articles_that_declare_no_language(
    tmp_path: Path,
) -> None:
    from reader.narrate.batch import _will_guess_language
    from reader.parse import parse_article

    words = " ".join(["Cramps come from tired muscles and too little water."] * 4)
    cases = {
        "plain.md": (f"---\ntitle: Cramps\n---\n\n{words}\n", True),
        "front.md": (f"---\ntitle: Cramps\nlang: en\n---\n\n{words}\n", False),
        "toml.md": (f'+++\ntitle = "Cramps"\nlanguage = "en"\n+++\n\n{words}\n', False),
        "page.html": (f'<html lang="en"><body><p>{words}</p></body></html>', False),
        "short.md": ("---\ntitle: Cramps\n---\n\nToo short to tell.\n", False),
    }
    for name, (text, guessed) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert _will_guess_language(ArticleJob(label=name, location=str(tmp_path / name))) is (
            guessed
        ), name
        assert parse_article(text, source=name).metadata.language == (
            None if "short" in name else "en"
        )
    assert not _will_guess_language(ArticleJob(label="u", location="https://example.org/a"))
    assert _will_guess_language(ArticleJob(label="feed item", content=f"<p>{words}</p>"))


GERMAN = """---
title: Krämpfe
language: de
---

Krämpfe an der Innenseite des Oberschenkels sind häufig. Sie vergehen meist schnell.
"""
NOTE = "---\ntitle: A short note\n---\n\nA short note, number one.\n"


def test_a_language_without_a_neural_voice_falls_back_to_espeak_with_a_notice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "de.md").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "note.md").write_text(NOTE, encoding="utf-8")
    out, report = tmp_path / "out", tmp_path / "report.json"
    args = ["narrate", str(tmp_path / "de.md"), str(tmp_path / "note.md"), "--out", str(out)]
    assert main([*args, "--jobs", "1", "--report", str(report)]) == 0
    summary = json.loads(report.read_text())
    german = json.loads((out / "krampfe" / "manifest.json").read_text())
    note = json.loads((out / "a-short-note" / "manifest.json").read_text())
    assert (german["voice"]["profile"], german["voice"]["engine"]) == ("espeak", "espeak")
    assert german["voice"]["fallback_from"] == "default"
    assert (note["voice"]["profile"], note["voice"]["engine"]) == ("default", "piper")
    assert "fallback_from" not in note["voice"]
    (notice,) = summary["notices"]
    assert notice["article"].endswith("de.md")
    assert "'Krämpfe'" in notice["notice"] and " de," in notice["notice"]
    assert "'espeak'" in notice["notice"]
    by_label = {Path(a["label"]).name: a for a in summary["articles"]}
    assert by_label["de.md"]["notices"] == [notice["notice"]]
    assert by_label["note.md"]["notices"] == []
    err = capsys.readouterr().err
    (line,) = [line for line in err.splitlines() if "notice" in line]
    assert "de.md" in line and "'Krämpfe'" in line and "espeak" in line
