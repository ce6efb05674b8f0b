"""Formulas never leave the document as markup: every published file, tag and page
shows them in their linear form, while they are still spoken in words."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePath

import feedparser
import mutagen
from mutagen.id3 import ID3

from reader.config import Settings
from reader.formulas import FORMULA_CLOSE, FORMULA_OPEN
from reader.narrate import NarrateSettings, narrate_article

from .conftest import Server, server_settings

ARTICLE = """<h1>Growth of <math><msup><mi>x</mi><mn>2</mn></msup></math></h1>
<p>How <math><mi>x</mi></math> grows. <math alttext="\\sigma_i"><semantics><msub><mi>σ</mi>
<mi>i</mi></msub><annotation encoding="application/x-tex">\\sigma_i</annotation></semantics>
</math> is the spread.</p>
<h2>When <math><mi>n</mi><mo>=</mo><mn>1</mn></math></h2>
<p>Then it starts.</p>
<ul><li>Item <math><msub><mi>a</mi><mi>i</mi></msub></math></li></ul>
<table><caption>Terms of <math><mi>f</mi></math></caption>
<tr><th>Term <math><mi>t</mi></math></th><th>Value</th></tr>
<tr><td><math><msub><mi>x</mi><mi>i</mi></msub></math></td><td>y</td></tr></table>
<figure><img src="a.png" alt="p"><figcaption>Plot of <math><mi>f</mi></math></figcaption>
</figure>
<blockquote><p>Said <math><mi>g</mi></math>.</p><footer>— Ada <math><mi>L</mi></math></footer>
</blockquote>
<h2>Frequently Asked Questions</h2>
<h3>Why <math><msqrt><mi>q</mi></msqrt></math>?</h3>
<p>Because <math><msup><mi>r</mi><mn>2</mn></msup></math>.</p>
"""
MARKUP = re.compile(f"<math|&lt;math|<mi>|&lt;mi|mrow|msup|msub|{FORMULA_OPEN}|{FORMULA_CLOSE}")
"""Anything of a formula's markup, raw or escaped, or its marks."""
TEXTS = frozenset({".json", ".vtt", ".srt", ".html", ".xhtml", ".smil", ".opf", ".ncx", ".xml"})


def _narrate(tmp_path: Path) -> Path:
    voices = tmp_path / "voices"
    voices.mkdir()
    (voices / "fake.toml").write_text('engine = "fake"\n', encoding="utf-8")
    article = tmp_path / "growth.html"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    settings = NarrateSettings(
        out_dir=out,
        voice="fake",
        voices_dir=voices,
        speech_workers=1,
        formats=("mp3", "m4b", "epub", "daisy"),
    )
    result = narrate_article(str(article), settings=settings)
    assert result.slug == "growth-of-x2"
    return out


def _clean(text: str, where: str) -> None:
    found = MARKUP.search(text)
    assert found is None, f"{where}: {text[max(0, found.start() - 80) : found.end() + 80]!r}"


def test_no_formula_markup_is_published_anywhere(
    tmp_path: Path, start_server: Callable[[Settings], Server]
) -> None:
    out = _narrate(tmp_path)
    edition = out / "growth-of-x2"
    checked = set()
    for path in sorted(edition.rglob("*")):
        checked.add(path.suffix)
        if path.suffix in TEXTS:
            _clean(path.read_text(encoding="utf-8"), path.name)
        elif path.suffix in (".epub", ".zip"):
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    if PurePath(name).suffix in TEXTS:
                        _clean(archive.read(name).decode("utf-8"), f"{path.name}/{name}")
        elif path.suffix in (".mp3", ".m4b"):
            _clean(" ".join(str(tag) for tag in mutagen.File(path).tags.values()), path.name)
        if path.suffix == ".mp3":
            _clean(" ".join(str(frame) for frame in ID3(path).values()), path.name)
            for chapter in ID3(path).getall("CHAP"):
                _clean(" ".join(str(f) for f in chapter.sub_frames.values()), path.name)

    assert {".json", ".vtt", ".srt", ".mp3", ".m4b", ".epub", ".zip", ".html", ".smil"} <= checked
    manifest = json.loads((edition / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["metadata"]["title"] == "Growth of x²"
    chapters = [c["title"] for c in manifest["chapters"]]
    assert chapters == ["Growth of x²", "When n = 1", "Frequently Asked Questions", "Why √q?"]
    episode = ID3(edition / "episode.mp3")
    assert str(episode["TIT2"]) == "Growth of x²"
    transcript = (edition / "transcript.vtt").read_text(encoding="utf-8")
    for cue in (
        "How x grows.",
        "σᵢ is the spread.",
        "Item aᵢ",
        "A table titled Terms of f, with 1 row and 2 columns.",
        "Row 1: Term t: xᵢ; Value: y.",
        "Image: Plot of f",
        "A quote from Ada L:",
        "Because r².",
    ):
        assert cue in transcript

    server = start_server(server_settings(out))
    with server.client() as client:
        pages = {
            path: client.get(path)
            for path in (
                "/feed.xml",
                "/episodes/growth-of-x2/feed.xml",
                "/",
                "/episodes/growth-of-x2",
                "/api/episodes",
            )
        }
    for path, response in pages.items():
        assert response.status_code == 200, path
        _clean(response.text, path)
    feed = feedparser.parse(pages["/feed.xml"].content)
    assert feed.entries[0].title == "Growth of x²"
    sections = feedparser.parse(pages["/episodes/growth-of-x2/feed.xml"].content)
    assert "When n = 1" in [e.title for e in sections.entries][1]
    assert "Growth of x²" in pages["/episodes/growth-of-x2"].text
