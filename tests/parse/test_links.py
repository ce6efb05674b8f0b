"""Only http(s) URLs leave the parser: script and data URLs never reach a feed."""

from __future__ import annotations

import pytest

from reader.model import Embed
from reader.narrate.inputs import feed_jobs
from reader.parse import parse_article
from reader.parse.links import web_url

SCRIPT_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "http:///no-host",
    "/relative/path",
]


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_only_absolute_http_urls_pass(url: str) -> None:
    assert web_url(url) is None


@pytest.mark.parametrize("url", ["https://example.org/a?b=c#d", "HTTP://Example.org/"])
def test_http_urls_pass_unchanged(url: str) -> None:
    assert web_url(url) == url


def test_relative_references_pass_only_when_asked() -> None:
    assert web_url("images/cover.jpg", relative=True) == "images/cover.jpg"
    assert web_url("javascript:alert(1)", relative=True) is None
    assert web_url("data:image/png;base64,AAAA", relative=True) is None


@pytest.mark.parametrize("url", SCRIPT_URLS[:7])
def test_front_matter_script_urls_are_dropped(url: str) -> None:
    quoted = url.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
    text = f'---\ntitle: Links\ncanonicalURL: "{quoted}"\ncover: "{quoted}"\n---\n\nText.\n'
    meta = parse_article(text, source="links.md").metadata
    assert meta.canonical_url is None
    assert meta.cover_image is None


def test_front_matter_http_urls_are_kept() -> None:
    text = "---\ntitle: Links\ncanonicalURL: https://example.org/links\n---\n\nText.\n"
    assert parse_article(text, source="links.md").metadata.canonical_url == (
        "https://example.org/links"
    )


def test_a_page_with_a_script_canonical_link_keeps_its_fetched_url() -> None:
    page = (
        '<html><head><title>Links</title><link rel="canonical" href="javascript:alert(1)">'
        "</head><body><article><h1>Links</h1><p>"
        + "Plenty of readable text in this paragraph. " * 20
        + '</p><iframe src="javascript:alert(2)" title="Clip"></iframe>'
        + '<iframe src="//www.youtube.com/embed/xyz" title="Tube"></iframe>'
        "</article></body></html>"
    )
    doc = parse_article(page, source="https://example.org/links", format="html")
    assert doc.metadata.canonical_url == "https://example.org/links"
    embeds = [b for s in doc.sections for x in s.walk() for b in x.blocks if isinstance(b, Embed)]
    assert [e.url for e in embeds] == [None, "https://www.youtube.com/embed/xyz"]


def test_feed_items_with_script_links_keep_no_link() -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
        b"<item><title>One</title><link>javascript:alert(1)</link>"
        b'<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        b"<![CDATA[<p>Text.</p>]]></content:encoded></item></channel></rss>"
    )
    (job,) = feed_jobs(feed, source="feed.xml")
    assert job.link is None
