"""Ace by DAISY checks the seed article's EPUB in Debian's Chromium: no serious or
critical accessibility issue."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from support.seed import ROOT

from reader.narrate import NarrateResult

pytestmark = pytest.mark.browser

ACE = ROOT / "node_modules" / ".bin" / "ace-puppeteer"
CHROMIUM = Path("/usr/bin/chromium")


def _missing(what: str) -> None:
    if os.environ.get("READER_REQUIRE_BROWSER"):
        pytest.fail(f"{what}; READER_REQUIRE_BROWSER is set, so the browser tests must run")
    pytest.skip(what)


def test_ace_finds_no_serious_or_critical_issue(seed_book: NarrateResult, tmp_path: Path) -> None:
    if not ACE.exists():
        _missing(f"Ace by DAISY is not installed at {ACE} (npm ci)")
    if not CHROMIUM.exists():
        _missing("Chromium is not installed (apt-get install chromium)")
    report = tmp_path / "ace"
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM)}
    run = subprocess.run(
        [str(ACE), "--outdir", str(report), "--force", str(seed_book.edition_dir / "book.epub")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads((report / "report.json").read_text(encoding="utf-8"))
    found = [
        (x["earl:test"]["earl:impact"], x["earl:test"]["dct:title"])
        for document in result["assertions"]
        for x in document.get("assertions", [])
    ]
    assert [f for f in found if f[0] in ("serious", "critical")] == []
    assert result["earl:result"]["earl:outcome"] == "pass", found
