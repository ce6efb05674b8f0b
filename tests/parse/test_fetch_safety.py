"""Fetching safely: the request connects to the address that was checked (no DNS
rebinding, with the Host header and TLS server name kept), and a whole download
has one deadline however slowly the bytes come."""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from reader.errors import FetchError
from reader.sources import PIN_EXTENSION, PinnedTransport, fetch_url
from reader.web import urls


class _Recording(BaseHTTPRequestHandler):
    """Answers with the server's name; records each request's Host header."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        server: Any = self.server
        server.hosts.append(self.headers.get("host"))
        body = f"<h1>{server.name}</h1>".encode()
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(address: tuple[str, int], name: str) -> ThreadingHTTPServer:
    httpd: Any = ThreadingHTTPServer(address, _Recording)
    httpd.name, httpd.hosts = name, []
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture
def two_servers() -> Iterator[tuple[Any, Any]]:
    """The checked server on 127.0.0.1 and another on 127.0.0.2, same port."""
    for _ in range(20):
        checked = _serve(("127.0.0.1", 0), "checked")
        try:
            other = _serve(("127.0.0.2", checked.server_address[1]), "other")
            break
        except OSError:
            checked.shutdown()
            checked.server_close()
    else:
        pytest.fail("no port free on both 127.0.0.1 and 127.0.0.2")
    yield checked, other
    for httpd in (checked, other):
        httpd.shutdown()
        httpd.server_close()


def _rebinding_dns(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> list[str]:
    """``rebind.test`` resolves to each of ``answers`` in turn (then the last);
    returns the list of names looked up."""
    real = socket.getaddrinfo
    looked_up: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)
        looked_up.append(host)
        ip = answers[min(len(looked_up), len(answers)) - 1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return looked_up


def test_the_fetch_connects_to_the_address_that_was_checked(
    two_servers: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    checked, other = two_servers
    port = checked.server_address[1]
    # The first answer is the one checked; a rebinding server answers differently after.
    looked_up = _rebinding_dns(monkeypatch, ["127.0.0.1", "127.0.0.2"])
    monkeypatch.setattr(urls, "is_public_address", lambda address: str(address) == "127.0.0.1")
    article = urls.fetch_article_url(
        f"http://rebind.test:{port}/post", timeout_s=5, max_bytes=10_000
    )
    assert "checked" in article.text
    assert other.hosts == [] and checked.hosts == [f"rebind.test:{port}"]
    assert looked_up == ["rebind.test"]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for ``rebind.test``."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=rebind.test"]
        + ["-addext", "subjectAltName=DNS:rebind.test"],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_tls_keeps_the_host_name_for_sni_and_the_certificate(
    certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = certificate
    httpd: Any = ThreadingHTTPServer(("127.0.0.1", 0), _Recording)
    httpd.name, httpd.hosts = "tls", []
    server_names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)  # type: ignore[assignment,func-returns-value]
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    looked_up = _rebinding_dns(monkeypatch, ["127.0.0.2"])
    trust = ssl.create_default_context(cafile=str(cert))
    try:
        with httpx.Client(transport=PinnedTransport(verify=trust)) as client:
            response = client.get(
                f"https://rebind.test:{port}/", extensions={PIN_EXTENSION: "127.0.0.1"}
            )
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert response.status_code == 200 and "tls" in response.text
    assert server_names == ["rebind.test"]
    assert httpd.hosts == [f"rebind.test:{port}"]
    assert looked_up == []


class _Drip(BaseHTTPRequestHandler):
    """``/body``: headers at once, then one byte every 0.2 s; ``/headers``: the
    header block itself one byte every 0.2 s."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = b"<p>" + b"x" * 40 + b"</p>"
        head = (
            b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n"
            + f"content-length: {len(body)}\r\n\r\n".encode()
        )
        slow, fast = (body, head) if self.path == "/body" else (head + body, b"")
        try:
            self.wfile.write(fast)
            for byte in slow:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def drip() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("path", ["/body", "/headers"])
def test_a_slow_drip_ends_at_the_total_deadline(drip: str, path: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"no answer within 1 s"):
        fetch_url(drip + path, timeout_s=1.0)
    elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 1.6, elapsed
