"""Child processes that never outlive the process that started them.

reader starts three kinds of children: Python workers (``multiprocessing``
spawn: article workers, speech workers, the server's job process), ffmpeg,
and multiprocessing's own resource tracker. After a ``kill -9`` of any
parent, none of them may keep running:

- A tool such as ffmpeg is started through ``run`` or ``popen``, which ask
  the kernel (Linux ``PR_SET_PDEATHSIG``) to SIGKILL it the moment its
  parent dies. The signal follows the thread that started the child, so a
  tool must be waited for by the thread that started it; ``subprocess.run``
  always is.
- A Python worker calls ``exit_with_parent`` first thing: a thread waits on
  the parent's sentinel (a pipe the kernel closes when the parent dies, at
  process level) and ends the worker, whose own tools then die with it.
- ``reader narrate`` runs inside ``reaping_children``: before it exits it
  waits for every child it started (stopping multiprocessing's resource
  tracker last), so nothing it started is left running.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = [
    "child_pids",
    "die_with_parent",
    "exit_with_parent",
    "popen",
    "reaping_children",
    "run",
]

_PR_SET_PDEATHSIG = 1


def _load_prctl() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    return prctl


# Looked up once, here: a ``preexec_fn`` runs between fork and exec, where
# loading a library is not safe.
_PRCTL = _load_prctl()


def die_with_parent() -> None:
    """Have the kernel SIGKILL the calling process when its parent dies (Linux;
    elsewhere nothing). Meant as ``subprocess``'s ``preexec_fn``."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def run(command: Sequence[str], **kwargs: Any) -> subprocess.CompletedProcess[Any]:
    """``subprocess.run`` for a tool that dies with this process."""
    return subprocess.run(command, preexec_fn=die_with_parent, **kwargs)


def popen(command: Sequence[str], **kwargs: Any) -> subprocess.Popen[Any]:
    """``subprocess.Popen`` for a tool that dies with this process."""
    return subprocess.Popen(command, preexec_fn=die_with_parent, **kwargs)


def exit_with_parent() -> None:
    """In a Python worker started by multiprocessing: end this process as soon
    as the process that started it goes away (a no-op in the main process)."""
    import multiprocessing.connection

    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def child_pids(pid: int | None = None, *, zombies: bool = False) -> list[int]:
    """The children of ``pid`` (this process by default) from /proc: those
    still running, and with ``zombies`` those ended but not yet waited for."""
    pid = os.getpid() if pid is None else pid
    children = []
    for entry in Path("/proc").iterdir() if Path("/proc/self").exists() else ():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and (zombies or fields[0] not in ("Z", "X")):
            children.append(int(entry.name))
    return children


@contextmanager
def reaping_children(timeout_s: float = 5.0) -> Iterator[None]:
    """Wait, on leaving, for every child process started inside the block.

    Children still running are asked to stop (SIGTERM), then killed after
    ``timeout_s``. multiprocessing's resource tracker, when the block started
    it, is stopped last, once no other child can hold its pipe. Children that
    were already running when the block began are left alone.
    """
    before = set(child_pids(zombies=True))
    tracker_before = _tracker_pid()
    try:
        yield
    finally:
        _reap(before, stop_tracker=tracker_before is None, timeout_s=timeout_s)


def _reap(before: set[int], *, stop_tracker: bool, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    multiprocessing = sys.modules.get("multiprocessing")  # not loaded: none of its children
    tracker = _tracker_pid()
    if multiprocessing is not None:
        if tracker is not None:
            # Finalize dropped multiprocessing objects, which talk to the tracker. A
            # full collection costs a tenth of a second at the end of a narration;
            # with no tracker started, no object of multiprocessing's needs one.
            gc.collect()
        for process in multiprocessing.active_children():  # also reaps finished ones
            if process.pid not in before:
                process.join(max(0.0, deadline - time.monotonic()))

    def started() -> list[int]:
        return [p for p in child_pids() if p not in before and p != tracker]

    left = started()
    for pid in left:
        _signal(pid, signal.SIGTERM)
    while left and time.monotonic() < deadline:
        time.sleep(0.02)
        _wait_any(left)
        left = started()
    for pid in left:
        _signal(pid, signal.SIGKILL)
    _wait_any([p for p in child_pids(zombies=True) if p not in before and p != tracker])
    if stop_tracker and tracker is not None:
        _stop_tracker(tracker, deadline=time.monotonic() + timeout_s)


def _tracker_pid() -> int | None:
    resource_tracker = sys.modules.get("multiprocessing.resource_tracker")
    if resource_tracker is None:  # never loaded, so never started by this process
        return None
    pid = getattr(resource_tracker._resource_tracker, "_pid", None)
    return pid if isinstance(pid, int) else None


def _stop_tracker(pid: int, *, deadline: float) -> None:
    """Close the resource tracker's pipe (it then exits) and wait for it."""
    from multiprocessing import resource_tracker

    tracker: Any = resource_tracker._resource_tracker
    with tracker._lock:
        if isinstance(tracker._fd, int):
            os.close(tracker._fd)
            tracker._fd = None
            tracker._pid = None
    while time.monotonic() < deadline:
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return
        except ChildProcessError:
            return
        time.sleep(0.01)
    _signal(pid, signal.SIGKILL)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _wait_any(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass
