"""schemathesis against the app's own OpenAPI schema: every operation, each
generated request sent with and without the write token, never a 5xx.

Deterministic (Hypothesis derandomized, no example database) and offline:
URLs are only checked, never fetched (``allow_private_urls`` skips DNS, and
no job runs, since the app's lifespan does not start here).
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from reader.catalog import sync_catalog
from reader.web import create_app

from .conftest import TOKEN, server_settings

AUTH = {"Authorization": f"Bearer {TOKEN}"}
CASES: Counter[str] = Counter()
"""Requests sent per operation, for the report at the end."""
EXAMPLES = 40
"""Generated requests per operation and mode, each sent twice (with and without the token)."""


@pytest.fixture(scope="module")
def app(template_editions: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    out = tmp_path_factory.mktemp("schemathesis") / "out"
    shutil.copytree(template_editions, out, ignore=shutil.ignore_patterns("reader.db*"))
    application = create_app(
        server_settings(out, allow_private_urls=True, max_queued_jobs=1_000_000)
    )
    sync_catalog(out, catalog=application.state.site.catalog)
    yield application
    application.state.site.catalog.close()


@pytest.fixture(scope="module")
def api_schema(app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_gets_a_server_error(api_schema: Any, mode: GenerationMode) -> None:
    """Valid requests (positive) and requests that break the schema (negative)."""
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def call(case: Any) -> None:
            for headers in (AUTH, {}):
                response = case.call(headers=headers)
                CASES[f"{case.method} {case.path}"] += 1
                assert response.status_code < 500, (case.method, case.path, response.text)

        try:
            call()
        except Unsatisfiable:
            # No request can break the schema: the operation takes no input, or
            # only strings without constraints (a path segment such as a slug).
            assert mode is GenerationMode.NEGATIVE, f"{operation.method} {operation.path}"


def test_every_operation_was_exercised(app: FastAPI) -> None:
    operations = {
        f"{method.upper()} {path}"
        for path, item in app.openapi()["paths"].items()
        for method in item
    }
    assert operations <= set(CASES), operations - set(CASES)
    print(f"schemathesis: {sum(CASES.values())} requests", dict(sorted(CASES.items())))  # noqa: T201
