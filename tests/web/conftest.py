"""Servers on real sockets (``support.server``) over editions the pipeline wrote."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support.editions import make_edition
from support.server import Server, run_server

from reader.config import Settings

from .fake_narration import JOB_FUNCTION

TOKEN = "s3cret-token"


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
