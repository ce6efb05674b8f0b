"""Serving an edition's files: only those its manifest lists, never outside ``out_dir``.

Starlette's ``FileResponse`` does HEAD, single and multiple byte ranges,
``If-Range`` and 416 with ``bytes */N``; this module adds what it lacks:
304 answers to ``If-None-Match`` / ``If-Modified-Since``, a strong ETag from
the manifest's sha256, explicit content types and CORS on text files.
"""

from __future__ import annotations

import email.utils
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from reader.edition.manifest import FileEntry, Manifest, public_path

__all__ = [
    "CONTENT_TYPES",
    "EditionFiles",
    "LocalEditionFiles",
    "content_type",
    "find_file",
    "is_not_modified",
    "moved_file",
    "published_entry",
    "serve_file",
]

CONTENT_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4b": "audio/x-m4a",
    ".m4a": "audio/x-m4a",
    ".epub": "application/epub+zip",
    ".json": "application/json+chapters",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8",
}
_CORS_SUFFIXES = (".json", ".vtt", ".srt")
_NAMED_TYPES = {
    "transcript.json": "application/json",
    "transcript-segments.json": "application/json",
}
"""Files whose suffix alone does not say their type (``.json`` is chapters otherwise)."""


def content_type(path: str, mime: str) -> str:
    """The Content-Type an edition file is served with (``mime``: the manifest's)."""
    name = PurePosixPath(path).name
    if name in _NAMED_TYPES:
        return _NAMED_TYPES[name]
    return CONTENT_TYPES.get(PurePosixPath(path).suffix, mime)


def find_file(out_dir: Path, manifest: Manifest, path: str) -> tuple[Path, FileEntry] | None:
    """The file published as ``path`` in the edition (its ``public_path``), if the
    manifest lists it and it lies inside the edition directory; None otherwise (the
    caller answers 404, or redirects an old name: ``moved_file``)."""
    entry = published_entry(manifest, path)
    if entry is None:
        return None
    stored = PurePosixPath(entry.path)
    if stored.is_absolute() or ".." in stored.parts:
        return None
    edition = (out_dir / manifest.slug).resolve()
    full = (edition / entry.path).resolve()
    if not full.is_relative_to(edition) or edition.parent != out_dir.resolve():
        return None
    return full, entry


def published_entry(manifest: Manifest, path: str) -> FileEntry | None:
    """The manifest's entry for the file published as ``path`` (its ``public_path``)."""
    for entry in manifest.all_files():
        if public_path(manifest.slug, entry.path) == path:
            return entry
    return None


def moved_file(manifest: Manifest, path: str) -> str | None:
    """The name the file once published as ``path`` goes out under now (``episode.mp3``
    became ``<slug>.mp3``), so that old enclosure URLs redirect; None for any other."""
    for entry in manifest.all_files():
        if entry.path == path:
            public = public_path(manifest.slug, path)
            return public if public != path else None
    return None


def is_not_modified(request_headers: Headers, etag: str, last_modified: str) -> bool:
    """RFC 9110 section 13.1: If-None-Match wins; If-Modified-Since only without it."""
    if_none_match = request_headers.get("if-none-match")
    if if_none_match is not None:
        if if_none_match.strip() == "*":
            return True
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return etag.removeprefix("W/") in tags
    if_modified_since = request_headers.get("if-modified-since")
    if if_modified_since is None:
        return False
    try:
        since = email.utils.parsedate_to_datetime(if_modified_since)
        modified = email.utils.parsedate_to_datetime(last_modified)
    except (TypeError, ValueError):
        return False
    return modified <= since


def serve_file(request_headers: Headers, full: Path, entry: FileEntry) -> Response:
    """A 200/206/304/416 response for one edition file (HEAD handled by the response)."""
    try:
        stat = os.stat(full)
    except FileNotFoundError:
        return Response(status_code=404, content="file listed in the manifest is missing\n")
    etag = f'"{entry.sha256[:32]}"' if stat.st_size == entry.bytes else None
    headers = {"cache-control": "public, max-age=3600"}
    if full.suffix in _CORS_SUFFIXES:
        headers["access-control-allow-origin"] = "*"
    if etag is not None:
        headers["etag"] = etag
    media_type = content_type(full.name, entry.mime)
    response = FileResponse(full, headers=headers, media_type=media_type, stat_result=stat)
    sent = response.headers
    if is_not_modified(request_headers, sent["etag"], sent["last-modified"]):
        keep = ("etag", "last-modified", "cache-control", "access-control-allow-origin")
        return Response(status_code=304, headers={k: v for k, v in sent.items() if k in keep})
    return response


class EditionFiles(Protocol):
    """Where the server finds edition files; one method to implement for another store."""

    def response(self, request: Request, manifest: Manifest, path: str) -> Response | None:
        """The answer to ``request`` for ``path`` of ``manifest``'s edition, or None when
        the manifest lists no such file (the route answers 404)."""
        ...


@dataclass(frozen=True, slots=True)
class LocalEditionFiles:
    """Edition files in ``<out_dir>/<slug>/``."""

    out_dir: Path

    def response(self, request: Request, manifest: Manifest, path: str) -> Response | None:
        found = find_file(self.out_dir, manifest, path)
        return None if found is None else serve_file(request.headers, *found)
