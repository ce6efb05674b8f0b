"""The README's run command, step by step: narrate the sample, serve it, find it.

``python3 tasks.py run`` runs ``reader narrate reader/samples/...`` and then
``reader serve``; this test does the same with real processes, the real
default engine and ffmpeg, and reads the result as a podcast app and a
listener's browser would. The speech comes from the session's seed narration
(``seed_edition``): the command runs in full, but the article is not spoken twice.
"""

from __future__ import annotations

import html
import subprocess
import sys
from pathlib import Path

import feedparser
import httpx
import pytest
from support.seed import warm_speech_cache

from reader.narrate import NarrateResult

from .test_serve import _serve, _stop

pytestmark = pytest.mark.e2e

SAMPLE = Path(__file__).resolve().parents[2] / "reader" / "samples" / "inner-thigh-cramps.md"
TITLE = "What Causes Inner Thigh Cramps?"


def test_sample_is_narrated_then_served_with_feed_and_player(
    tmp_path: Path, seed_edition: NarrateResult
) -> None:
    out = tmp_path / "output"
    warm_speech_cache(seed_edition.edition_dir.parent, out)
    narrated = subprocess.run(
        [sys.executable, "-m", "reader", "narrate", str(SAMPLE), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert narrated.returncode == 0, narrated.stderr
    process, url = _serve(out)
    try:
        feed = feedparser.parse(httpx.get(f"{url}/feed.xml").content)
        (entry,) = feed.entries
        assert entry.title == TITLE
        enclosure = entry.enclosures[0]
        audio = httpx.head(enclosure.href)
        assert audio.status_code == 200
        assert int(enclosure.length) == int(audio.headers["content-length"])
        player = httpx.get(entry.link)
        assert player.status_code == 200
        assert html.escape(TITLE) in player.text and "Dehydration" in player.text
    finally:
        _stop(process)
