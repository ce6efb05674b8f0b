"""Run a Celery worker for reader: prefork pool, one article per pool process.

Each pool process narrates one article at a time with ``CPUs / concurrency``
engine processes. Pool processes die with the worker (``PR_SET_PDEATHSIG``
on Linux): a worker killed mid-article leaves no orphan that could publish
the article after another worker has taken it over.
"""

from __future__ import annotations

import ctypes
import multiprocessing.process
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

from reader.config import Settings
from reader.queue.app import create_celery
from reader.queue.task import configure_article_log

__all__ = ["run_worker"]

_PR_SET_PDEATHSIG = 1
_MAIN_PROCESS = type(multiprocessing.process.current_process())
"""The standard library's main-process class, taken before any fork."""


def _init_pool_process(**_: Any) -> None:
    """In each pool process: may start engine processes; dies with the worker."""
    # To the standard multiprocessing a pool process looks like a daemon child of the
    # worker, which may not start processes; the speech engine runs in processes it
    # starts (and ends before each article returns). Make it a main process of its own.
    process: Any = multiprocessing.process
    process._current_process = _MAIN_PROCESS()
    process._parent_process = None
    process._children = set()
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # the worker died before prctl took effect
        os._exit(1)


def run_worker(settings: Settings, *, concurrency: int, queues: Sequence[str]) -> int:
    """Consume ``queues`` until stopped (SIGTERM: finish the current articles first)."""
    from celery.signals import worker_process_init

    app = create_celery(settings)
    app.speech_workers = max(1, (os.cpu_count() or 1) // concurrency)
    settings.out_dir.mkdir(parents=True, exist_ok=True)
    configure_article_log()
    worker_process_init.connect(_init_pool_process, weak=False)
    argv = [
        "worker",
        f"--concurrency={concurrency}",
        f"--queues={','.join(queues)}",
        "--loglevel=INFO",
        f"--hostname=reader-{os.getpid()}@%h",
        "--without-gossip",
        "--without-mingle",
        "--pool=prefork",
    ]
    app.worker_main(argv)
    return 0
