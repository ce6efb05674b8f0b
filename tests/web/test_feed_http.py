"""The feeds over HTTP: ETag and 304, gzip, HEAD, and rebuilt only on catalog changes."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import feedparser
import httpx
from support.editions import make_edition

from reader.catalog import upsert_episode
from reader.config import Settings

from .conftest import Server, server_settings

FEED_TYPE = "application/rss+xml; charset=utf-8"


def _raw_get(server: Server, path: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes]:
    """GET with exactly ``headers`` for Accept-Encoding; the body as sent, not decoded."""
    with server.client() as client:
        request = client.build_request("GET", path)
        request.headers.pop("accept-encoding", None)
        request.headers.update(headers)
        response = client.send(request, stream=True)
        try:
            return response, b"".join(response.iter_raw())
        finally:
            response.close()


def test_the_feed_lists_every_edition_with_absolute_urls(server: Server) -> None:
    with server.client() as client:
        r = client.get("/feed.xml")
    assert r.status_code == 200
    assert r.headers["content-type"] == FEED_TYPE
    parsed = feedparser.parse(r.content)
    assert {e.title for e in parsed.entries} == {"What Causes Inner Thigh Cramps?", "Calf cramps"}
    for entry in parsed.entries:
        assert entry.enclosures[0].href.startswith(f"{server.url}/episodes/")


def test_enclosures_in_the_feed_download_with_their_declared_length(server: Server) -> None:
    with server.client() as client:
        for entry in feedparser.parse(client.get("/feed.xml").content).entries:
            audio = client.get(entry.enclosures[0].href)
            assert audio.status_code == 200
            assert len(audio.content) == int(entry.enclosures[0].length)


def test_if_none_match_gets_304(server: Server) -> None:
    with server.client() as client:
        first = client.get("/feed.xml")
        again = client.get("/feed.xml", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]


def test_gzip_only_when_accepted(server: Server) -> None:
    zipped, zipped_body = _raw_get(server, "/feed.xml", {"Accept-Encoding": "gzip, deflate"})
    plain, plain_body = _raw_get(server, "/feed.xml", {"Accept-Encoding": "identity"})
    refused, _ = _raw_get(server, "/feed.xml", {"Accept-Encoding": "gzip;q=0"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert "content-encoding" not in refused.headers
    assert gzip.decompress(zipped_body) == plain_body
    assert len(zipped_body) < len(plain_body)
    assert zipped.headers["etag"] != plain.headers["etag"]
    assert zipped.headers["vary"] == plain.headers["vary"] == "Accept-Encoding"
    again, _ = _raw_get(
        server, "/feed.xml", {"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["etag"]}
    )
    assert again.status_code == 304


def test_head_on_the_feed(server: Server) -> None:
    with server.client() as client:
        r = client.head("/feed.xml", headers={"Accept-Encoding": "identity"})
        body = client.get("/feed.xml", headers={"Accept-Encoding": "identity"}).content
    assert r.status_code == 200 and r.content == b""
    assert int(r.headers["content-length"]) == len(body)


def test_the_feed_changes_only_when_the_catalog_does(
    fresh_out: Path, start_server: Callable[[Settings], Server]
) -> None:
    running = start_server(server_settings(fresh_out))
    with running.client() as client:
        first = client.get("/feed.xml")
        assert client.get("/feed.xml").content == first.content
        # Narrating a new article records it in the catalog; the next request sees it.
        manifest = make_edition(fresh_out, "new-one", title="A new one")
        upsert_episode(manifest, out_dir=fresh_out)
        second = client.get("/feed.xml")
        assert second.headers["etag"] != first.headers["etag"]
        assert b"A new one" in second.content
        stale = client.get("/feed.xml", headers={"If-None-Match": first.headers["etag"]})
        assert stale.status_code == 200


def test_the_section_feed_has_one_item_per_section(server: Server) -> None:
    with server.client() as client:
        r = client.get("/episodes/inner-thigh-cramps/feed.xml")
        assert r.status_code == 200 and r.headers["content-type"] == FEED_TYPE
        entries = feedparser.parse(r.content).entries
        assert [e.title for e in entries] == [
            "1. What Causes Inner Thigh Cramps?",
            "2. Dehydration",
            "3. Overuse",
            "4. FAQ",
            "5. What causes cramps?",
        ]
        for entry in entries:
            audio = client.head(entry.enclosures[0].href)
            assert int(audio.headers["content-length"]) == int(entry.enclosures[0].length)
        again = client.get(
            "/episodes/inner-thigh-cramps/feed.xml", headers={"If-None-Match": r.headers["etag"]}
        )
        assert again.status_code == 304
        assert client.get("/episodes/nope/feed.xml").status_code == 404
