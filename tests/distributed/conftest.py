"""Distributed mode (``reader.queue``; the folder is not ``queue``, which would hide the
standard library's): ``reader worker`` processes against real brokers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from services import amqp_url, redis_url, unique_queue
from support.fake_engine import FAKE_ENGINE

READER = Path(sys.executable).with_name("reader")
TESTS = Path(__file__).resolve().parents[1]
FAKE_VOICE = f'name = "fake"\nengine = "{FAKE_ENGINE}"\n[voice]\nlanguage = "en-US"\n'


@dataclass
class Queue:
    """Where a test's tasks go: broker, result backend and a queue of its own."""

    broker: str
    backend: str
    name: str
    root: Path
    """The workers' working directory (voices/ with a fake voice) and editions."""

    @property
    def out(self) -> Path:
        return self.root / "out"

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "READER_BROKER_URL": self.broker,
            "READER_RESULT_BACKEND": self.backend,
            "READER_QUEUE_NAME": self.name,
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": str(TESTS),  # the fake engine, for worker processes
            **extra,
        }


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log: Path

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def events(self) -> list[dict[str, object]]:
        import json

        return [
            json.loads(line)
            for line in self.text().splitlines()
            if line.startswith('{"event": "article"')
        ]

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Workers:
    queue: Queue
    started: list[Worker] = field(default_factory=list)

    def start(
        self, *args: str, env: dict[str, str] | None = None, out: Path | None = None
    ) -> Worker:
        """Start a worker (concurrency 1) and wait until it takes tasks; ``out`` is its
        editions folder (the queue's shared one by default)."""
        log = self.queue.root / f"worker-{len(self.started)}.log"
        out = out or self.queue.out
        with log.open("wb") as stderr:
            process = subprocess.Popen(
                [str(READER), "worker", "--out", str(out), "--concurrency", "1", *args],
                cwd=self.queue.root,
                env=env or self.queue.env(),
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        worker = Worker(process=process, log=log)
        self.started.append(worker)
        deadline = time.monotonic() + 60
        while " ready." not in worker.text():
            if process.poll() is not None or time.monotonic() > deadline:
                worker.kill()
                pytest.fail(f"reader worker did not start:\n{worker.text()[-3000:]}")
            time.sleep(0.1)
        return worker

    def stop_all(self) -> None:
        for worker in self.started:
            worker.stop()


def _queue(tmp_path: Path, broker: str, backend: str) -> Queue:
    root = tmp_path / "site"
    (root / "voices").mkdir(parents=True)
    (root / "voices" / "fake.toml").write_text(FAKE_VOICE)
    return Queue(broker=broker, backend=backend, name=unique_queue(), root=root)


@pytest.fixture
def redis_queue(tmp_path: Path) -> Queue:
    url = redis_url()
    return _queue(tmp_path, url, url)


@pytest.fixture
def rabbit_queue(tmp_path: Path) -> Queue:
    return _queue(tmp_path, amqp_url(), redis_url())


@pytest.fixture(params=["redis", "rabbitmq"])
def either_queue(request: pytest.FixtureRequest, tmp_path: Path) -> Queue:
    """A queue on Redis, then on RabbitMQ (task states in Redis either way)."""
    if request.param == "redis":
        url = redis_url()
        return _queue(tmp_path, url, url)
    return _queue(tmp_path, amqp_url(), redis_url())


def _in_environment(queue: Queue, monkeypatch: pytest.MonkeyPatch) -> Queue:
    for key, value in queue.env().items():
        if key.startswith("READER_"):
            monkeypatch.setenv(key, value)
    monkeypatch.chdir(queue.root)
    return queue


@pytest.fixture
def queue_env(redis_queue: Queue, monkeypatch: pytest.MonkeyPatch) -> Queue:
    """The Redis queue's settings in this process's environment (for ``main([...])``)."""
    return _in_environment(redis_queue, monkeypatch)


@pytest.fixture
def either_queue_env(either_queue: Queue, monkeypatch: pytest.MonkeyPatch) -> Queue:
    """``either_queue``'s settings in this process's environment."""
    return _in_environment(either_queue, monkeypatch)


@pytest.fixture
def workers(redis_queue: Queue) -> Iterator[Workers]:
    pool = Workers(redis_queue)
    yield pool
    pool.stop_all()


@pytest.fixture
def either_workers(either_queue: Queue) -> Iterator[Workers]:
    """Workers on ``either_queue``, stopped after the test."""
    pool = Workers(either_queue)
    yield pool
    pool.stop_all()
