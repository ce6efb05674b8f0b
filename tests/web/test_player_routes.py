"""The player's routes over a real HTTP connection: pages, 404, HEAD and static files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from support.editions import make_edition
from support.server import run_server

from .conftest import server_settings

SLUG = "inner-thigh-cramps"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    out = tmp_path_factory.mktemp("player")
    make_edition(out)
    with run_server(server_settings(out)) as server, server.client() as http:
        yield http


def test_index_lists_the_episode_and_the_feed(client: httpx.Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert f'href="/episodes/{SLUG}"' in response.text
    assert f"<code>{str(client.base_url).rstrip('/')}/feed.xml</code>" in response.text


def test_episode_page_carries_the_transcript_read_from_disk(client: httpx.Client) -> None:
    response = client.get(f"/episodes/{SLUG}")
    assert response.status_code == 200
    assert '<span class="cue" data-start-ms="' in response.text
    assert "Cramps hurt and they come at night." in response.text
    assert '<p class="answer"><span class="cue" data-start-ms="' in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_unknown_episode_is_a_404_page(client: httpx.Client) -> None:
    response = client.get("/episodes/no-such-thing")
    assert response.status_code == 404
    assert "<h1>Episode not found</h1>" in response.text
    assert response.headers["content-type"].startswith("text/html")


def test_head_answers_without_a_body(client: httpx.Client) -> None:
    response = client.head(f"/episodes/{SLUG}")
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize(
    ("name", "media_type"),
    [("player.css", "text/css; charset=utf-8"), ("player.js", "text/javascript; charset=utf-8")],
)
def test_static_files_are_versioned_and_revalidated(
    client: httpx.Client, name: str, media_type: str
) -> None:
    page = client.get(f"/episodes/{SLUG}").text
    start = page.index(f"/static/{name}?v=")
    versioned = page[start : page.index('"', start)]
    response = client.get(versioned)
    assert response.headers["content-type"] == media_type
    assert "immutable" in response.headers["cache-control"]
    assert response.content == (Path("reader/web/static") / name).read_bytes()
    bare = client.get(f"/static/{name}")
    assert bare.headers["cache-control"] == "no-cache"
    again = client.get(f"/static/{name}", headers={"if-none-match": bare.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_unknown_static_file_is_404(client: httpx.Client) -> None:
    assert client.get("/static/../manifest.json").status_code == 404
    assert client.get("/static/other.js").status_code == 404


def test_the_audio_the_page_names_is_served(client: httpx.Client) -> None:
    response = client.get(f"/episodes/{SLUG}/episode.mp3", headers={"range": "bytes=0-99"})
    assert response.status_code == 206 and len(response.content) == 100


def test_create_app_serves_the_player(tmp_path: Path) -> None:
    make_edition(tmp_path)
    with run_server(server_settings(tmp_path)) as server, server.client() as http:
        index = http.get("/")
        assert index.status_code == 200 and "What Causes Inner Thigh Cramps?" in index.text
        page = http.get(f"/episodes/{SLUG}")
        assert page.status_code == 200 and 'id="audio"' in page.text
        assert http.get("/static/player.js").status_code == 200
        assert http.get(f"/episodes/{SLUG}/chapters.vtt").status_code == 200
