"""The Celery application: one per process, built from ``Settings`` (never at import).

Long tasks on a shared queue want:

- ``acks_late`` with ``reject_on_worker_lost``: a task is acknowledged only
  when it ends, so one whose worker dies mid-article is delivered again to
  another worker (RabbitMQ at once, when the connection drops; Redis after
  ``visibility_timeout_s``);
- ``worker_prefetch_multiplier=1``: a worker holds only the article it narrates;
- ``task_track_started``: the submitter sees when an article starts;
- results under the queue's name, so deployments sharing a Redis keep apart.
"""

from __future__ import annotations

from typing import Any

from celery import Celery

from reader.config import Settings
from reader.errors import ConfigError

__all__ = ["TASK_NAME", "ReaderCelery", "create_celery", "default_result_backend"]

TASK_NAME = "reader.narrate"
_RESULT_TTL_S = 7 * 24 * 3600


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
        transport["visibility_timeout"] = settings.visibility_timeout_s
        # A worker killed while it held the lock on the unacknowledged tasks would
        # stop every other worker from redelivering them for kombu's default 5 minutes.
        transport["unacked_mutex_expire"] = 15
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_default_queue=settings.queue_name,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_track_started=True,
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
