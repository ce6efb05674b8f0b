"""What the queue is doing: articles waiting, workers alive, running and failed tasks.

Read from the broker (queue depth), the workers themselves (which queues each
takes from, what each runs) and the result backend (failed tasks, kept for a
week). ``rpc://`` keeps no states that another process can read, so with it
failed tasks are not listed.
"""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from reader.errors import QueueError
from reader.queue.app import ReaderCelery

__all__ = [
    "FailedTask",
    "QueueStatus",
    "RunningTask",
    "format_status",
    "queue_depth",
    "read_status",
]

_FAILED_SHOWN = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class RunningTask:
    task_id: str
    label: str
    worker: str
    seconds: float
    """How long it has been running."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FailedTask:
    task_id: str
    reason: str
    finished_at: str


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueStatus:
    broker: str
    queue: str
    waiting: int
    """Articles in the queue that no worker has taken yet."""
    workers: tuple[str, ...]
    """Workers alive that take articles from this queue."""
    running: tuple[RunningTask, ...]
    failed: tuple[FailedTask, ...] | None = None
    """Recent failures, newest first; None when the result backend cannot list them."""
    failed_total: int = 0
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


def read_status(
    app: ReaderCelery, *, queue: str | None = None, timeout_s: float = 1.5
) -> QueueStatus:
    """Ask the broker, the workers that take from the queue, and the result backend."""
    from reader.queue.submit import _safe_url

    name = queue or app.reader_settings.queue_name
    broker = _safe_url(app.conf.broker_url)
    try:
        waiting = queue_depth(app, name)
        # A broadcast waits its whole timeout for replies: ask both questions at once.
        with ThreadPoolExecutor(max_workers=1) as pool:
            asking = pool.submit(lambda: app.control.inspect(timeout=timeout_s).active())
            consuming = app.control.inspect(timeout=timeout_s).active_queues() or {}
            replies = asking.result() or {}
        workers = tuple(
            sorted(w for w, queues in consuming.items() if any(q["name"] == name for q in queues))
        )
        active = {w: tasks for w, tasks in replies.items() if w in workers}
    except QueueError:
        raise
    except Exception as e:
        raise QueueError(f"cannot reach the broker at {broker}: {e}") from e
    now = dt.datetime.now(dt.UTC).timestamp()
    running = []
    for worker, tasks in sorted(active.items()):
        for task in tasks:
            args = task.get("args") or [{}]
            message = args[0] if args and isinstance(args[0], dict) else {}
            started = task.get("time_start") or now
            running.append(
                RunningTask(
                    task_id=str(task.get("id")),
                    label=str(message.get("label", "?")),
                    worker=worker,
                    seconds=max(0.0, now - float(started)),
                )
            )
    failed, total = _failed_tasks(app)
    notes: tuple[str, ...] = ()
    if failed is None:
        notes = ("the result backend keeps no states to list failures: set [queue] result_backend",)
    return QueueStatus(
        broker=broker,
        queue=name,
        waiting=waiting,
        workers=workers,
        running=tuple(running),
        failed=failed,
        failed_total=total,
        notes=notes,
    )


def queue_depth(app: ReaderCelery, name: str) -> int:
    """Tasks waiting on the queue ``name`` (0 when no one has declared it yet)."""
    with app.connection_for_read() as connection:
        connection.ensure_connection(max_retries=1)  # a dead broker fails in seconds
        channel = connection.default_channel
        try:
            return int(channel.queue_declare(queue=name, passive=True).message_count)
        except Exception as e:
            if "NOT_FOUND" in str(e) or "no queue" in str(e).lower():
                return 0  # no one has declared it yet: nothing waits
            raise


def _failed_tasks(app: ReaderCelery) -> tuple[tuple[FailedTask, ...] | None, int]:
    backend = app.backend
    client = getattr(backend, "client", None)
    if client is None or not hasattr(client, "scan_iter"):
        return None, 0
    prefix = (
        backend.task_keyprefix.decode()
        if isinstance(backend.task_keyprefix, bytes)
        else str(backend.task_keyprefix)
    )
    failed = []
    keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        for key, raw in zip(chunk, client.mget(chunk), strict=True):
            if raw is None:
                continue
            try:
                meta = json.loads(raw)
            except ValueError:
                continue
            if meta.get("status") != "FAILURE":
                continue
            result = meta.get("result") or {}
            reason = result.get("exc_message") if isinstance(result, dict) else result
            if isinstance(reason, list | tuple):
                reason = " ".join(str(r) for r in reason)
            task_id = key.decode() if isinstance(key, bytes) else str(key)
            failed.append(
                FailedTask(
                    task_id=task_id.removeprefix(prefix),
                    reason=str(reason),
                    finished_at=str(meta.get("date_done") or ""),
                )
            )
    failed.sort(key=lambda f: f.finished_at, reverse=True)
    return tuple(failed[:_FAILED_SHOWN]), len(failed)


def format_status(status: QueueStatus) -> str:
    """The status as a person reads it."""
    lines = [
        f"broker:   {status.broker}",
        f"queue:    {status.queue}: {status.waiting} waiting",
        f"workers:  {len(status.workers)} alive" + (": " if status.workers else ""),
    ]
    lines += [f"  {w}" for w in status.workers]
    lines.append(f"running:  {len(status.running)}")
    lines += [
        f"  {t.label} on {t.worker} for {t.seconds:.0f} s ({t.task_id})" for t in status.running
    ]
    if status.failed is None:
        lines.append("failed:   unknown")
    else:
        lines.append(f"failed:   {status.failed_total}")
        lines += [f"  {f.finished_at} {f.task_id}: {f.reason}" for f in status.failed]
    lines += [f"note: {n}" for n in status.notes]
    return "\n".join(lines) + "\n"
