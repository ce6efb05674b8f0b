"""Where articles come from: a file, standard input, or an http(s) URL.

The only module of the parse side with effects; everything after it works
on bytes and text. Each reader returns ``(source, data, hint)``: the name
errors use, the raw bytes (checked and decoded by
``reader.parse.decode_article``), and a format hint (``"markdown"``,
``"html"`` or None) from the file extension or the HTTP content type.
"""

from __future__ import annotations

import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from reader import __version__
from reader.errors import FetchError, InputError
from reader.parse import DEFAULT_MAX_BYTES, Format, format_from_name

__all__ = ["DEFAULT_TIMEOUT_S", "PinnedTransport", "fetch_url", "is_url", "read_article"]

DEFAULT_TIMEOUT_S = 20.0
_MAX_REDIRECTS = 5


def is_url(location: str) -> bool:
    return urlsplit(location).scheme.lower() in ("http", "https")


def read_article(
    location: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> tuple[str, bytes, Format | None]:
    """Read the article at ``location``: a path, ``-`` for standard input, or a URL."""
    if location == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return "<stdin>", _capped(data, "<stdin>", max_bytes), None
    scheme = urlsplit(location).scheme.lower()
    if is_url(location):
        return fetch_url(location, max_bytes=max_bytes, timeout_s=timeout_s)
    if len(scheme) > 1 and "://" in location:
        raise FetchError(location, "only http:// and https:// URLs can be read")
    return _read_file(Path(location), max_bytes=max_bytes)


def _capped(data: bytes, source: str, max_bytes: int) -> bytes:
    if len(data) > max_bytes:
        raise InputError(source, f"file is too large (the limit is {max_bytes:,} bytes)")
    return data


def _read_file(path: Path, *, max_bytes: int) -> tuple[str, bytes, Format | None]:
    source = str(path)
    try:
        if path.is_dir():
            raise InputError(source, "is a directory, not an article file")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                source,
                f"file is too large ({size:,} bytes; the limit is {max_bytes:,} bytes)",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory, not an article file") from None
    except OSError as e:
        raise InputError(source, f"cannot read the file ({e.strerror or e})") from None
    return source, _capped(data, source, max_bytes), format_from_name(path.name)


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
