"""The real services distributed-mode tests use: Redis, RabbitMQ.

A test that needs one skips when it is not running here, but FAILS when
``READER_REQUIRE_SERVICES=1`` (as ``.ci/run`` sets), like the browser tests
with ``READER_REQUIRE_BROWSER``. Each test run gets its own names (a Redis
database picked at random, a unique queue name) so runs at the same time on
one machine do not see each other's tasks.
"""

from __future__ import annotations

import os
import random
import socket
import uuid

import pytest

REDIS = ("127.0.0.1", 6379)
RABBITMQ = ("127.0.0.1", 5672)


def _listening(address: tuple[str, int]) -> bool:
    try:
        with socket.create_connection(address, timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str, address: tuple[str, int]) -> None:
    """Skip (locally) or fail (``READER_REQUIRE_SERVICES=1``) unless ``address`` answers."""
    if _listening(address):
        return
    message = f"{name} is not running on {address[0]}:{address[1]}"
    if os.environ.get("READER_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{message} (READER_REQUIRE_SERVICES=1)")
    pytest.skip(message)


def redis_url() -> str:
    """A Redis database of its own for this run (1-15; 0 is left to people)."""
    require_service("Redis", REDIS)
    return f"redis://{REDIS[0]}:{REDIS[1]}/{random.randint(1, 15)}"


def amqp_url() -> str:
    require_service("RabbitMQ", RABBITMQ)
    return f"amqp://guest:guest@{RABBITMQ[0]}:{RABBITMQ[1]}//"


def unique_queue() -> str:
    """A queue name no other run uses (results are kept under it too)."""
    return f"reader-test-{uuid.uuid4().hex[:12]}"
