from __future__ import annotations

import pytest

from reader.feed import edition_url, format_npt, podcast_guid


def test_podcast_guid_matches_the_namespace_spec_example() -> None:
    # https://podcastindex.org/namespace/1.0#guid
    expected = "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == expected
    assert podcast_guid("http://mp3s.nashownotes.com/pc20rss.xml/") == expected


@pytest.mark.parametrize(
    ("ms", "npt"),
    [
        (0, "00:00:00.000"),
        (61_234, "00:01:01.234"),
        (3_725_500, "01:02:05.500"),
        (-5, "00:00:00.000"),
    ],
)
def test_format_npt(ms: int, npt: str) -> None:
    assert format_npt(ms) == npt


def test_edition_url_quotes_paths_but_keeps_slashes() -> None:
    assert edition_url("http://h/", "a-b") == "http://h/episodes/a-b"
    assert (
        edition_url("http://h", "a", "sections/01 x.mp3")
        == "http://h/episodes/a/sections/a-01%20x.mp3"
    )
