"""Serving an edition's files from object storage (S3): streamed with byte ranges, or
redirected to a presigned URL.

The same answers as ``reader.web.files`` gives for files on disk: HEAD, one
byte range (206) or the whole object, 416 with ``bytes */N``, ``If-Range``,
304 for ``If-None-Match`` / ``If-Modified-Since``, the manifest's sha256 as
a strong ETag, and CORS on text tracks. A request for several ranges gets
the whole object (RFC 9110 allows it).
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterator
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse

from reader.edition.manifest import FileEntry, Manifest
from reader.errors import StorageError
from reader.storage import Storage, file_key
from reader.web.files import content_type, is_not_modified, published_entry

__all__ = ["StoredEditionFiles", "serve_object"]

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CORS_SUFFIXES = (".json", ".vtt", ".srt")


def _byte_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """``(start, end)`` of a single satisfiable range; None to send the whole object;
    False when the range cannot be satisfied (416)."""
    match = _RANGE.match(header.replace(" ", ""))
    if match is None:
        return None  # several ranges, or a unit we do not know: the whole object
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        length = int(last)
        if length == 0:
            return False
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        return False
    return start, end


def serve_object(
    request_headers: Headers,
    method: str,
    storage: Storage,
    key: str,
    entry: FileEntry,
    *,
    redirect: bool = False,
) -> Response:
    """A 200/206/304/307/404/416 response for the object ``key`` described by ``entry``."""
    if redirect:
        url = storage.presigned_url(key)
        if url is not None:
            return RedirectResponse(url, status_code=307)
    try:
        info = storage.info(key)
    except StorageError:
        return Response("storage is not answering; try again\n", 503, media_type="text/plain")
    if info is None:
        return Response(status_code=404, content="file listed in the manifest is missing\n")
    size = info.size_bytes
    suffix = "." + key.rsplit(".", 1)[-1] if "." in key else ""
    headers = {
        "cache-control": "public, max-age=3600",
        "accept-ranges": "bytes",
        "last-modified": email.utils.format_datetime(info.modified, usegmt=True),
    }
    if size == entry.bytes:
        headers["etag"] = f'"{entry.sha256[:32]}"'
    if suffix in _CORS_SUFFIXES:
        headers["access-control-allow-origin"] = "*"
    etag = headers.get("etag", "")
    if is_not_modified(request_headers, etag or '"-"', headers["last-modified"]):
        return Response(status_code=304, headers=headers)
    media_type = content_type(key, entry.mime)
    wanted = request_headers.get("range")
    if_range = request_headers.get("if-range")
    if wanted and if_range and if_range not in (etag, headers["last-modified"]):
        wanted = None
    span = _byte_range(wanted, size) if wanted else None
    if span is False:
        headers["content-range"] = f"bytes */{size}"
        return Response(status_code=416, headers=headers)
    start, end = span if isinstance(span, tuple) else (0, size - 1)
    status = 206 if isinstance(span, tuple) else 200
    if status == 206:
        headers["content-range"] = f"bytes {start}-{end}/{size}"
    headers["content-length"] = str(end - start + 1 if size else 0)
    if method == "HEAD" or size == 0:
        return Response(status_code=status, headers=headers, media_type=media_type)
    body: Iterator[bytes] = storage.iter_range(key, start, end)
    return StreamingResponse(body, status_code=status, headers=headers, media_type=media_type)


@dataclass(frozen=True, slots=True)
class StoredEditionFiles:
    """Edition files in object storage, under ``file_key(slug, path)``: streamed, or
    redirected to a presigned URL with ``redirect``."""

    storage: Storage
    redirect: bool = False

    def response(self, request: Request, manifest: Manifest, path: str) -> Response | None:
        entry = published_entry(manifest, path)
        if entry is None:
            return None
        key = file_key(manifest.slug, entry.path)
        return serve_object(
            request.headers, request.method, self.storage, key, entry, redirect=self.redirect
        )
