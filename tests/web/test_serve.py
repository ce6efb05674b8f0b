"""``reader serve`` as a user runs it: a real process, the feed on the given port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import httpx
import pytest

from reader.cli import build_parser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(out: Path, *args: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "READER_API_TOKEN": ""}
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", "--out", str(out), "--port", str(port), *args],
        cwd=out.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/feed.xml", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            output = process.communicate()[0].decode(errors="replace")
            pytest.fail(f"reader serve did not start:\n{output}")
        time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes]) -> str:
    process.send_signal(signal.SIGINT)
    try:
        output = process.communicate(timeout=20)[0]
    except subprocess.TimeoutExpired:
        process.kill()
        output = process.communicate()[0]
    return output.decode(errors="replace")


def test_serve_uses_the_listening_address_as_base_url(fresh_out: Path) -> None:
    process, url = _serve(fresh_out)
    try:
        feed = feedparser.parse(httpx.get(f"{url}/feed.xml").content)
        assert len(feed.entries) == 2
        for entry in feed.entries:
            assert entry.enclosures[0].href.startswith(f"{url}/episodes/")
        assert httpx.head(feed.entries[0].enclosures[0].href).status_code == 200
    finally:
        output = _stop(process)
    assert process.returncode == 0, output
    assert "catalog: 2 added" in output


def test_serve_with_a_public_base_url(fresh_out: Path) -> None:
    process, url = _serve(fresh_out, "--base-url", "https://pod.example/reader/")
    try:
        feed = feedparser.parse(httpx.get(f"{url}/feed.xml").content)
        href = feed.entries[0].enclosures[0].href
        assert href.startswith("https://pod.example/reader/episodes/")
    finally:
        _stop(process)


def test_serve_defaults_to_127_0_0_1_port_8000() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.out, args.base_url) == ("127.0.0.1", 8000, None, None)


def test_serve_help_text(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--help"])
    text = capsys.readouterr().out
    for option in ("--out", "--host", "--port", "--base-url", "--config"):
        assert option in text
