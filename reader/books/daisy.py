"""DAISY 2.02: a full-text, full-audio talking book for hardware players (pure).

``build_daisy`` returns the files of the book's folder, flat as DAISY 2.02
asks (https://daisy.org/activities/standards/daisy/daisy-2/daisy-format-2-02-specification/):

- ``ncc.html``: the navigation centre, one ``h1``-``h6`` per chapter of the
  episode (the opening as ``h1 class="title"``, each section at its level,
  each FAQ question one level below its heading), each linking to its SMIL;
  metadata ``dc:*`` and ``ncc:*`` (``totalTime``, ``narrator``,
  ``multimediaType`` audioFullText...);
- ``content.html``: the article's text (``reader.books.text``), one span per sentence;
- ``sNN.smil``: one per chapter, one ``par`` per sentence with its ``text``
  and its ``audio`` clip (``clip-begin``/``clip-end`` in npt) in the
  chapter's section MP3, from the same cues as ``transcript.vtt``;
- the section MP3s themselves, copied in by the caller (``DaisyFiles.audio``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import PurePosixPath

from reader.books.text import BookText, through_pauses, xml_text
from reader.edition.model import Chapter, Cue, SectionSpan
from reader.model import Metadata

__all__ = ["DaisyFiles", "build_daisy", "format_npt"]

_XHTML_10 = re.compile(r"<(/?)(section|figure|figcaption|footer)\b")
"""HTML5 elements XHTML 1.0 lacks, and what stands for them: ``div`` or ``p``."""
_FOR_10 = {"section": "div", "figure": "div", "figcaption": "p", "footer": "p"}


@dataclass(frozen=True, slots=True, kw_only=True)
class DaisyFiles:
    texts: tuple[tuple[str, str], ...]
    """``(file name, text)`` of ncc.html, content.html and each SMIL."""
    audio: tuple[tuple[str, str], ...]
    """``(file name in the book, the edition's section file)`` to copy in."""


def format_npt(ms: int) -> str:
    """A SMIL 1.0 normal play time in seconds: ``npt=12.345s``."""
    return f"npt={max(0, ms) // 1000}.{max(0, ms) % 1000:03d}s"


def _hms(ms: int) -> str:
    s = round(max(0, ms) / 1000)
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"


def _clock(ms: int) -> str:
    ms = max(0, ms)
    return f"{ms // 3_600_000}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def build_daisy(
    text: BookText,
    cues: Sequence[Cue],
    *,
    track_sizes: Sequence[int],
    chapters: Sequence[Chapter],
    sections: Sequence[SectionSpan],
    metadata: Metadata,
    identifier: str,
    narrator: str,
    produced: str,
) -> DaisyFiles:
    """The book for ``text``: ``track_sizes`` are the number of utterances of each
    track of the script, which ``chapters`` and ``sections`` time (one each);
    ``produced`` is the date ``YYYY-MM-DD``."""
    targets = {i: t for c in text.chapters for i, t in c.targets.items()}
    audio = tuple((PurePosixPath(s.filename).name, s.filename) for s in sections)
    smils: list[tuple[str, str]] = []
    headings: list[str] = []
    first = 0
    depth = 1
    for n, (size, chapter, (mp3, _)) in enumerate(
        zip(track_sizes, chapters, audio, strict=True), start=1
    ):
        name = f"s{n:02d}.smil"
        sounding = [
            (targets[i], cues[i])
            for i in range(first, first + size)
            if i in targets and cues[i].end_ms > cues[i].start_ms
        ]
        clips = through_pauses(sounding, chapter.end_ms)
        first += size
        smils.append((name, _smil(text.title, chapter, clips, mp3, number=n)))
        level = 1 if n == 1 else min(max(chapter.level, 1), 6)
        depth = max(depth, level)
        css = ' class="title"' if n == 1 else ""
        headings.append(
            f'<h{level} id="h{n}"{css}><a href="{name}#t{n}_1">'
            f"{xml_text(chapter.title.strip() or text.title)}</a></h{level}>"
        )
    total_ms = chapters[-1].end_ms if chapters else 0
    files = 2 + len(smils) + len(audio)
    ncc = _ncc(
        text,
        headings,
        metadata=metadata,
        identifier=identifier,
        narrator=narrator,
        produced=produced,
        total_ms=total_ms,
        depth=depth,
        files=files,
    )
    content = _content(text)
    return DaisyFiles(texts=(("ncc.html", ncc), ("content.html", content), *smils), audio=audio)


def _head_meta(name: str, content: str, scheme: str = "") -> str:
    extra = f' scheme="{escape(scheme)}"' if scheme else ""
    return f'<meta name="{name}" content="{escape(content)}"{extra}/>'


def _xhtml(language: str, title: str, head: Sequence[str], body: str) -> str:
    lang = escape(language)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" lang="{lang}" xml:lang="{lang}">\n'
        "<head>\n"
        '<meta http-equiv="Content-type" content="text/html; charset=utf-8"/>\n'
        f"<title>{xml_text(title)}</title>\n" + "\n".join(head) + "\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _ncc(
    text: BookText,
    headings: Sequence[str],
    *,
    metadata: Metadata,
    identifier: str,
    narrator: str,
    produced: str,
    total_ms: int,
    depth: int,
    files: int,
) -> str:
    head = [
        _head_meta("dc:title", text.title),
        _head_meta("dc:creator", metadata.author or "Unknown"),
        _head_meta("dc:publisher", "reader"),
        _head_meta("dc:format", "Daisy 2.02"),
        _head_meta("dc:identifier", identifier),
        _head_meta("dc:language", text.language, "ISO 639"),
        _head_meta(
            "dc:date", metadata.date.isoformat() if metadata.date else produced, "yyyy-mm-dd"
        ),
        _head_meta("ncc:charset", "utf-8"),
        _head_meta("ncc:generator", "reader"),
        _head_meta("ncc:narrator", narrator),
        _head_meta("ncc:producedDate", produced, "yyyy-mm-dd"),
        _head_meta("ncc:multimediaType", "audioFullText"),
        _head_meta("ncc:totalTime", _hms(total_ms), "hh:mm:ss"),
        _head_meta("ncc:tocItems", str(len(headings))),
        _head_meta("ncc:depth", str(depth)),
        _head_meta("ncc:files", str(files)),
        _head_meta("ncc:setInfo", "1 of 1"),
        _head_meta("ncc:pageFront", "0"),
        _head_meta("ncc:pageNormal", "0"),
        _head_meta("ncc:pageSpecial", "0"),
        _head_meta("ncc:maxPageNormal", "0"),
        _head_meta("ncc:footnotes", "0"),
        _head_meta("ncc:prodNotes", "0"),
        _head_meta("ncc:sidebars", "0"),
    ]
    if metadata.description:
        head.append(_head_meta("dc:description", metadata.description))
    return _xhtml(text.language, text.title, head, "\n".join(headings))


def _content(text: BookText) -> str:
    body = "\n".join(c.body for c in text.chapters)
    body = _XHTML_10.sub(lambda m: f"<{m.group(1)}{_FOR_10[m.group(2)]}", body)
    return _xhtml(text.language, text.title, [], body)


def _smil(
    title: str, chapter: Chapter, clips: Sequence[tuple[str, Cue]], mp3: str, *, number: int
) -> str:
    start = chapter.start_ms
    pars = "\n".join(
        f'<par endsync="last" id="p{number}_{k}">'
        f'<text src="content.html#{target}" id="t{number}_{k}"/>'
        f'<seq><audio src="{mp3}" clip-begin="{format_npt(cue.start_ms - start)}" '
        f'clip-end="{format_npt(cue.end_ms - start)}" id="a{number}_{k}"/></seq></par>'
        for k, (target, cue) in enumerate(clips, start=1)
    )
    duration = chapter.end_ms - chapter.start_ms
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<!DOCTYPE smil PUBLIC "-//W3C//DTD SMIL 1.0//EN" '
        '"http://www.w3.org/TR/REC-smil/SMIL10.dtd">\n'
        "<smil>\n<head>\n"
        f"{_head_meta('dc:format', 'Daisy 2.02')}\n"
        f"{_head_meta('dc:title', title)}\n"
        f"{_head_meta('ncc:generator', 'reader')}\n"
        f"{_head_meta('ncc:totalElapsedTime', _clock(start))}\n"
        f"{_head_meta('ncc:timeInThisSmil', _clock(duration))}\n"
        '<layout><region id="txtView"/></layout>\n'
        "</head>\n<body>\n"
        f'<seq dur="{duration / 1000:.3f}s">\n{pars}\n</seq>\n'
        "</body>\n</smil>\n"
    )
