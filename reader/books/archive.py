"""Write a book's entries as a zip, atomically (the effect at the edge).

The zip is written to a temporary file beside ``path`` and renamed into
place, so a reader never sees half a book. Entries are written in the order
given, each stored or deflated as it asks: an EPUB's ``mimetype`` must come
first and stored, and audio is stored (deflating MP3 saves nothing).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from reader.books.daisy import DaisyFiles
from reader.books.epub import EpubEntry

__all__ = ["ZipEntry", "write_book_zip", "write_daisy", "write_epub"]

ZipEntry = tuple[str, bytes | Path, bool]
"""``(name in the zip, its bytes or a file to stream in, compress?)``."""

_EPOCH = (1980, 1, 1, 0, 0, 0)
"""Every entry's time: the same inputs give the same bytes."""


def write_book_zip(path: Path, entries: Iterable[ZipEntry]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w") as book:
            for name, data, compress in entries:
                info = zipfile.ZipInfo(name, date_time=_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
                info.external_attr = 0o644 << 16
                if isinstance(data, Path):
                    with data.open("rb") as source, book.open(info, "w", force_zip64=True) as sink:
                        shutil.copyfileobj(source, sink, 1 << 20)
                else:
                    book.writestr(info, data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_epub(path: Path, entries: Iterable[EpubEntry], *, audio: Path) -> None:
    """Write an EPUB from ``build_epub``'s entries, the episode streamed in from ``audio``."""
    write_book_zip(
        path,
        ((e.name, audio if e.data is None else e.data, e.compress) for e in entries),
    )


def write_daisy(folder: Path, archive: Path, book: DaisyFiles, *, edition_dir: Path) -> None:
    """Write the DAISY book's folder (its section MP3s copied from ``edition_dir``) and
    the same files zipped in one top folder named like ``folder``'s parent edition."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in book.texts:
        (folder / name).write_text(text, encoding="utf-8")
    for name, source in book.audio:
        shutil.copyfile(edition_dir / source, folder / name)
    top = edition_dir.name
    entries: list[ZipEntry] = [(f"{top}/{n}", t.encode(), True) for n, t in book.texts]
    entries += [(f"{top}/{n}", folder / n, False) for n, _ in book.audio]
    write_book_zip(archive, entries)
