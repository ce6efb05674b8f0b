"""Reading articles from files, standard input and http(s) URLs."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reader.cli import main
from reader.errors import FetchError
from reader.sources import fetch_url, read_article

PAGES = {
    "/post.md": ("text/markdown; charset=utf-8", b"---\ntitle: Remote\n---\n\nHello.\n"),
    "/page": ("text/html", b"<h1>Remote page</h1><p>Hello from HTML.</p>"),
    "/big": ("text/html", b"<p>" + b"x" * 5000 + b"</p>"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/slow":
            time.sleep(2)
        if self.path in ("/moved", "/loop"):
            self.send_response(301)
            self.send_header("location", "/page" if self.path == "/moved" else "/loop")
            self.end_headers()
            return
        if self.path not in PAGES:
            self.send_error(404)
            return
        content_type, body = PAGES[self.path]
        self.send_response(200)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_with_format_from_content_type(server: str) -> None:
    source, data, hint = read_article(f"{server}/post.md")
    assert (source, hint) == (f"{server}/post.md", "markdown")
    assert data.startswith(b"---")
    assert read_article(f"{server}/page")[2] == "html"


def test_redirect_is_followed(server: str) -> None:
    source, data, _ = read_article(f"{server}/moved")
    assert source == f"{server}/page" and b"Remote page" in data


def test_redirect_loops_end_and_every_address_is_checked(server: str) -> None:
    with pytest.raises(FetchError, match="more than 5 redirects"):
        read_article(f"{server}/loop")
    seen: list[str] = []
    fetch_url(f"{server}/moved", check=seen.append)
    assert seen == [f"{server}/moved", f"{server}/page"]

    def refuse_pages(url: str) -> None:
        if url.endswith("/page"):
            raise FetchError(url, "refused")

    with pytest.raises(FetchError, match="refused"):
        fetch_url(f"{server}/moved", check=refuse_pages)


def test_http_errors_timeouts_and_caps(server: str) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        read_article(f"{server}/missing")
    with pytest.raises(FetchError, match="no answer within 0.5 s"):
        read_article(f"{server}/slow", timeout_s=0.5)
    with pytest.raises(FetchError, match="too large"):
        read_article(f"{server}/big", max_bytes=1000)


def test_only_http_and_https() -> None:
    with pytest.raises(FetchError, match="only http"):
        read_article("ftp://example.org/post.md")
    with pytest.raises(FetchError, match="only http"):
        read_article("file:///etc/passwd")


def test_cli_parses_a_url(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", f"{server}/page"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Remote page\n")


def test_cli_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"# From stdin\n\nSome text.\n"))
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["parse", "-", "--json"]) == 0
    assert '"title": "From stdin"' in capsys.readouterr().out


def test_cli_outline_of_the_seed(capsys: pytest.CaptureFixture[str]) -> None:
    seed = Path(__file__).parents[1] / "data" / "parse" / "inner-thigh-cramps.md"
    assert main(["parse", str(seed)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "What Causes Inner Thigh Cramps?"
    assert "  author: Osgood" in lines and "  date: 2022-12-29" in lines
    assert "## Dehydration [1 block]" in lines
    assert "  Q: Can massage help with inner thigh cramps?" in lines
    assert lines[-1] == "21 blocks, 13 FAQ pairs, 7 sections"
