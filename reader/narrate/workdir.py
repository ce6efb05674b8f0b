"""Scratch directories for narrating one article, and what a killed run left.

Each article is rendered in ``<out>/.work-<slug>-<random>/`` and the
directory is removed when the article is done. A process killed with
``kill -9`` cannot remove it, so every run first removes the stale ones:
each live directory holds an exclusive ``flock`` on its ``.lock`` file for
as long as its run lasts, and the kernel releases that lock when the process
dies however it dies. A directory whose lock can be taken is stale; one
without a lock file (just being created, or left by an older reader) is
stale only once it is older than ``STALE_AFTER_S``. A live run's directory
is never touched.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["STALE_AFTER_S", "WORK_PREFIX", "remove_stale_work_dirs", "work_dir"]

WORK_PREFIX = ".work-"
STALE_AFTER_S = 6 * 3600.0
_LOCK = ".lock"


@contextmanager
def work_dir(out_dir: Path, slug: str) -> Iterator[Path]:
    """A fresh scratch directory for ``slug`` in ``out_dir``, locked while in use
    and removed afterwards."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{slug}-", dir=out_dir))
    # Locked under a private name, then renamed: a cleaner never sees the lock
    # file before it is locked.
    pending = path / f"{_LOCK}.{os.getpid()}"
    fd = os.open(pending, os.O_CREAT | os.O_WRONLY | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, f"{os.getpid()}\n".encode())
        os.replace(pending, path / _LOCK)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        os.close(fd)


def remove_stale_work_dirs(out_dir: Path, *, older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """Remove the scratch directories in ``out_dir`` that no live run owns; return them."""
    removed = []
    try:
        candidates = sorted(out_dir.glob(f"{WORK_PREFIX}*"))
    except OSError:
        return []
    for path in candidates:
        if path.is_symlink() or not path.is_dir():
            continue
        if _remove_if_stale(path, older_than_s=older_than_s):
            removed.append(path)
    return removed


def _remove_if_stale(path: Path, *, older_than_s: float) -> bool:
    try:
        fd = os.open(path / _LOCK, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        try:
            age_s = time.time() - path.stat().st_mtime
        except OSError:
            return False
        if age_s <= older_than_s:
            return False
        shutil.rmtree(path, ignore_errors=True)
        return True
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # its run is alive
        shutil.rmtree(path, ignore_errors=True)
        return True
    finally:
        os.close(fd)
