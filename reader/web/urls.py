"""Article URLs from the publisher API: checked before they are queued and at every
redirect while fetched, so the server never reaches its own network on request."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from reader.errors import FetchError
from reader.fetch import fetch_url
from reader.parse import decode_article, detect_format

__all__ = [
    "FetchedArticle",
    "check_public_url",
    "embedded_ipv4",
    "fetch_article_url",
    "is_public_address",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchedArticle:
    url: str
    """Where the article was found, after redirects."""
    text: str
    format: str
    """``html`` or ``markdown``, from the Content-Type."""


_Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Ranges ``is_global`` lets through (in some Python versions) that must not be
# fetched: special-purpose and documentation blocks, deprecated relay and
# site-local ranges, local-use NAT64. Embedded IPv4 addresses are unwrapped
# and checked on their own before these are consulted.
_DENIED = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",  # "this network"
        "100.64.0.0/10",  # carrier-grade NAT
        "192.0.0.0/24",  # IETF protocol assignments (192.0.0.8 dummy, 192.0.0.9/10 anycast)
        "192.0.2.0/24",  # documentation
        "192.88.99.0/24",  # 6to4 relay anycast (deprecated)
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation
        "203.0.113.0/24",  # documentation
        "240.0.0.0/4",  # reserved, and the broadcast address
        "::/96",  # IPv4-compatible (deprecated); unwrapped first
        "64:ff9b::/96",  # NAT64 well-known prefix; unwrapped first
        "64:ff9b:1::/48",  # local-use NAT64
        "100::/64",  # discard-only
        "2001::/23",  # IETF protocol assignments, Teredo among them
        "2001:db8::/32",  # documentation
        "2002::/16",  # 6to4; unwrapped first
        "3fff::/20",  # documentation
        "5f00::/16",  # segment routing
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
    )
)


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries, if it is one of the forms that
    reach an IPv4 host: IPv4-mapped ``::ffff:a.b.c.d``, IPv4-compatible
    ``::a.b.c.d``, NAT64 ``64:ff9b::a.b.c.d`` and 6to4 ``2002:AABB:CCDD::``."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    packed = int(address)
    if address in _NAT64 or (packed >> 32 == 0 and packed > 1):
        return ipaddress.IPv4Address(packed & 0xFFFFFFFF)
    return None


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public_address(address: _Address) -> bool:
    """True for an address the server may fetch from: globally routable,
    not multicast, in no special-purpose range, and (for an IPv6 address that
    carries an IPv4 one) carrying a public IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            return is_public_address(inner)
    if not address.is_global or address.is_multicast:
        return False
    return not any(address in network for network in _DENIED if network.version == address.version)


def check_public_url(url: str, *, allow_private: bool = False) -> str | None:
    """Raise FetchError unless ``url`` is http(s) and its host resolves only to
    public addresses (or ``allow_private``). Return the checked address the
    fetch must connect to, so the host is not resolved again (None with
    ``allow_private``, where any address will do)."""
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
        return None
    try:
        infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(url, f"cannot resolve host {host!r} ({e})") from e
    addresses: list[_Address] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not is_public_address(address):
            raise FetchError(
                url,
                f"host {host!r} resolves to the non-public address {address}; the server "
                "does not fetch from loopback, private, link-local or other special-purpose "
                "addresses (set [server] allow_private_urls = true to allow it)",
            )
        addresses.append(address)
    if not addresses:
        raise FetchError(url, f"cannot resolve host {host!r} (no addresses)")
    return str(addresses[0])


def fetch_article_url(
    url: str, *, timeout_s: float, max_bytes: int, allow_private: bool = False
) -> FetchedArticle:
    """GET ``url`` following up to five redirects, each checked like the first,
    reading at most ``max_bytes``; the text is decoded as a file's would be."""

    def check(address: str) -> str | None:
        return check_public_url(address, allow_private=allow_private)

    final, data, hint = fetch_url(url, max_bytes=max_bytes, timeout_s=timeout_s, check=check)
    text = decode_article(data, source=final, max_bytes=max_bytes)
    return FetchedArticle(url=final, text=text, format=hint or detect_format(text))
