"""Options shared by every test package."""

from __future__ import annotations

import pytest
from support.fake_engine import FAKE_ENGINE

from reader.speech import register_engine

register_engine("fake", FAKE_ENGINE)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files (tests/data/parse/*.json, tests/feed/data/*.xml) from the code",
    )


# The real services of the distributed mode (PostgreSQL, an S3 server), for every package.
from services import postgres_url, s3_bucket, s3_server  # noqa: E402, F401
