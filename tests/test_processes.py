"""No process reader starts outlives its parent, even after kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from reader.processes import child_pids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def wait_gone(pids: list[int], timeout_s: float) -> list[int]:
    """The ``pids`` still alive after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        left = [p for p in pids if _alive(p)]
        if not left:
            return []
        time.sleep(0.02)
    return [p for p in pids if _alive(p)]


def descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        children = child_pids(queue.pop())
        found += children
        queue += children
    return found


def test_ffmpeg_dies_with_the_process_that_started_it(tmp_path: Path) -> None:
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                from reader.audio.ffmpeg import run_ffmpeg
                run_ffmpeg(["-re", "-f", "lavfi", "-i", "sine=duration=120", "-f", "null", "-"],
                           what="busy")
                """
            ),
        ]
    )
    try:
        deadline = time.monotonic() + 30
        while not (tools := child_pids(parent.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert tools, "ffmpeg did not start"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        assert wait_gone(tools, 2.0) == []
    finally:
        parent.kill()
        parent.wait()


def test_reaping_children_waits_for_those_started_inside_only() -> None:
    # In a process of its own: reaping would end this test run's own children.
    script = textwrap.dedent(
        """
        import multiprocessing, subprocess, sys, time
        from reader.processes import child_pids, reaping_children
        if __name__ == "__main__":
            older = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
            with reaping_children(timeout_s=5):
                worker = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(0,))
                worker.start()  # starts multiprocessing's resource tracker too
                sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
                inside = len(child_pids(zombies=True))
            after = child_pids(zombies=True)
            print(inside, after == [older.pid], sleeper.poll() is not None)
            older.kill()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["4", "True", "True"], done.stdout + done.stderr
