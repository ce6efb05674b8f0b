"""`reader serve` with the catalog in PostgreSQL and the editions in S3 (real SeaweedFS):
the feed lists what was uploaded, and the files stream through the server with ranges."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import podcastparser
import pytest
from services import S3Server
from support.editions import make_edition

from reader.catalog import Catalog
from reader.storage import Storage, record_edition, storage_from_url

from .conftest import TOKEN, Server, run_server, server_settings


@pytest.fixture
def published(
    tmp_path: Path, postgres_url: str, s3_server: S3Server, s3_bucket: str
) -> Iterator[tuple[dict[str, Any], Storage]]:
    """Two editions uploaded to S3 and recorded in PostgreSQL, then deleted locally."""
    work = tmp_path / "work"
    s3: dict[str, Any] = {
        "catalog_url": postgres_url,
        "storage_url": f"s3://{s3_bucket}/podcast",
        "storage_endpoint_url": s3_server.endpoint_url,
        "storage_access_key_id": s3_server.access_key,
        "storage_secret_access_key": s3_server.secret_key,
    }
    storage = storage_from_url(
        s3["storage_url"],
        endpoint_url=s3_server.endpoint_url,
        access_key_id=s3_server.access_key,
        secret_access_key=s3_server.secret_key,
    )
    catalog = Catalog(postgres_url)
    for slug in ("inner-thigh-cramps", "calf-cramps"):
        make_edition(work, slug, title=slug.replace("-", " ").title())
        record_edition(work / slug, catalog=catalog, storage=storage)
    catalog.close()
    yield s3, storage


def _serve(tmp_path: Path, s3: dict[str, Any], **changes: Any) -> Any:
    empty = tmp_path / "empty-out"  # nothing on local disk: everything comes from S3
    return run_server(server_settings(empty, **s3, **changes))


def test_the_feed_lists_the_uploaded_episodes_with_their_object_sizes(
    tmp_path: Path, published: tuple[dict[str, Any], Storage]
) -> None:
    s3, storage = published
    with _serve(tmp_path, s3) as server, server.client() as client:
        feed = client.get("/feed.xml")
        assert feed.status_code == 200
        parsed = podcastparser.parse(
            server.url + "/feed.xml", __import__("io").BytesIO(feed.content)
        )
        episodes = parsed["episodes"]
        assert len(episodes) == 2
        for episode in episodes:
            enclosure = episode["enclosures"][0]
            assert enclosure["url"].startswith(server.url + "/episodes/")
            slug = enclosure["url"].split("/episodes/")[1].split("/")[0]
            assert enclosure["url"].endswith(f"/episodes/{slug}/{slug}.mp3")  # its own name
            path = f"{slug}.mp3"  # the object's key in storage: its published name
            info = storage.info(f"{slug}/{path}")
            assert info is not None and enclosure["file_size"] == info.size_bytes
            audio = client.get(enclosure["url"])
            assert audio.status_code == 200 and len(audio.content) == info.size_bytes
            assert audio.headers["content-type"] == "audio/mpeg"
            assert audio.content == storage.get_bytes(f"{slug}/{path}")


def _episode_url(server: Server) -> str:
    return f"{server.url}/episodes/calf-cramps/calf-cramps.mp3"


def test_byte_ranges_work_through_the_server(
    tmp_path: Path, published: tuple[dict[str, Any], Storage]
) -> None:
    s3, storage = published
    whole = storage.get_bytes("calf-cramps/calf-cramps.mp3")
    assert whole is not None
    size = len(whole)
    with _serve(tmp_path, s3) as server, server.client() as client:
        url = _episode_url(server)
        part = client.get(url, headers={"range": "bytes=100-199"})
        assert part.status_code == 206 and part.content == whole[100:200]
        assert part.headers["content-range"] == f"bytes 100-199/{size}"
        tail = client.get(url, headers={"range": "bytes=-50"})
        assert tail.status_code == 206 and tail.content == whole[-50:]
        rest = client.get(url, headers={"range": f"bytes={size - 10}-"})
        assert rest.content == whole[-10:]
        bad = client.get(url, headers={"range": f"bytes={size}-"})
        assert bad.status_code == 416 and bad.headers["content-range"] == f"bytes */{size}"
        head = client.head(url)
        assert head.status_code == 200 and head.headers["content-length"] == str(size)
        assert head.content == b"" and head.headers["accept-ranges"] == "bytes"
        etag = head.headers["etag"]
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304
        stale = client.get(url, headers={"range": "bytes=0-9", "if-range": '"other"'})
        assert stale.status_code == 200 and len(stale.content) == size
        assert client.get(f"{server.url}/episodes/calf-cramps/nope.mp3").status_code == 404


def test_redirects_to_presigned_urls_when_asked(
    tmp_path: Path, published: tuple[dict[str, Any], Storage]
) -> None:
    s3, storage = published
    with _serve(tmp_path, s3, storage_redirect=True) as server, server.client() as client:
        answer = client.get(_episode_url(server))
        assert answer.status_code == 307
        fetched = httpx.get(answer.headers["location"], headers={"range": "bytes=0-9"})
        assert fetched.status_code == 206
        assert fetched.content == (storage.get_bytes("calf-cramps/calf-cramps.mp3") or b"")[:10]


def test_enclosures_point_at_the_public_base_url_when_set(
    tmp_path: Path, published: tuple[dict[str, Any], Storage]
) -> None:
    s3, _ = published
    cdn = "https://cdn.example.org/podcast"
    with _serve(tmp_path, s3, storage_public_base_url=cdn) as server, server.client() as client:
        feed = client.get("/feed.xml").text
        assert f'url="{cdn}/calf-cramps/calf-cramps.mp3"' in feed
        section_feed = client.get("/episodes/calf-cramps/feed.xml").text
        assert f'url="{cdn}/calf-cramps/sections/' in section_feed


def test_deleting_an_episode_removes_its_objects(
    tmp_path: Path, published: tuple[dict[str, Any], Storage]
) -> None:
    s3, storage = published
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with _serve(tmp_path, s3) as server, server.client() as client:
        assert client.delete("/api/episodes/calf-cramps", headers=auth).status_code == 204
        assert "calf-cramps" not in client.get("/feed.xml").text
        assert client.get(_episode_url(server)).status_code == 404
        assert client.delete("/api/episodes/calf-cramps", headers=auth).status_code == 404
    assert list(storage.iter_objects("calf-cramps/")) == []
    assert storage.get_bytes("inner-thigh-cramps/manifest.json") is not None


def test_the_player_shows_the_transcript_from_storage(
    tmp_path: Path, published: tuple[dict[str, Any], Storage]
) -> None:
    s3, _ = published
    with _serve(tmp_path, s3) as server, server.client() as client:
        page = client.get("/episodes/calf-cramps")
        assert page.status_code == 200
        assert 'class="cue" data-start-ms=' in page.text
