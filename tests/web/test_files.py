"""Edition files over HTTP: HEAD, ranges, 304s, 416, content types, CORS, no escapes."""

from __future__ import annotations

import http.client
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.config import Settings
from reader.edition.manifest import MANIFEST_NAME, manifest_from_json, public_path

from .conftest import Server, run_server, server_settings

SLUG = "inner-thigh-cramps"
MP3 = f"/episodes/{SLUG}/{SLUG}.mp3"
"""The episode's URL: its name is unique to the article (issue 9 item 3)."""


def _size(server: Server, rel: str) -> int:
    return (server.settings.out_dir / SLUG / rel).stat().st_size


def _bytes(server: Server, rel: str) -> bytes:
    return (server.settings.out_dir / SLUG / rel).read_bytes()


@pytest.mark.parametrize(
    ("rel", "content_type", "cors"),
    [
        ("episode.mp3", "audio/mpeg", False),
        ("sections/02-dehydration.mp3", "audio/mpeg", False),
        ("chapters.json", "application/json+chapters", True),
        ("chapters.vtt", "text/vtt; charset=utf-8", True),
        ("transcript.vtt", "text/vtt; charset=utf-8", True),
        ("transcript.srt", "application/x-subrip; charset=utf-8", True),
        ("transcript.json", "application/json", True),
        ("transcript-segments.json", "application/json", True),
    ],
)
def test_every_listed_file_is_served_with_its_type(
    server: Server, rel: str, content_type: str, cors: bool
) -> None:
    with server.client() as client:
        r = client.get(f"/episodes/{SLUG}/{public_path(SLUG, rel)}")
    assert r.status_code == 200
    assert r.headers["content-type"] == content_type
    assert r.content == _bytes(server, rel)
    assert r.headers["accept-ranges"] == "bytes"
    assert r.headers["etag"] and r.headers["last-modified"]
    assert (r.headers.get("access-control-allow-origin") == "*") is cors


def test_the_etag_is_the_manifest_hash(server: Server) -> None:
    manifest = manifest_from_json((server.settings.out_dir / SLUG / MANIFEST_NAME).read_text())
    with server.client() as client:
        assert client.get(MP3).headers["etag"] == f'"{manifest.episode.sha256[:32]}"'


def test_head_has_the_headers_and_no_body(server: Server) -> None:
    with server.client() as client:
        r = client.head(MP3)
    assert r.status_code == 200
    assert r.content == b""
    assert int(r.headers["content-length"]) == _size(server, "episode.mp3")
    assert r.headers["content-type"] == "audio/mpeg"


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [("bytes=0-65535", 0, 65535), ("bytes=100-199", 100, 199), ("bytes=1000-", 1000, None)],
)
def test_single_byte_ranges_get_206(
    server: Server, header: str, start: int, end: int | None
) -> None:
    data = _bytes(server, "episode.mp3")
    last = min(end, len(data) - 1) if end is not None else len(data) - 1
    with server.client() as client:
        r = client.get(MP3, headers={"Range": header})
    assert r.status_code == 206
    assert r.headers["content-range"] == f"bytes {start}-{last}/{len(data)}"
    assert r.content == data[start : last + 1]
    assert int(r.headers["content-length"]) == last + 1 - start


def test_a_suffix_range_gets_the_last_bytes(server: Server) -> None:
    data = _bytes(server, "episode.mp3")
    with server.client() as client:
        r = client.get(MP3, headers={"Range": "bytes=-500"})
    assert r.status_code == 206
    assert r.content == data[-500:]


def test_head_with_a_range_gets_206_without_body(server: Server) -> None:
    with server.client() as client:
        r = client.head(MP3, headers={"Range": "bytes=0-9"})
    assert r.status_code == 206 and r.content == b""
    assert r.headers["content-length"] == "10"


def test_an_unsatisfiable_range_gets_416_with_the_size(server: Server) -> None:
    size = _size(server, "episode.mp3")
    with server.client() as client:
        r = client.get(MP3, headers={"Range": f"bytes={size}-{size + 10}"})
    assert r.status_code == 416
    assert r.headers["content-range"] == f"bytes */{size}"


def test_if_none_match_gets_304(server: Server) -> None:
    with server.client() as client:
        etag = client.get(f"/episodes/{SLUG}/chapters.json").headers["etag"]
        r = client.get(f"/episodes/{SLUG}/chapters.json", headers={"If-None-Match": etag})
        assert r.status_code == 304
        assert r.content == b""
        assert r.headers["etag"] == etag
        assert r.headers["access-control-allow-origin"] == "*"
        other = client.get(f"/episodes/{SLUG}/chapters.json", headers={"If-None-Match": '"x"'})
        assert other.status_code == 200


def test_if_modified_since_gets_304(server: Server) -> None:
    with server.client() as client:
        modified = client.get(MP3).headers["last-modified"]
        assert client.get(MP3, headers={"If-Modified-Since": modified}).status_code == 304
        old = "Thu, 01 Jan 2004 00:00:00 GMT"
        assert client.get(MP3, headers={"If-Modified-Since": old}).status_code == 200


def test_if_range_with_a_stale_etag_sends_the_whole_file(server: Server) -> None:
    with server.client() as client:
        r = client.get(MP3, headers={"Range": "bytes=0-9", "If-Range": '"stale"'})
    assert r.status_code == 200
    assert len(r.content) == _size(server, "episode.mp3")


@pytest.mark.parametrize(
    "path",
    [
        f"/episodes/{SLUG}/manifest.json",
        f"/episodes/{SLUG}/../calf-cramps/episode.mp3",
        f"/episodes/{SLUG}/%2e%2e/%2e%2e/reader.db",
        f"/episodes/{SLUG}/%2e%2e%2f%2e%2e%2freader.db",
        f"/episodes/{SLUG}/..%2F..%2F..%2Fetc%2Fpasswd",
        f"/episodes/{SLUG}//etc/passwd",
        f"/episodes/{SLUG}/%2Fetc%2Fpasswd",
        f"/episodes/{SLUG}/sections/../episode.mp3",
        f"/episodes/{SLUG}/nothing.mp3",
        f"/episodes/{SLUG}/",
        "/episodes/no-such-slug/episode.mp3",
        "/episodes/../reader.db",
        "/episodes/%2e%2e/reader.db",
    ],
)
def test_paths_outside_the_manifest_get_404(server: Server, path: str) -> None:
    """Sent byte for byte (http.client does not normalise ``..`` as httpx would)."""
    host, port = server.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    assert response.status == 404, (path, body)
    assert b"SQLite" not in body and b"root:" not in body


def test_a_file_missing_from_disk_gets_404(
    fresh_out: Path, start_server: Callable[[Settings], Server]
) -> None:
    running = start_server(server_settings(fresh_out))
    (fresh_out / SLUG / "transcript.srt").unlink()
    with running.client() as client:
        assert client.get(f"/episodes/{SLUG}/transcript.srt").status_code == 404
        assert client.get(f"/episodes/{SLUG}/transcript.vtt").status_code == 200


def test_the_cover_is_a_large_square_png(server: Server) -> None:
    with server.client() as client:
        r = client.get("/cover.png")
        assert r.status_code == 200 and r.headers["content-type"] == "image/png"
        assert r.content[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(r.content[16:20], "big")
        height = int.from_bytes(r.content[20:24], "big")
        assert width == height >= 1400
        again = client.get("/cover.png", headers={"If-None-Match": r.headers["etag"]})
        assert again.status_code == 304
        assert client.head("/cover.png").status_code == 200


def test_the_favicon_is_served(server: Server) -> None:
    """Issue 9 item 9: ``/favicon.ico`` answered 404 on every page load."""
    with server.client() as client:
        r = client.get("/favicon.ico")
        assert r.status_code == 200 and r.headers["content-type"] == "image/x-icon"
        assert r.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
        count = int.from_bytes(r.content[4:6], "little")
        sizes = {(r.content[6 + 16 * i] or 256) for i in range(count)}
        assert {16, 32} <= sizes
        again = client.get("/favicon.ico", headers={"If-None-Match": r.headers["etag"]})
        assert again.status_code == 304
        assert client.head("/favicon.ico").status_code == 200


def test_a_configured_cover_is_the_favicon(fresh_out: Path, tmp_path: Path) -> None:
    cover = tmp_path / "mine.jpg"
    cover.write_bytes(b"\xff\xd8\xff\xe0 not really a JPEG")
    settings = server_settings(fresh_out, cover_image=cover)
    with run_server(settings) as running, running.client() as client:
        r = client.get("/favicon.ico")
        assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
        assert r.content == cover.read_bytes()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("episode.mp3", f"{SLUG}.mp3"),
        ("sections/02-dehydration.mp3", f"sections/{SLUG}-02-dehydration.mp3"),
    ],
)
def test_old_audio_urls_redirect_to_the_unique_names(server: Server, old: str, new: str) -> None:
    """Issue 9 item 3: every enclosure was called ``episode.mp3`` and podcast apps that
    name downloads after the URL saved them over each other. The old URLs, which
    subscribers already have, answer 301 with the new one."""
    with server.client() as client:
        for method in ("GET", "HEAD"):
            r = client.request(method, f"/episodes/{SLUG}/{old}?from=app")
            assert r.status_code == 301, method
            assert r.headers["location"] == f"{server.url}/episodes/{SLUG}/{new}?from=app"
        moved = client.get(f"/episodes/{SLUG}/{old}", headers={"Range": "bytes=10-19"})
        assert moved.status_code == 301
    with server.client(follow_redirects=True) as client:
        r = client.get(f"/episodes/{SLUG}/{old}", headers={"Range": "bytes=10-19"})
        assert r.status_code == 206 and r.content == _bytes(server, old)[10:20]
        assert str(r.url).endswith(f"/{new}")
        whole = client.get(f"/episodes/{SLUG}/{new}")
        assert whole.headers["etag"] == client.head(f"/episodes/{SLUG}/{old}").headers["etag"]


def test_text_files_keep_their_names(server: Server) -> None:
    with server.client() as client:
        assert client.get(f"/episodes/{SLUG}/chapters.json").status_code == 200
        assert client.get(f"/episodes/{SLUG}/{SLUG}-chapters.json").status_code == 404
