"""The write token is checked from the headers alone, before any body is read."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from reader.config import Settings

from .conftest import TOKEN, Server, server_settings


def _raw_exchange(server: Server, request: bytes) -> bytes:
    """Send ``request`` (headers only, however long a body they announce) and
    return what the server answers within 5 s."""
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(request)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except TimeoutError:
            pass
    return answer


@pytest.mark.parametrize("authorization", [None, "Bearer wrong"])
def test_malformed_json_without_the_token_is_401(server: Server, authorization: str | None) -> None:
    headers = {"Content-Type": "application/json"}
    if authorization:
        headers["Authorization"] = authorization
    with server.client() as client:
        r = client.post("/api/articles", content=b"{not json", headers=headers)
    assert r.status_code == 401, r.text
    assert r.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("authorization", "status"), [(b"", b"401"), (b"Authorization: Bearer nope\r\n", b"401")]
)
def test_the_body_is_not_read_before_the_token_is_checked(
    server: Server, authorization: bytes, status: bytes
) -> None:
    # 4000 bytes announced (under the 4096-byte cap) and none sent: a server that
    # read the body first would still be waiting when the client gives up.
    request = (
        b"POST /api/articles HTTP/1.1\r\nHost: reader\r\n"
        b"Content-Type: application/json\r\nContent-Length: 4000\r\n" + authorization + b"\r\n"
    )
    answer = _raw_exchange(server, request)
    assert answer.startswith(b"HTTP/1.1 " + status), answer[:200]
    assert b"token" in answer and b"connection: close" in answer.lower()


def test_a_body_over_the_cap_without_the_token_is_401_not_413(server: Server) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 1000
        yield b'"}'

    with server.client() as client:
        r = client.post(
            "/api/articles", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert r.status_code == 401
        ok = client.post(
            "/api/articles",
            content=chunks(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
        )
        assert ok.status_code == 413


def test_every_write_method_anywhere_needs_the_token(server: Server) -> None:
    with server.client() as client:
        for method, path in [
            ("PUT", "/api/articles"),
            ("PATCH", "/api/jobs/x"),
            ("POST", "/feed.xml"),
            ("DELETE", "/episodes/calf-cramps/episode.mp3"),
        ]:
            assert client.request(method, path, content=b"x" * 100).status_code == 401
        assert client.get("/api/episodes").status_code == 200


def test_without_a_configured_token_writes_are_403_unread(
    fresh_out: Path, start_server: Callable[[Settings], Server]
) -> None:
    running = start_server(server_settings(fresh_out, api_token=None, max_body_bytes=4096))
    request = (
        b"POST /api/articles HTTP/1.1\r\nHost: reader\r\nContent-Length: 4000\r\n"
        b"Authorization: Bearer anything\r\n\r\n"
    )
    answer = _raw_exchange(running, request)
    assert answer.startswith(b"HTTP/1.1 403"), answer[:200]
    assert b"READER_API_TOKEN" in answer
