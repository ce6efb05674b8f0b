"""``reader narrate`` and kill -9: its workers and their tools end with it, the
scratch directory it leaves is removed by the next run, and a normal exit
leaves no process of its own behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from test_processes import descendants, wait_gone

pytestmark = pytest.mark.e2e

SAMPLE = Path(__file__).resolve().parents[2] / "reader" / "samples" / "inner-thigh-cramps.md"
TINY = "---\ntitle: Tiny\n---\n\n## One\n\nA short sentence.\n\n## Two\n\nAnother one.\n"


def _narrate(*args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "narrate", "--quiet", "--jobs", "1", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        **kwargs,  # type: ignore[arg-type]
    )


def test_kill_9_ends_every_worker_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    out = tmp_path / "out"
    # espeak reaches the render in a second, where Piper would speak for twenty;
    # what is killed (the worker, its engine process, ffmpeg) is the same.
    process = _narrate(str(SAMPLE), "--out", str(out), "--force", "--voice", "espeak")
    try:
        deadline = time.monotonic() + 300
        # Rendering, with a child at work: ffmpeg (espeak-ng speaks a single article
        # in-process; other engines speak in a worker process of their own).
        while not (list(out.glob(".work-*")) and (started := descendants(process.pid))):
            assert process.poll() is None, "narrate ended before rendering"
            assert time.monotonic() < deadline, "narrate never started rendering"
            time.sleep(0.005)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert wait_gone(started, 3.0) == []
    finally:
        process.kill()
        process.wait()
    assert list(out.glob(".work-*")), "the killed run left its scratch directory"
    tiny = tmp_path / "tiny.md"
    tiny.write_text(TINY)
    assert _narrate(str(tiny), "--out", str(out)).wait(timeout=300) == 0
    assert list(out.glob(".work-*")) == []


def test_narrate_reaps_every_child_before_it_exits(tmp_path: Path) -> None:
    # A subreaper inherits whatever narrate leaves behind when it exits: a
    # child it did not wait for, running or not, would be reparented to it.
    tiny = tmp_path / "tiny.md"
    tiny.write_text(TINY)
    script = textwrap.dedent(
        f"""
        import ctypes, subprocess, sys, time
        from reader.processes import child_pids
        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
        narrate = subprocess.run(
            [sys.executable, "-m", "reader", "narrate", "--quiet", {str(tiny)!r},
             "--out", {str(tmp_path / "out")!r}],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(1)
        print(narrate.returncode, len(child_pids(zombies=True)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.split() == ["0", "0"], done.stdout + done.stderr
