"""A control character in an article never takes the show down (issue 9 item 1).

The reproductions from the issue, with the real narrator: ``reader narrate`` of
a Markdown file with ``\\x01`` in a heading and a YAML escape in the title, then
the served feeds; and the same article through ``POST /api/articles``.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest

from reader.config import Settings

from .conftest import Server, run_server, server_settings
from .test_jobs import _post, _wait_for

pytestmark = pytest.mark.e2e

HEADING = "## Head\x01ing\n\nText.\n"
ARTICLES = {
    "x.md": "---\ntitle: plain\n---\n\n" + HEADING,
    "escaped.md": '---\ntitle: "Esc\\x01aped \\ud800title"\n---\n\n' + HEADING,
}


def _check_feeds(server: Server, slugs: dict[str, str]) -> None:
    with server.client() as client:
        show = client.get("/feed.xml")
        assert show.status_code == 200
        parsed = feedparser.parse(show.content)
        assert not parsed.bozo
        assert {e.title for e in parsed.entries} >= set(slugs.values())
        for slug in slugs:
            sections = client.get(f"/episodes/{slug}/feed.xml")
            assert sections.status_code == 200
            titles = [e.title for e in feedparser.parse(sections.content).entries]
            assert titles[-1] == "2. Heading"
            assert client.get(f"/episodes/{slug}").status_code == 200


def test_reader_narrate_then_serve_keeps_the_feeds_up(tmp_path: Path) -> None:
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    out = tmp_path / "out"
    narrated = subprocess.run(
        [sys.executable, "-m", "reader", "narrate", *sorted(ARTICLES), "--out", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert narrated.returncode == 0, narrated.stderr
    with run_server(server_settings(out, job_function="reader.web.worker:narrate_job")) as server:
        _check_feeds(server, {"plain": "plain", "escaped-title": "Escaped title"})


def test_an_api_article_with_control_characters_keeps_the_feeds_up(
    tmp_path: Path, start_server: Callable[[Settings], Server]
) -> None:
    settings = server_settings(tmp_path / "out", job_function="reader.web.worker:narrate_job")
    server = start_server(settings)
    job = _wait_for(server, _post(server, {"text": ARTICLES["escaped.md"], "format": "markdown"}))
    assert job["status"] == "done", job
    _check_feeds(server, {"escaped-title": "Escaped title"})
