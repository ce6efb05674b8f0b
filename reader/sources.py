"""Where articles come from: a file, standard input, or an http(s) URL.

The only module of the parse side with effects; everything after it works
on bytes and text. Each reader returns ``(source, data, hint)``: the name
errors use, the raw bytes (checked and decoded by
``reader.parse.decode_article``), and a format hint (``"markdown"``,
``"html"`` or None) from the file extension or the HTTP content type.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from reader import __version__
from reader.errors import FetchError, InputError
from reader.parse import DEFAULT_MAX_BYTES, Format, format_from_name

__all__ = ["DEFAULT_TIMEOUT_S", "fetch_url", "is_url", "read_article"]

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
    check: Callable[[str], None] = lambda url: None,
) -> tuple[str, bytes, Format | None]:
    """GET ``url`` following up to five redirects, reading at most ``max_bytes``;
    return ``(final URL, bytes, format hint)``. ``check`` sees every address
    before it is requested, the first and each redirect's, and raises to refuse it."""
    headers = {
        "user-agent": f"reader/{__version__} (article narrator)",
        "accept": "text/html, application/xhtml+xml, text/markdown;q=0.9, */*;q=0.5",
    }
    with httpx.Client(timeout=timeout_s, follow_redirects=False, headers=headers) as client:
        for _ in range(_MAX_REDIRECTS + 1):
            check(url)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    body = _body(url, response, max_bytes=max_bytes)
                    content_type = response.headers.get("content-type", "").lower()
            except httpx.TimeoutException:
                raise FetchError(url, f"no answer within {timeout_s:g} s") from None
            except httpx.HTTPError as e:
                raise FetchError(url, f"cannot fetch ({e})") from None
            hint: Format | None = (
                "markdown" if "markdown" in content_type else format_from_name(url)
            )
            if hint is None and "html" in content_type:
                hint = "html"
            return url, body, hint
    raise FetchError(url, f"more than {_MAX_REDIRECTS} redirects")


def _body(url: str, response: httpx.Response, *, max_bytes: int) -> bytes:
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
        body += chunk
        if len(body) > max_bytes:
            raise FetchError(url, f"the article is larger than the limit of {max_bytes:,} bytes")
    return bytes(body)
