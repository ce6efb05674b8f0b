"""Article URLs from the publisher API: checked before they are queued and at every
redirect while fetched, so the server never reaches its own network on request."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from reader.errors import FetchError
from reader.parse import decode_article, detect_format
from reader.sources import fetch_url

__all__ = ["FetchedArticle", "check_public_url", "fetch_article_url"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchedArticle:
    url: str
    """Where the article was found, after redirects."""
    text: str
    format: str
    """``html`` or ``markdown``, from the Content-Type."""


def check_public_url(url: str, *, allow_private: bool = False) -> None:
    """Raise FetchError unless ``url`` is http(s) and its host resolves only to
    public addresses (or ``allow_private``)."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as e:
        raise FetchError(url, f"not a valid URL ({e})") from e
    if parts.scheme not in ("http", "https"):
        raise FetchError(url, "only http:// and https:// URLs can be fetched")
    if not host:
        raise FetchError(url, "the URL has no host name")
    if parts.username or parts.password:
        raise FetchError(url, "URLs with a user name or password are not fetched")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(url, f"cannot resolve host {host!r} ({e})") from e
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            raise FetchError(
                url,
                f"host {host!r} resolves to the non-public address {address}; the server "
                "does not fetch from loopback, private or link-local addresses "
                "(set [server] allow_private_urls = true to allow it)",
            )


def fetch_article_url(
    url: str, *, timeout_s: float, max_bytes: int, allow_private: bool = False
) -> FetchedArticle:
    """GET ``url`` following up to five redirects, each checked like the first,
    reading at most ``max_bytes``; the text is decoded as a file's would be."""

    def check(address: str) -> None:
        check_public_url(address, allow_private=allow_private)

    final, data, hint = fetch_url(url, max_bytes=max_bytes, timeout_s=timeout_s, check=check)
    text = decode_article(data, source=final, max_bytes=max_bytes)
    return FetchedArticle(url=final, text=text, format=hint or detect_format(text))
