"""Options shared by every test package."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.fake_engine import FAKE_ENGINE
from support.seed import SAMPLE

from reader.narrate import NarrateResult, NarrateSettings, narrate_article
from reader.speech import register_engine

register_engine("fake", FAKE_ENGINE)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files (tests/data/parse/*.json, tests/feed/data/*.xml) from the code",
    )


@pytest.fixture(scope="session")
def seed_edition(tmp_path_factory: pytest.TempPathFactory) -> NarrateResult:
    """The sample article narrated once per session with the real default voice (Piper)
    and ffmpeg, as mp3, m4b and epub. Tests read the edition and must not change it;
    ``support.seed.warm_speech_cache`` hands its speech cache to a test that narrates
    the seed again, so the article is spoken once, not once per test."""
    out: Path = tmp_path_factory.mktemp("seed") / "out"
    settings = NarrateSettings(out_dir=out, formats=("mp3", "m4b", "epub"))
    return narrate_article(str(SAMPLE), settings=settings)


# The real services of the distributed mode (PostgreSQL, an S3 server), for every package.
from services import postgres_url, s3_bucket, s3_server  # noqa: E402, F401
