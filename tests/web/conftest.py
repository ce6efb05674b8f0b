"""Servers on real sockets: uvicorn in a thread on a free port, httpx as the client."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from support.editions import make_edition

from reader.config import Settings
from reader.web import create_app

from .fake_narration import JOB_FUNCTION

TOKEN = "s3cret-token"


@dataclass
class Server:
    url: str
    settings: Settings

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)


@contextmanager
def run_server(settings: Settings) -> Iterator[Server]:
    """Serve ``create_app(settings)`` (its base URL set to the socket's) until exit."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    settings = settings.model_copy(update={"base_url": url})
    config = uvicorn.Config(create_app(settings), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield Server(url=url, settings=settings)
    finally:
        server.should_exit = True
        thread.join(20)
        sock.close()


def server_settings(out_dir: Path, **changes: Any) -> Settings:
    return Settings(
        **{"out_dir": out_dir, "api_token": TOKEN, "job_function": JOB_FUNCTION, **changes}
    )


@pytest.fixture(scope="session")
def template_editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("editions")
    make_edition(out)
    make_edition(out, "calf-cramps", title="Calf cramps", author=None, date=None)
    return out


@pytest.fixture
def fresh_out(template_editions: Path, tmp_path: Path) -> Path:
    """A private copy of the editions, for tests that change them."""
    out = tmp_path / "out"
    shutil.copytree(template_editions, out, ignore=shutil.ignore_patterns("reader.db*"))
    return out


@pytest.fixture(scope="module")
def server(template_editions: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server shared by a module's read-only tests."""
    out = tmp_path_factory.mktemp("shared") / "out"
    shutil.copytree(template_editions, out, ignore=shutil.ignore_patterns("reader.db*"))
    with run_server(server_settings(out, max_body_bytes=4096)) as running:
        yield running


@pytest.fixture
def start_server() -> Iterator[Callable[[Settings], Server]]:
    """Start servers inside a test (several, one after another, for restarts)."""
    stack: list[Any] = []

    def start(settings: Settings) -> Server:
        context = run_server(settings)
        stack.append(context)
        return context.__enter__()

    yield start
    for context in reversed(stack):
        context.__exit__(None, None, None)
