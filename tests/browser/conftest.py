"""Debian's Chromium driven by Playwright, axe-core from npm, and the player on a socket.

Without Chromium or axe-core these tests skip, unless ``READER_REQUIRE_BROWSER``
is set (``.ci/run`` sets it): then a missing tool is a failure, so CI never
passes by skipping them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from support.editions import make_edition
from support.server import run_server

from reader.config import Settings
from reader.edition.manifest import MANIFEST_NAME, Manifest, manifest_from_json
from reader.edition.model import Cue
from reader.web.player import read_transcript_cues

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--mute-audio",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SLUG = "inner-thigh-cramps"
SEEK_SLACK_S = 0.05
"""How early the player shows a chapter or sentence (player.js ``SEEK_SLACK_S``)."""


def _chromium() -> str | None:
    for name in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(name).exists():
            return name
    return shutil.which("chromium")


def _missing(what: str) -> None:
    if os.environ.get("READER_REQUIRE_BROWSER"):
        pytest.fail(f"{what}; READER_REQUIRE_BROWSER is set, so the browser tests must run")
    pytest.skip(what)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = _chromium()
    if executable is None:
        _missing("Chromium is not installed (apt-get install chromium)")
    if not AXE_JS.is_file():
        _missing(f"axe-core is not installed at {AXE_JS} (npm ci)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass(frozen=True)
class Edition:
    """The edition the browser plays, as the pipeline wrote it."""

    manifest: Manifest
    cues: tuple[Cue, ...]

    def start_s(self, title: str) -> float:
        """Where the chapter called ``title`` starts, in seconds."""
        return next(c.start_ms for c in self.manifest.chapters if c.title == title) / 1000

    def cue_at(self, seconds: float) -> Cue:
        """The cue the player highlights at ``seconds``: the last one started by then, or
        within ``SEEK_SLACK_S`` after (a seek lands up to a frame early)."""
        return [c for c in self.cues if c.start_ms / 1000 <= seconds + SEEK_SLACK_S][-1]

    def chapter_at(self, seconds: float) -> int:
        """The number (from 1) of the chapter playing at ``seconds``."""
        starts = [c.start_ms / 1000 for c in self.manifest.chapters]
        return max(i for i, start in enumerate(starts, start=1) if start <= seconds + SEEK_SLACK_S)


@pytest.fixture(scope="session")
def editions_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser-editions")
    make_edition(out)
    return out


@pytest.fixture(scope="session")
def edition(editions_dir: Path) -> Edition:
    path = editions_dir / SLUG / MANIFEST_NAME
    manifest = manifest_from_json(path.read_text(encoding="utf-8"))
    cues = read_transcript_cues(editions_dir / SLUG, manifest)
    assert cues
    return Edition(manifest=manifest, cues=cues)


@pytest.fixture(scope="session")
def site_url(editions_dir: Path) -> Iterator[str]:
    """The real server (``create_app``, as ``reader serve`` runs it) over an edition
    the pipeline wrote."""
    with run_server(Settings(out_dir=editions_dir)) as server:
        yield server.url


def at(seconds: float) -> str:
    """A page condition: the audio's position is ``seconds`` (within a millisecond)."""
    return f"Math.abs(document.getElementById('audio').currentTime - {seconds}) < 0.001"


HOLD_STILL = """
window.playCalls = 0;
HTMLMediaElement.prototype.play = function () { window.playCalls += 1; return Promise.resolve(); };
"""
"""Counts ``play()`` calls instead of playing, so the position stays where a seek put it."""


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page whose audio seeks for real but never plays (see ``HOLD_STILL``)."""
    context = browser.new_context()
    context.add_init_script(HOLD_STILL)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def episode_url(site_url: str) -> str:
    return f"{site_url}/episodes/{SLUG}"


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations on the page as it is now."""
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    violations: list[dict[str, Any]] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' '))})))",
        WCAG_TAGS,
    )
    return violations


def wait_for_audio(page: Page) -> None:
    """Until the audio's metadata has loaded, so seeking lands where asked."""
    page.wait_for_function("document.getElementById('audio').readyState >= 1")
