"""Fetching an article over http(s), with httpx: redirects, a size limit, one deadline
for the whole download, and requests pinned to the address a check resolved.

Split from ``reader.sources`` so that reading a local file never loads httpx.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable
from urllib.parse import urljoin

import httpx

from reader import __version__
from reader.errors import FetchError
from reader.parse import DEFAULT_MAX_BYTES, Format, format_from_name
from reader.sources import DEFAULT_TIMEOUT_S

__all__ = ["PIN_EXTENSION", "PinnedTransport", "fetch_url"]

_MAX_REDIRECTS = 5


def fetch_url(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    check: Callable[[str], str | None] = lambda url: None,
) -> tuple[str, bytes, Format | None]:
    """GET ``url`` following up to five redirects, reading at most ``max_bytes``
    within ``timeout_s`` in all; return ``(final URL, bytes, format hint)``.

    ``check`` sees every address before it is requested, the first and each
    redirect's, and raises to refuse it. When it returns an IP address (the one
    it resolved the host to and checked), the request connects to that address
    and no other: the host is not resolved a second time, so a DNS answer that
    changes between the check and the connection (DNS rebinding) cannot send
    the request elsewhere."""
    headers = {
        "user-agent": f"reader/{__version__} (article narrator)",
        "accept": "text/html, application/xhtml+xml, text/markdown;q=0.9, */*;q=0.5",
    }
    deadline = _Deadline(timeout_s)
    transport = PinnedTransport()
    client = httpx.Client(transport=transport, follow_redirects=False, headers=headers)
    with deadline, client:
        for _ in range(_MAX_REDIRECTS + 1):
            address = check(url)
            extensions: dict[str, object] = {"trace": deadline.trace}
            if address is not None:
                extensions[PIN_EXTENSION] = address
            try:
                with client.stream(
                    "GET", url, timeout=deadline.remaining_s(), extensions=extensions
                ) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    body = _body(url, response, max_bytes=max_bytes, deadline=deadline)
                    content_type = response.headers.get("content-type", "").lower()
            except httpx.TimeoutException:
                raise FetchError(url, f"no answer within {timeout_s:g} s") from None
            except httpx.HTTPError as e:
                if deadline.expired:
                    raise FetchError(url, f"no answer within {timeout_s:g} s") from None
                raise FetchError(url, f"cannot fetch ({e})") from None
            hint: Format | None = (
                "markdown" if "markdown" in content_type else format_from_name(url)
            )
            if hint is None and "html" in content_type:
                hint = "html"
            return url, body, hint
    raise FetchError(url, f"more than {_MAX_REDIRECTS} redirects")


def _body(url: str, response: httpx.Response, *, max_bytes: int, deadline: _Deadline) -> bytes:
    if response.status_code != 200:
        raise FetchError(url, f"the server answered HTTP {response.status_code}")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(
            url,
            f"the article is too large ({int(declared):,} bytes; the limit is {max_bytes:,} bytes)",
        )
    body = bytearray()
    for chunk in response.iter_bytes():
        if deadline.expired:
            break
        body += chunk
        if len(body) > max_bytes:
            raise FetchError(url, f"the article is larger than the limit of {max_bytes:,} bytes")
    if deadline.expired:
        # The connection was shut at the deadline: what arrived is not the whole article.
        raise httpx.ReadTimeout("the download's deadline passed")
    return bytes(body)


PIN_EXTENSION = "reader.connect_to"
"""Request extension naming the IP address a PinnedTransport connects to."""


class PinnedTransport(httpx.BaseTransport):
    """An HTTP transport that connects to the IP address a request names in its
    ``reader.connect_to`` extension instead of resolving the URL's host.

    The request keeps its URL's host everywhere else: in the ``Host`` header,
    as the TLS server name (SNI) and as the name the certificate is checked
    against. Requests without the extension resolve their host as usual.
    """

    def __init__(
        self, *, verify: ssl.SSLContext | bool = True, limits: httpx.Limits | None = None
    ) -> None:
        # No kept-alive connections: one opened for one host name must not be
        # reused for another that happens to resolve to the same address.
        limits = limits or httpx.Limits(max_keepalive_connections=0)
        self._inner = httpx.HTTPTransport(verify=verify, limits=limits)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        address = request.extensions.get(PIN_EXTENSION)
        if address is None:
            return self._inner.handle_request(request)
        host = request.url.host
        pinned = httpx.Request(
            request.method,
            request.url.copy_with(host=str(address)),
            headers=request.headers,  # its Host header still names the URL's host
            stream=request.stream,
            extensions={**request.extensions, "sni_hostname": host},
        )
        return self._inner.handle_request(pinned)

    def close(self) -> None:
        self._inner.close()


class _Deadline:
    """One deadline for a whole download, however slowly the bytes come.

    httpx's timeouts apply to each read, so a server sending a byte a second
    could hold a fetch open for ever. The deadline shuts the connection's
    socket down when it passes (waking any read blocked on it), which
    ``expired`` then tells apart from the server closing it.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._at = time.monotonic() + seconds
        self._expired = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    @property
    def expired(self) -> bool:
        return self._expired.is_set() or time.monotonic() >= self._at

    def remaining_s(self) -> float:
        left = self._at - time.monotonic()
        if left <= 0:
            raise httpx.ConnectTimeout("the download's deadline passed")
        return left

    def trace(self, event: str, info: dict[str, object]) -> None:
        """httpcore's trace hook: remember each connection's socket as it opens."""
        if event not in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            return
        stream = info.get("return_value")
        get_extra_info = getattr(stream, "get_extra_info", None)
        sock = get_extra_info("socket") if get_extra_info is not None else None
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets.append(sock)
            if self._expired.is_set():
                self._expire()

    def _expire(self) -> None:
        self._expired.set()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
