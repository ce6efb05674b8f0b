"""Listeners find the talking books: the player page, the feed's show notes and the
file routes offer what the manifest lists."""

from __future__ import annotations

import feedparser
from support.books import Epub

from reader.feed import ChannelInfo, build_feed
from reader.narrate import NarrateResult
from reader.web.files import find_file
from reader.web.player.pages import render_episode_page

BASE = "https://podcast.example.org/reader"
CHANNEL = ChannelInfo(title="t", description="d", author="a", language="en", category="Education")


def test_the_player_page_links_both_books(seed_book: NarrateResult) -> None:
    page = render_episode_page(seed_book.manifest)
    slug = seed_book.slug
    assert f'href="/episodes/{slug}/book.epub"' in page
    assert f'href="/episodes/{slug}/daisy.zip"' in page
    assert "EPUB 3" in page and "DAISY 2.02" in page


def test_the_show_notes_link_both_books(seed_book: NarrateResult) -> None:
    feed = feedparser.parse(build_feed(CHANNEL, [seed_book.manifest], base_url=BASE))
    [entry] = feed.entries
    notes = entry.content[0].value
    assert f'href="{BASE}/episodes/{seed_book.slug}/book.epub"' in notes
    assert f'href="{BASE}/episodes/{seed_book.slug}/daisy.zip"' in notes


def test_every_book_file_can_be_served(seed_book: NarrateResult) -> None:
    out = seed_book.edition_dir.parent
    for rel in ("book.epub", "daisy.zip", "daisy/ncc.html", "daisy/s01.smil"):
        assert find_file(out, seed_book.manifest, rel) is not None, rel
    assert Epub(seed_book.edition_dir / "book.epub").pars()
