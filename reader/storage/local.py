"""A folder as storage: ``<root>/<key>``, each object written to a temporary name and renamed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from reader.errors import StorageError
from reader.storage.base import ObjectInfo, Storage, check_key

__all__ = ["LocalStorage"]

_CHUNK = 256 * 1024


class LocalStorage(Storage):
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.url = str(self.root)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def local_path(self, key: str) -> Path | None:
        return self._path(key)

    def _write(self, key: str, source: Path | bytes) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                os.chmod(tmp, 0o644)  # as any file written without mkstemp's 0600
                with os.fdopen(fd, "wb") as out:
                    if isinstance(source, bytes):
                        out.write(source)
                    else:
                        with source.open("rb") as src:
                            shutil.copyfileobj(src, out)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as e:
            raise StorageError(f"{path}: cannot write ({e.strerror or e})") from e

    def put_file(self, key: str, path: Path, *, content_type: str | None = None) -> None:
        self._write(key, path)

    def put_bytes(self, key: str, data: bytes, *, content_type: str | None = None) -> None:
        self._write(key, data)

    def get_bytes(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None
        except OSError as e:
            raise StorageError(f"{self._path(key)}: cannot read ({e.strerror or e})") from e

    def info(self, key: str) -> ObjectInfo | None:
        try:
            stat = self._path(key).stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        if not self._path(key).is_file():
            return None
        return ObjectInfo(
            key=key,
            size_bytes=stat.st_size,
            modified=dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC),
        )

    def iter_range(self, key: str, start: int, end: int) -> Iterator[bytes]:
        with self._path(key).open("rb") as f:
            f.seek(start)
            left = end - start + 1
            while left > 0:
                chunk = f.read(min(_CHUNK, left))
                if not chunk:
                    return
                left -= len(chunk)
                yield chunk

    def iter_objects(self, prefix: str = "") -> Iterator[ObjectInfo]:
        top = self.root / prefix.rsplit("/", 1)[0] if "/" in prefix else self.root
        if not top.is_dir():
            return
        found = []
        for path in top.rglob("*"):
            if path.name.startswith(".tmp-") or not path.is_file():
                continue
            key = path.relative_to(self.root).as_posix()
            if key.startswith(prefix):
                found.append(key)
        for key in sorted(found):
            info = self.info(key)
            if info is not None:
                yield info

    def delete(self, keys: list[str]) -> None:
        for key in keys:
            try:
                self._path(key).unlink(missing_ok=True)
            except OSError as e:
                raise StorageError(f"{self._path(key)}: cannot delete ({e.strerror or e})") from e
