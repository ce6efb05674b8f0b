"""Talking books: the article's text and its narration in sync.

Pure builders (``book_text``, ``build_epub``, ``build_daisy``) and the effect at
the edge (``write_book_zip``, ``write_epub``, ``write_daisy``). The narrator calls
them when ``--format`` asks for ``epub`` or ``daisy``; the timings come from the
same cues as ``transcript.vtt``.
"""

from reader.books.archive import ZipEntry, write_book_zip, write_daisy, write_epub
from reader.books.daisy import DaisyFiles, build_daisy, format_npt
from reader.books.epub import (
    ACTIVE_CLASS,
    AUDIO_PATH,
    EPUB_MIME,
    EpubEntry,
    build_epub,
    format_clock,
)
from reader.books.text import BookText, Chapter, Heading, book_text, span_id

__all__ = [
    "ACTIVE_CLASS",
    "AUDIO_PATH",
    "EPUB_MIME",
    "BookText",
    "Chapter",
    "EpubEntry",
    "Heading",
    "DaisyFiles",
    "ZipEntry",
    "book_text",
    "build_daisy",
    "build_epub",
    "format_clock",
    "format_npt",
    "span_id",
    "write_book_zip",
    "write_daisy",
    "write_epub",
]
