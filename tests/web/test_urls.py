"""URL checks for the publisher API, without the network (resolution is faked)."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from reader.errors import FetchError
from reader.web import urls
from reader.web.urls import check_public_url


def _resolver(table: dict[str, list[str]]) -> Any:
    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in table[host]]

    return getaddrinfo


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    table = {
        "public.example": ["93.184.216.34"],
        "mixed.example": ["93.184.216.34", "10.1.2.3"],
        "internal.example": ["192.168.0.10"],
        "metadata.example": ["169.254.169.254"],
        "cgnat.example": ["100.64.0.1"],
    }
    monkeypatch.setattr(urls.socket, "getaddrinfo", _resolver(table))


def test_a_public_host_is_allowed() -> None:
    check_public_url("https://public.example/post")


@pytest.mark.parametrize(
    "url",
    [
        "http://mixed.example/",
        "http://internal.example/",
        "http://metadata.example/latest",
        "http://cgnat.example/",
    ],
)
def test_hosts_resolving_to_any_non_public_address_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="non-public address"):
        check_public_url(url)


def test_allow_private_lets_them_through() -> None:
    check_public_url("http://internal.example/", allow_private=True)


def test_an_unknown_host_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="cannot resolve"):
        check_public_url("https://nowhere.example/")


@pytest.mark.parametrize("url", ["ftp://public.example/", "file:///etc/passwd", "gopher://x/"])
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(FetchError, match="http"):
        check_public_url(url, allow_private=True)
