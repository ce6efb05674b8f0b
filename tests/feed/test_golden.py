"""Golden feeds: review a diff of tests/feed/data/*.xml like code.

Rewrite them with ``pytest --update-golden`` (or READER_UPDATE_GOLDEN=1).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.feed import ChannelInfo, build_episode_feed, build_feed

from .samples import BASE_URL, CHANNEL, sample_episodes, sample_manifest

DATA = Path(__file__).parent / "data"

PLAIN_CHANNEL = ChannelInfo(
    title="reader",
    description="Articles, narrated offline by reader.",
    author="reader",
    language="de-AT",
    category="Education",
    explicit=True,
)

CASES: dict[str, Callable[[], bytes]] = {
    "show": lambda: build_feed(CHANNEL, sample_episodes(), base_url=BASE_URL),
    "sections": lambda: build_episode_feed(CHANNEL, sample_manifest(), base_url=BASE_URL),
    "empty": lambda: build_feed(PLAIN_CHANNEL, [], base_url="http://127.0.0.1:8000"),
}


def _update_golden(request: pytest.FixtureRequest) -> bool:
    try:
        flag = bool(request.config.getoption("--update-golden", default=False))
    except ValueError:
        flag = False
    return flag or os.environ.get("READER_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("case", sorted(CASES))
def test_feed_matches_golden(case: str, request: pytest.FixtureRequest) -> None:
    built = CASES[case]()
    golden = DATA / f"{case}.xml"
    if _update_golden(request):
        golden.write_bytes(built)
    assert golden.exists(), f"{golden} missing: run pytest --update-golden and review it"
    assert built.decode() == golden.read_text(encoding="utf-8")


def test_every_golden_file_has_a_case() -> None:
    assert sorted(p.stem for p in DATA.glob("*.xml")) == sorted(CASES)


def test_building_twice_gives_the_same_bytes() -> None:
    first = build_feed(CHANNEL, sample_episodes(), base_url=BASE_URL)
    assert build_feed(CHANNEL, list(reversed(sample_episodes())), base_url=BASE_URL) == first


def test_a_trailing_slash_on_the_base_url_changes_nothing() -> None:
    built = build_feed(CHANNEL, sample_episodes(), base_url=BASE_URL + "/")
    assert built == build_feed(CHANNEL, sample_episodes(), base_url=BASE_URL)
