"""The Celery application: one per process, built from ``Settings`` (never at import).

Long tasks on a shared queue want:

- ``acks_late`` with ``reject_on_worker_lost``: a task is acknowledged only
  when it ends, so one whose worker dies mid-article is delivered again to
  another worker (RabbitMQ at once, when the connection drops; Redis once
  the broker's visibility timeout has passed, see below);
- a deadline per article, ``job_timeout_s``: the task's soft time limit
  (the article fails with that reason, once, not retried), and a hard one a
  little later (``hard_time_limit_s``) that stops a process stuck where the
  soft limit cannot reach;
- ``worker_prefetch_multiplier=1``: a worker holds only the article it narrates;
- ``task_track_started``: the submitter sees when an article starts;
- results under the queue's name, so deployments sharing a Redis keep apart.

Redis has no connection-level acknowledgement: kombu keeps each delivered,
unacknowledged message in a hash and an index scored by delivery time, and
every consuming worker sweeps that index on a timer (``QoS.restore_visible``),
putting back on its queue any message delivered more than
``visibility_timeout`` ago. kombu's defaults made that sweep run one tick in
ten of a 10 s timer, about every 100 s (kombu PR #2558), so a dead worker's
article came back anywhere from the visibility timeout to 100 s after it.
Here the sweep runs on every tick (``unacked_restore_throttle=1``) of a timer
of at most 10 s, and the visibility timeout is derived from the deadline
(``redis_visibility_timeout_s``): longer than a live task can hold its message
(the hard time limit, plus the longest retry wait, since a retried task waits
for its countdown holding its message), so a task still running is never
handed to a second worker. A dead worker's article is then delivered again
within ``visibility_timeout + restore interval`` (plus, if the worker died in
the middle of a sweep, ``unacked_mutex_expire``): 37 min 10 s for the default
30-minute deadline.
"""

from __future__ import annotations

from typing import Any

from celery import Celery

from reader.config import Settings
from reader.errors import ConfigError

__all__ = [
    "RETRY_BACKOFF_MAX_S",
    "TASK_NAME",
    "ReaderCelery",
    "create_celery",
    "default_result_backend",
    "hard_time_limit_s",
    "redis_visibility_timeout_s",
    "restore_interval_s",
]

TASK_NAME = "reader.narrate"
RETRY_BACKOFF_MAX_S = 300
"""Longest wait before a transient fault's retry (exponential backoff, jittered)."""
_RESULT_TTL_S = 7 * 24 * 3600
_VISIBILITY_MARGIN_S = 60
_UNACKED_MUTEX_EXPIRE_S = 15
"""A worker killed while it held the sweep's lock blocks the other workers' sweeps
this long (kombu's default is 5 minutes); a sweep takes milliseconds."""


def hard_time_limit_s(job_timeout_s: float) -> float:
    """When a task past its soft limit (``job_timeout_s``) is killed: a tenth later,
    10 s at least and a minute at most, time to stop its engine processes (which
    may take a few seconds for a stuck one) and record the failure."""
    return job_timeout_s + min(60.0, max(10.0, job_timeout_s / 10))


def redis_visibility_timeout_s(settings: Settings) -> float:
    """How long Redis waits before it delivers an unacknowledged task again:
    ``visibility_timeout_s`` when set, else derived from ``job_timeout_s`` so that
    no live task (running, or waiting for a retry's countdown) is delivered twice.

    Raises ``ConfigError`` when a set value is shorter than the hard time limit."""
    hard = hard_time_limit_s(settings.job_timeout_s)
    if settings.visibility_timeout_s is None:
        return hard + RETRY_BACKOFF_MAX_S + _VISIBILITY_MARGIN_S
    if settings.visibility_timeout_s <= hard:
        raise ConfigError(
            f"[queue] visibility_timeout_s ({settings.visibility_timeout_s:g} s) must be "
            f"longer than a task may run ({hard:g} s, from job_timeout_s = "
            f"{settings.job_timeout_s:g} s), or Redis hands running articles to a second "
            "worker; leave it out to derive it from job_timeout_s"
        )
    return settings.visibility_timeout_s


def restore_interval_s(visibility_timeout_s: float) -> int:
    """How often each worker sweeps for tasks past the visibility timeout: a tenth
    of it, between 1 and 10 s."""
    return int(max(1, min(10, visibility_timeout_s // 10)))


class ReaderCelery(Celery):  # type: ignore[misc]  # Celery is untyped
    """A Celery app that knows the settings its worker narrates with."""

    reader_settings: Settings
    speech_workers: int = 1
    """Engine processes per article: the worker's CPUs shared by its concurrency."""


def default_result_backend(broker_url: str) -> str:
    """The broker's own Redis, or ``rpc://`` (replies to the submitter) for RabbitMQ."""
    return broker_url if broker_url.startswith(("redis://", "rediss://")) else "rpc://"


def create_celery(settings: Settings, *, broker_url: str | None = None) -> ReaderCelery:
    """The app for ``settings``; ``broker_url`` overrides the configured broker."""
    broker = broker_url or settings.broker_url
    if not broker:
        raise ConfigError(
            "no broker: give --broker URL, [queue] broker in reader.toml or "
            "READER_BROKER_URL (redis://HOST:6379/0 or amqp://USER:PASS@HOST:5672//)"
        )
    if not broker.startswith(("redis://", "rediss://", "amqp://", "amqps://", "pyamqp://")):
        raise ConfigError(f"broker URL {broker!r} must start with redis:// or amqp://")
    backend = settings.result_backend or default_result_backend(broker)
    app = ReaderCelery("reader", broker=broker, backend=backend, set_as_current=False)
    transport: dict[str, Any] = {}
    if broker.startswith(("redis://", "rediss://")):
        visibility_s = redis_visibility_timeout_s(settings)
        transport["visibility_timeout"] = visibility_s
        transport["unacked_restore_interval"] = restore_interval_s(visibility_s)
        transport["unacked_restore_throttle"] = 1  # sweep on every tick, not one in ten
        transport["unacked_mutex_expire"] = _UNACKED_MUTEX_EXPIRE_S
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_default_queue=settings.queue_name,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_track_started=True,
        task_soft_time_limit=settings.job_timeout_s,
        task_time_limit=hard_time_limit_s(settings.job_timeout_s),
        worker_prefetch_multiplier=1,
        worker_redirect_stdouts=False,
        broker_transport_options=transport,
        broker_connection_retry_on_startup=True,
        result_expires=_RESULT_TTL_S,
    )
    if backend.startswith(("redis://", "rediss://")):
        app.conf.result_backend_transport_options = {"global_keyprefix": f"{settings.queue_name}:"}
    app.reader_settings = settings
    from reader.queue.task import register_tasks

    register_tasks(app)
    return app
