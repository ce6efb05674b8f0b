"""A stand-in for ``reader.narrate`` in the worker process: narrates a small
article of its own with ``make_edition`` (the real pipeline, the fake engine).

The article text steers it: the first line is the title; ``FAIL`` makes it
raise an InputError; ``CRASH`` ends the process; ``WAIT:<path>`` touches
``<path>.started`` and waits until ``<path>`` exists.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

from support.editions import make_edition

from reader.edition.manifest import Manifest
from reader.errors import InputError

JOB_FUNCTION = "web.fake_narration:narrate"


def narrate(text: str, *, format: str | None, source: str, voice: str, out_dir: Path) -> Manifest:
    title = text.strip().splitlines()[0].lstrip("# ").strip()
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    if "FAIL" in text:
        raise InputError(source, "the fake narrator refuses this article")
    if "CRASH" in text:
        os._exit(3)
    wait = re.search(r"WAIT:(\S+)", text)
    if wait:
        release = Path(wait.group(1))
        with open(f"{release}.started", "a") as marker:
            marker.write("started\n")
        deadline = time.monotonic() + 60
        while not release.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    manifest = make_edition(out_dir, slug, title=title, chapter_seconds=0.5)
    record = {"format": format, "source": source, "voice": voice}
    (out_dir / slug / "job.json").write_text(json.dumps(record))
    return manifest
