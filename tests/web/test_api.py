"""The publisher API's contract: auth, limits, validation, SSRF refusals, episodes."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.config import Settings

from .conftest import TOKEN, Server, run_server, server_settings

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = {"text": "# Held back\n\nNever narrated: the job is only queued.", "format": "markdown"}


@pytest.fixture(scope="module")
def idle_server(
    template_editions: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A server whose worker never runs a job (it cannot import its job function),
    so requests can be checked without narrating anything."""
    out = tmp_path_factory.mktemp("idle") / "out"
    shutil.copytree(template_editions, out, ignore=shutil.ignore_patterns("reader.db*"))
    settings = server_settings(out, max_body_bytes=4096, job_function="web.nowhere:narrate")
    with run_server(settings) as running:
        yield running


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong"}, 401),
        ({"Authorization": f"Bearer {TOKEN}x"}, 401),
        ({"Authorization": f"Basic {TOKEN}"}, 401),
        ({"Authorization": TOKEN}, 401),
        (AUTH, 202),
        ({"Authorization": f"bearer {TOKEN}"}, 202),
    ],
)
def test_writes_need_the_bearer_token(
    idle_server: Server, headers: dict[str, str], status: int
) -> None:
    with idle_server.client() as client:
        r = client.post("/api/articles", json=ARTICLE, headers=headers)
        assert r.status_code == status, r.text
        if status == 401:
            assert r.headers["www-authenticate"].startswith("Bearer")
            assert "token" in r.json()["detail"]
        deleted = client.delete("/api/episodes/nothing-here", headers=headers)
        assert deleted.status_code == (401 if status == 401 else 404)


def test_without_a_configured_token_writes_are_forbidden(
    fresh_out: Path, start_server: Callable[[Settings], Server]
) -> None:
    running = start_server(server_settings(fresh_out, api_token=None))
    with running.client() as client:
        r = client.post("/api/articles", json=ARTICLE, headers=AUTH)
        assert r.status_code == 403
        assert "READER_API_TOKEN" in r.json()["detail"]
        assert client.delete("/api/episodes/calf-cramps", headers=AUTH).status_code == 403
        assert client.get("/api/episodes").status_code == 200
    assert (fresh_out / "calf-cramps").is_dir()


def test_a_queued_job_is_202_with_a_job_url(idle_server: Server) -> None:
    with idle_server.client() as client:
        r = client.post("/api/articles", json=ARTICLE, headers=AUTH)
        assert r.status_code == 202
        job = r.json()
        assert job["status"] in ("queued", "running", "failed")
        assert r.headers["location"] == job["job_url"] == f"{idle_server.url}/api/jobs/{job['id']}"
        assert client.get(f"/api/jobs/{job['id']}").json()["id"] == job["id"]
        assert client.get("/api/jobs/does-not-exist").status_code == 404


def test_bodies_over_the_cap_get_413(idle_server: Server) -> None:
    big = {"text": "# Big\n\n" + "x" * 5000}
    with idle_server.client() as client:
        r = client.post("/api/articles", json=big, headers=AUTH)
        assert r.status_code == 413
        assert "4096" in r.json()["detail"]

        def chunks() -> Iterator[bytes]:
            yield b'{"text": "'
            for _ in range(10):
                yield b"y" * 1000
            yield b'"}'

        streamed = client.post(
            "/api/articles",
            content=chunks(),
            headers={**AUTH, "Content-Type": "application/json"},
        )
        assert streamed.status_code == 413


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (b"{not json", "JSON"),
        (b"[]", ""),
        (b'{"text": "x", "url": "https://example.org/"}', "exactly one"),
        (b"{}", "exactly one"),
        (b'{"text": ""}', "text"),
        (b'{"text": "# A", "format": "docx"}', "format"),
        (b'{"text": "# A", "voice": "../../etc/passwd"}', "voice"),
        (b'{"text": "# A", "colour": "red"}', "colour"),
        (b'{"url": "https://example.org/", "format": "html"}', "format"),
        (b'{"text": 12}', "text"),
    ],
)
def test_malformed_requests_get_422_with_a_message(
    idle_server: Server, body: bytes, needle: str
) -> None:
    with idle_server.client() as client:
        r = client.post(
            "/api/articles", content=body, headers={**AUTH, "Content-Type": "application/json"}
        )
    assert r.status_code == 422, r.text
    assert needle in r.text


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/admin",
        "http://localhost:8000/feed.xml",
        "http://10.0.0.8/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "ftp://example.org/article.html",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http:///no-host",
        "http://user:pw@example.org/",
    ],
)
def test_urls_to_private_hosts_or_other_schemes_are_refused(idle_server: Server, url: str) -> None:
    with idle_server.client() as client:
        r = client.post("/api/articles", json={"url": url}, headers=AUTH)
    assert r.status_code == 422, r.text
    assert url.split(":")[0] in r.json()["detail"] or "URL" in r.json()["detail"]


def test_episodes_are_listed_and_shown(idle_server: Server) -> None:
    with idle_server.client() as client:
        episodes = client.get("/api/episodes").json()
        assert {e["slug"] for e in episodes} == {"inner-thigh-cramps", "calf-cramps"}
        one = client.get("/api/episodes/inner-thigh-cramps").json()
        assert one["title"] == "What Causes Inner Thigh Cramps?"
        assert one["audio_url"] == f"{idle_server.url}/episodes/inner-thigh-cramps/episode.mp3"
        assert [c["title"] for c in one["chapters"]][0] == "What Causes Inner Thigh Cramps?"
        for f in one["files"]:
            assert client.head(f["url"]).headers["content-length"] == str(f["bytes"])
        assert client.get("/api/episodes/nope").status_code == 404
        assert client.get("/api/episodes/..").status_code == 404


def test_the_api_is_documented_in_openapi(idle_server: Server) -> None:
    with idle_server.client() as client:
        spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    post = paths["/api/articles"]["post"]
    assert "202" in post["responses"] and "401" in post["responses"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "ArticleRequest"
    )
    assert paths["/api/jobs/{job_id}"]["get"]["responses"]["200"]["content"]
    assert "delete" in paths["/api/episodes/{slug}"]
    assert {"JobOut", "EpisodeOut", "ArticleRequest"} <= set(spec["components"]["schemas"])


def test_no_request_gets_a_500(idle_server: Server) -> None:
    requests = [
        ("POST", "/api/articles", b"\xff\xfe\x00"),
        ("POST", "/api/articles", b'{"text": "\\ud800"}'),
        ("POST", "/api/articles", b'{"\\ud800": 1, "text": "# A"}'),
        ("DELETE", "/api/episodes/%00", b""),
        ("GET", "/api/jobs/" + "x" * 300, b""),
        ("PUT", "/api/articles", b"{}"),
    ]
    with idle_server.client() as client:
        for method, path, body in requests:
            r = client.request(
                method, path, content=body, headers={**AUTH, "Content-Type": "application/json"}
            )
            assert 400 <= r.status_code < 500, (method, path, r.status_code, r.text)
