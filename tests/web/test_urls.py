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
        if ":" in host or host.replace(".", "").isdigit():
            return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (host, port, 0, 0))]
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


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b:1::5db8:d822",  # local-use NAT64
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
        "::127.0.0.1",  # IPv4-compatible
        "::a9fe:a9fe",  # IPv4-compatible 169.254.169.254
        "::ffff:10.0.0.1",  # IPv4-mapped
        "fec0::1",  # site-local
        "192.0.0.8",  # IPv4 dummy address
        "192.0.0.9",
        "198.18.0.1",
        "2001::1",  # Teredo
        "2001:db8::1",
        "fd00::1",
        "fe80::1",
        "ff02::1",
        "::",
        "::1",
    ],
)
def test_special_purpose_and_embedded_private_addresses_are_refused(address: str) -> None:
    with pytest.raises(FetchError, match="non-public address"):
        check_public_url(f"http://[{address}]/" if ":" in address else f"http://{address}/")


@pytest.mark.parametrize(
    "address",
    [
        "93.184.216.34",
        "2606:2800:220:1:248:1893:25c8:1946",
        "64:ff9b::5db8:d822",
        "2002:5db8:d822::1",
    ],
)
def test_public_addresses_and_public_embedded_ones_are_allowed(address: str) -> None:
    url = f"http://[{address}]/" if ":" in address else f"http://{address}/"
    assert check_public_url(url) == address


def test_the_checked_address_is_returned_for_the_fetch_to_connect_to() -> None:
    assert check_public_url("https://public.example/post") == "93.184.216.34"
    assert check_public_url("http://internal.example/", allow_private=True) is None
