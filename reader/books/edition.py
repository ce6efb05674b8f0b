"""The talking books of an edition, written beside its episode (effects).

The narrator calls ``write_talking_books`` once the episode is encoded, when
``--format`` asks for ``epub`` or ``daisy``: the EPUB 3 with Media Overlays
reads along with ``episode.mp3`` in the staging folder; the DAISY 2.02 book
gets its own audio files and a zip of the whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reader.books.archive import write_daisy, write_epub
from reader.books.daisy import build_daisy
from reader.books.epub import EPUB_MIME, build_epub
from reader.books.text import book_text
from reader.edition.outputs import BOOK_FORMATS
from reader.edition.plan import Layout
from reader.model import Document, Metadata
from reader.script import Script

__all__ = ["write_talking_books"]

_DAISY_TYPES = {".html": "application/xhtml+xml", ".smil": "application/smil", ".mp3": "audio/mpeg"}


def write_talking_books(
    doc: Document,
    script: Script,
    layout: Layout,
    staging: Path,
    *,
    metadata: Metadata,
    formats: Sequence[str],
    identifier: str,
    narrated_at: str,
    narrator: str,
) -> dict[str, tuple[str, str]]:
    """Write the talking books ``formats`` ask for into ``staging``, with ``metadata``
    as shown (formulas as text); return their files by role: (path, MIME type)."""
    books: dict[str, tuple[str, str]] = {}
    if not any(f in BOOK_FORMATS for f in formats):
        return books
    text = book_text(doc, script.utterances(), language=metadata.language or script.language)
    if "epub" in formats:
        book = build_epub(
            text,
            layout.cues,
            metadata=metadata,
            identifier=identifier,
            modified=narrated_at,
            narrator=narrator,
        )
        write_epub(staging / "book.epub", book, audio=staging / "episode.mp3")
        books["epub"] = ("book.epub", EPUB_MIME)
    if "daisy" in formats:
        daisy = build_daisy(
            text,
            layout.cues,
            track_sizes=[len(t.utterances) for t in script.tracks],
            chapters=layout.chapters,
            sections=layout.sections,
            metadata=metadata,
            identifier=identifier,
            narrator=narrator,
            produced=narrated_at[:10],
        )
        write_daisy(staging / "daisy", staging / "daisy.zip", daisy, edition_dir=staging)
        books["daisy"] = ("daisy.zip", "application/zip")
        for name, _ in (*daisy.texts, *daisy.audio):
            books[f"daisy/{name}"] = (f"daisy/{name}", _DAISY_TYPES[Path(name).suffix])
    return books
