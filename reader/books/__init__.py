"""Talking books: the article's text and its narration in sync.

Pure builders (``book_text``, ``build_epub``) and one effect at the edge
(``write_book_zip``, ``write_epub``). The narrator calls them when ``--format`` asks for
``epub``; the timings come from the same cues as ``transcript.vtt``.
"""

from reader.books.archive import ZipEntry, write_book_zip, write_epub
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
    "ZipEntry",
    "book_text",
    "build_epub",
    "format_clock",
    "span_id",
    "write_book_zip",
    "write_epub",
]
