"""Scratch directories: locked while their run lives, removed once it is gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from reader.narrate.workdir import remove_stale_work_dirs, work_dir


def _hold_work_dir(out: Path, slug: str) -> tuple[subprocess.Popen[str], Path]:
    """A process inside ``work_dir(out, slug)``, sleeping; returns it and the directory."""
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from reader.narrate.workdir import work_dir
        with work_dir(Path({str(out)!r}), {slug!r}) as path:
            print(path, flush=True)
            time.sleep(120)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    return process, Path(process.stdout.readline().strip())


def test_a_killed_runs_directory_is_removed_and_a_live_ones_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    killed, stale = _hold_work_dir(out, "one")
    live, kept = _hold_work_dir(out, "two")
    try:
        (stale / "episode.pcm").write_bytes(b"\0" * 1000)
        assert remove_stale_work_dirs(out) == []
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
        assert stale.is_dir()
        assert remove_stale_work_dirs(out) == [stale]
        assert not stale.exists() and kept.is_dir()
    finally:
        for process in (killed, live):
            process.kill()
            process.communicate()


def test_this_processs_own_directory_is_kept(tmp_path: Path) -> None:
    with work_dir(tmp_path, "mine") as path:
        assert remove_stale_work_dirs(tmp_path) == []
        assert path.is_dir()
    assert not path.exists()


def test_a_directory_without_a_lock_is_removed_only_when_old(tmp_path: Path) -> None:
    young = tmp_path / ".work-young-abc"
    old = tmp_path / ".work-old-def"
    young.mkdir()
    old.mkdir()
    a_day_ago = time.time() - 86400
    os.utime(old, (a_day_ago, a_day_ago))
    assert remove_stale_work_dirs(tmp_path) == [old]
    assert young.is_dir()
