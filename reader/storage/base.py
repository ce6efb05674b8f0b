"""The storage interface: a flat namespace of objects named by ``/``-separated keys.

Two backends implement it: ``LocalStorage`` (a folder) and ``S3Storage``
(a bucket and prefix, through boto3). Keys are relative (``<slug>/episode.mp3``,
``cache/ab/<sha256>.flac``); a backend never lets one escape its root.
Every ``put`` is atomic for its object: a reader sees the old object or the
whole new one, never part of it.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.errors import StorageError

__all__ = ["ObjectInfo", "Storage", "check_key"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectInfo:
    key: str
    size_bytes: int
    modified: dt.datetime
    """When the object was last written (UTC)."""


def check_key(key: str) -> str:
    """``key`` if it is a clean relative key; StorageError otherwise."""
    parts = key.split("/")
    if not key or key.startswith("/") or "\\" in key or {"..", ".", ""} & set(parts):
        raise StorageError(f"{key!r} is not a storage key (relative, no '..')")
    return key


class Storage(ABC):
    """Objects by key. Methods raise StorageError for faults of the backend."""

    url: str
    """Where the storage is: a folder path or ``s3://bucket/prefix``."""

    @abstractmethod
    def put_file(self, key: str, path: Path, *, content_type: str | None = None) -> None:
        """Store the file at ``path`` as ``key``, replacing any object there."""

    @abstractmethod
    def put_bytes(self, key: str, data: bytes, *, content_type: str | None = None) -> None:
        """Store ``data`` as ``key``, replacing any object there."""

    @abstractmethod
    def get_bytes(self, key: str) -> bytes | None:
        """The object's content; None when there is no such object."""

    @abstractmethod
    def info(self, key: str) -> ObjectInfo | None:
        """The object's size and time; None when there is no such object."""

    @abstractmethod
    def iter_range(self, key: str, start: int, end: int) -> Iterator[bytes]:
        """Bytes ``start`` to ``end`` (inclusive) of the object, in chunks."""

    @abstractmethod
    def iter_objects(self, prefix: str = "") -> Iterator[ObjectInfo]:
        """Every object whose key starts with ``prefix``, in key order."""

    @abstractmethod
    def delete(self, keys: list[str]) -> None:
        """Remove these objects; missing ones are not an error."""

    def local_path(self, key: str) -> Path | None:
        """The object as a local file, when the backend is a folder; else None."""
        return None

    def presigned_url(self, key: str, *, expires_s: int = 3600) -> str | None:
        """A time-limited URL that fetches the object directly; None if the backend
        has none (a folder)."""
        return None

    def object_url(self, key: str) -> str:
        """The object's address for messages and the catalog (not necessarily public)."""
        return f"{self.url.rstrip('/')}/{key}"
