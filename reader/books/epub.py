"""EPUB 3.3 with Media Overlays: the article's text read aloud in sync (pure).

``build_epub`` returns the book's entries in zip order (``mimetype`` first);
``write_book_zip`` (``reader.books.archive``) writes them, streaming the
episode audio in from its file. The book holds:

- ``EPUB/text/cNN.xhtml``: the chapters (``reader.books.text``), one span per sentence;
- ``EPUB/text/cNN.smil``: their media overlays (SMIL 3), one ``<par>`` per
  sentence, its clip in ``EPUB/audio/episode.mp3`` taken from the same cues
  as ``transcript.vtt``;
- ``EPUB/nav.xhtml``: the heading tree, FAQ questions nested under theirs;
- ``EPUB/package.opf``: metadata, accessibility metadata (EPUB Accessibility
  1.1), ``media:duration`` per overlay and in total, ``media:active-class``.

Spec: https://www.w3.org/TR/epub-33/ and https://www.w3.org/TR/epub-a11y-11/
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from reader.books.text import BookText, Chapter, Heading, through_pauses, xml_text
from reader.edition.model import Cue
from reader.model import Metadata

__all__ = [
    "ACTIVE_CLASS",
    "AUDIO_PATH",
    "EPUB_MIME",
    "EpubEntry",
    "build_epub",
    "format_clock",
]

EPUB_MIME = "application/epub+zip"
AUDIO_PATH = "EPUB/audio/episode.mp3"
"""Where the episode sits in the book; its bytes are the edition's episode.mp3."""
ACTIVE_CLASS = "reading-now"
"""The class a reading system gives the sentence being read (``media:active-class``)."""

_CSS = f"""\
body {{ font-family: serif; line-height: 1.5; margin: 0 5%; }}
.{ACTIVE_CLASS} {{ background-color: #ffe066; color: #000000; }}
.byline, .dateline {{ font-style: italic; }}
.note {{ font-style: italic; }}
dl.faq dt {{ font-weight: bold; margin-top: 1em; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #666666; padding: 0.2em 0.5em; text-align: left; }}
figure.image {{ margin: 1em 0; padding: 0.5em; border-left: 4px solid #999999; }}
"""

_SUMMARY = (
    "The article's full text with its complete narration: each sentence is highlighted "
    "while it is read. Headings follow the article's structure, and the table of contents "
    "lists every heading with the FAQ questions under theirs. Tables are marked up as "
    "tables; images are described by their alternative text."
)


@dataclass(frozen=True, slots=True, kw_only=True)
class EpubEntry:
    """One file of the book: its bytes, or ``None`` for the episode audio (``AUDIO_PATH``)."""

    name: str
    data: bytes | None
    compress: bool = True


def format_clock(ms: int) -> str:
    """A SMIL full clock value, ``H:MM:SS.mmm``."""
    ms = max(0, ms)
    return f"{ms // 3_600_000}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def _name(chapter: Chapter) -> str:
    return f"c{chapter.number:02d}"


def _clips(chapter: Chapter, cues: Sequence[Cue]) -> list[tuple[str, Cue]]:
    """(target id, cue) of each sentence of ``chapter`` that sounds, in reading order."""
    return [
        (chapter.targets[i], cues[i])
        for i in sorted(chapter.targets)
        if cues[i].end_ms > cues[i].start_ms
    ]


def build_epub(
    text: BookText,
    cues: Sequence[Cue],
    *,
    metadata: Metadata,
    identifier: str,
    modified: str,
    narrator: str = "",
) -> tuple[EpubEntry, ...]:
    """The book's entries in zip order. ``cues`` are the edition's transcript cues,
    one per utterance of the script; ``modified`` is ``YYYY-MM-DDThh:mm:ssZ``."""
    entries = [
        EpubEntry(name="mimetype", data=EPUB_MIME.encode(), compress=False),
        EpubEntry(name="META-INF/container.xml", data=_container().encode()),
    ]
    durations: dict[str, int] = {}
    by_chapter = [_clips(chapter, cues) for chapter in text.chapters]
    starts = [clips[0][1].start_ms for clips in by_chapter if clips]
    last_end = max((cue.end_ms for cue in cues), default=0)
    for chapter, sounding in zip(text.chapters, by_chapter, strict=True):
        later = [s for s in starts if sounding and s > sounding[-1][1].start_ms]
        clips = through_pauses(sounding, min(later, default=last_end))
        durations[_name(chapter)] = sum(c.end_ms - c.start_ms for _, c in clips)
        entries.append(
            EpubEntry(name=f"EPUB/text/{_name(chapter)}.xhtml", data=_xhtml(text, chapter).encode())
        )
        if clips:
            entries.append(
                EpubEntry(
                    name=f"EPUB/text/{_name(chapter)}.smil", data=_smil(chapter, clips).encode()
                )
            )
    entries += [
        EpubEntry(name="EPUB/nav.xhtml", data=_nav(text).encode()),
        EpubEntry(name="EPUB/css/book.css", data=_CSS.encode()),
        EpubEntry(
            name="EPUB/package.opf",
            data=_package(
                text,
                durations,
                metadata=metadata,
                identifier=identifier,
                modified=modified,
                narrator=narrator,
            ).encode(),
        ),
        EpubEntry(name=AUDIO_PATH, data=None, compress=False),
    ]
    return tuple(entries)


def _container() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
        "  <rootfiles>\n"
        '    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>\n'
        "  </rootfiles>\n"
        "</container>\n"
    )


def _lang(language: str) -> str:
    lang = escape(language)
    return f'lang="{lang}" xml:lang="{lang}"'


def _xhtml(text: BookText, chapter: Chapter) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" {_lang(text.language)}>\n'
        f'<head>\n<meta charset="utf-8"/>\n<title>{xml_text(chapter.title)}</title>\n'
        '<link rel="stylesheet" type="text/css" href="../css/book.css"/>\n</head>\n'
        f"<body>\n{chapter.body}\n</body>\n</html>\n"
    )


def _smil(chapter: Chapter, clips: Sequence[tuple[str, Cue]]) -> str:
    page = f"{_name(chapter)}.xhtml"
    pars = "\n".join(
        f'<par id="p{n}"><text src="{page}#{target}"/>'
        f'<audio src="../audio/episode.mp3" clipBegin="{format_clock(cue.start_ms)}" '
        f'clipEnd="{format_clock(cue.end_ms)}"/></par>'
        for n, (target, cue) in enumerate(clips, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" '
        'version="3.0">\n'
        f'<body>\n<seq id="seq1" epub:textref="{page}">\n{pars}\n</seq>\n</body>\n</smil>\n'
    )


def _toc(entries: Sequence[tuple[Heading, str]]) -> str:
    """Nested ``<ol>`` lists of the headings by level."""
    out: list[str] = []
    stack: list[int] = []
    for heading, page in entries:
        level = heading.level
        if not stack:
            out.append("<ol>")
            stack.append(level)
        elif level > stack[-1]:
            out.append("<ol>")
            stack.append(level)
        else:
            out.append("</li>")
            while len(stack) > 1 and level <= stack[-2]:
                out.append("</ol></li>")
                stack.pop()
        label = xml_text(heading.text.strip() or "…")
        out.append(f'<li><a href="{page}#{heading.target}">{label}</a>')
    if stack:
        out.append("</li>")
        out.extend("</ol></li>" for _ in stack[1:])
        out.append("</ol>")
    return "\n".join(out)


def _nav(text: BookText) -> str:
    entries = [
        (heading, f"text/{_name(chapter)}.xhtml")
        for chapter in text.chapters
        for heading in chapter.headings
    ]
    first = f"text/{_name(text.chapters[0])}.xhtml"
    title = xml_text(text.title)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f"{_lang(text.language)}>\n"
        f'<head>\n<meta charset="utf-8"/>\n<title>{title}</title>\n'
        '<link rel="stylesheet" type="text/css" href="css/book.css"/>\n</head>\n<body>\n'
        f'<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-title">\n'
        f'<h1 id="toc-title">{title}</h1>\n{_toc(entries)}\n</nav>\n'
        '<nav epub:type="landmarks" aria-label="Landmarks" hidden="hidden">\n<ol>\n'
        f'<li><a epub:type="bodymatter" href="{first}">{title}</a></li>\n'
        "</ol>\n</nav>\n</body>\n</html>\n"
    )


def _package(
    text: BookText,
    durations: dict[str, int],
    *,
    metadata: Metadata,
    identifier: str,
    modified: str,
    narrator: str,
) -> str:
    meta = [
        f'<dc:identifier id="pub-id">{xml_text(identifier)}</dc:identifier>',
        f"<dc:title>{xml_text(text.title)}</dc:title>",
        f"<dc:language>{xml_text(text.language)}</dc:language>",
    ]
    if metadata.author:
        meta.append(f"<dc:creator>{xml_text(metadata.author)}</dc:creator>")
    if metadata.date:
        meta.append(f"<dc:date>{metadata.date.isoformat()}</dc:date>")
    if metadata.description:
        meta.append(f"<dc:description>{xml_text(metadata.description)}</dc:description>")
    if metadata.canonical_url:
        meta.append(f"<dc:source>{xml_text(metadata.canonical_url)}</dc:source>")
    meta.append(f'<meta property="dcterms:modified">{xml_text(modified)}</meta>')
    meta += [
        '<meta property="schema:accessMode">textual</meta>',
        '<meta property="schema:accessMode">auditory</meta>',
        '<meta property="schema:accessModeSufficient">textual</meta>',
        '<meta property="schema:accessModeSufficient">auditory</meta>',
        '<meta property="schema:accessModeSufficient">textual,auditory</meta>',
        '<meta property="schema:accessibilityFeature">synchronizedAudioText</meta>',
        '<meta property="schema:accessibilityFeature">tableOfContents</meta>',
        '<meta property="schema:accessibilityFeature">structuralNavigation</meta>',
        '<meta property="schema:accessibilityFeature">readingOrder</meta>',
        '<meta property="schema:accessibilityHazard">none</meta>',
        f'<meta property="schema:accessibilitySummary">{_SUMMARY}</meta>',
        '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>',
        '<meta property="a11y:certifiedBy">reader</meta>',
    ]
    if narrator:
        meta.append(f'<meta property="media:narrator">{xml_text(narrator)}</meta>')
    for name, ms in durations.items():
        if ms:
            meta.append(
                f'<meta property="media:duration" refines="#mo-{name}">{format_clock(ms)}</meta>'
            )
    meta.append(f'<meta property="media:duration">{format_clock(sum(durations.values()))}</meta>')
    meta.append(f'<meta property="media:active-class">{ACTIVE_CLASS}</meta>')

    items = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="css" href="css/book.css" media-type="text/css"/>',
        '<item id="audio" href="audio/episode.mp3" media-type="audio/mpeg"/>',
    ]
    spine = []
    for chapter in text.chapters:
        name = _name(chapter)
        overlay = f' media-overlay="mo-{name}"' if durations[name] else ""
        items.append(
            f'<item id="{name}" href="text/{name}.xhtml" '
            f'media-type="application/xhtml+xml"{overlay}/>'
        )
        if durations[name]:
            items.append(
                f'<item id="mo-{name}" href="text/{name}.smil" media-type="application/smil+xml"/>'
            )
        spine.append(f'<itemref idref="{name}"/>')
    nl = "\n    "
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
        f'unique-identifier="pub-id" xml:lang="{escape(text.language)}">\n'
        '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f"    {nl.join(meta)}\n  </metadata>\n"
        f"  <manifest>\n    {nl.join(items)}\n  </manifest>\n"
        f"  <spine>\n    {nl.join(spine)}\n  </spine>\n"
        "</package>\n"
    )
