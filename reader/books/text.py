"""The article as the talking books show it: XHTML with one span per sentence (pure).

Each utterance of the script names the document part it reads
(``reader.script.refs``); here the same names become element ids, so the
media overlays and the DAISY SMIL files can point at what is being read:

- parts that are read as written (title, headings, paragraphs, list items,
  quote paragraphs, FAQ questions and answers, notes for embeds and code)
  hold one ``<span id="uN">`` per spoken sentence, ``N`` being the
  utterance's number in the script, from 1;
- parts that are described rather than read (a table, its rows, an image,
  a quote's introduction) carry the part's name as their id, and the
  utterance points at that element.

The text is split into chapters, one per top-level section (the opening and
any untitled lead section first), each a ``Chapter`` holding the body markup
that an EPUB content document or a DAISY content file wraps.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from html import escape

from reader.edition.model import Cue
from reader.formulas import shown_text
from reader.model import (
    Block,
    Code,
    Document,
    Embed,
    Faq,
    Image,
    ListBlock,
    Paragraph,
    Quote,
    Section,
    Table,
    map_text,
)
from reader.script.model import Utterance
from reader.script.refs import (
    BYLINE,
    DATELINE,
    TITLE,
    answer_ref,
    block_ref,
    heading_ref,
    item_ref,
    note_ref,
    paragraph_ref,
    question_ref,
    row_ref,
)
from reader.text import same_words, xml_safe

__all__ = [
    "BookText",
    "Chapter",
    "Heading",
    "book_text",
    "span_id",
    "through_pauses",
    "xml_text",
]


def xml_text(text: str) -> str:
    """``text`` escaped for XML element content, without characters XML cannot hold."""
    return escape(xml_safe(text), quote=False)


def span_id(index: int) -> str:
    """The id of utterance ``index`` (0-based in the script) in the book's text."""
    return f"u{index + 1}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading:
    """One entry of the heading tree: a section heading or an FAQ question."""

    text: str
    level: int
    """1-6; an FAQ question sits one level below the section it is in."""
    target: str
    """The element id it links to, in its chapter."""
    spans: tuple[str, ...]
    """The span ids of its sentences (empty when nothing of it is spoken)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Chapter:
    number: int
    """0 for the opening, then one per top-level section, in reading order."""
    title: str
    body: str
    """XHTML markup of the chapter, one ``<section>``, without ``<body>``."""
    headings: tuple[Heading, ...]
    """Headings inside it, in reading order (the first is the chapter's own)."""
    targets: dict[int, str]
    """Where each utterance (0-based) is shown: a span id or a part's element id."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BookText:
    title: str
    language: str
    chapters: tuple[Chapter, ...]

    def chapter_of(self) -> dict[int, int]:
        """Each utterance's chapter number (index into ``chapters``)."""
        return {i: n for n, c in enumerate(self.chapters) for i in c.targets}


def book_text(doc: Document, utterances: Sequence[Utterance], *, language: str) -> BookText:
    """The book's chapters: ``utterances`` are the script's, in order. Formulas
    are shown in their linear form, as the transcript shows them."""
    doc = map_text(doc, shown_text)
    by_ref: dict[str, list[int]] = {}
    for index, utterance in enumerate(utterances):
        by_ref.setdefault(utterance.ref, []).append(index)
    numbers = {id(s): n for n, s in enumerate(doc.walk())}
    chapters: list[Chapter] = []
    opening = _Writer(by_ref, utterances, numbers)
    meta = doc.metadata
    opening.out.append('<section class="opening">')
    opening.heading_element(1, TITLE, meta.title)
    if meta.author:
        opening.text_element("p", BYLINE, meta.author, css="byline")
    if meta.date:
        opening.text_element("p", DATELINE, meta.date.isoformat(), css="dateline")
    rest = list(doc.sections)
    while rest and rest[0].heading is None:
        lead = rest.pop(0)
        opening.blocks(lead.blocks, numbers[id(lead)], lead.level)
        for child in lead.sections:
            opening.section(child)
    opening.out.append("</section>")
    chapters.append(opening.chapter(0, meta.title))
    for section in rest:
        writer = _Writer(by_ref, utterances, numbers)
        writer.section(section)
        chapters.append(writer.chapter(len(chapters), section.heading or meta.title))
    return BookText(title=meta.title, language=language, chapters=tuple(chapters))


class _Writer:
    def __init__(
        self,
        by_ref: dict[str, list[int]],
        utterances: Sequence[Utterance],
        numbers: dict[int, int],
    ) -> None:
        self.by_ref = by_ref
        self.utterances = utterances
        self.numbers = numbers
        self.out: list[str] = []
        self.headings: list[Heading] = []
        self.targets: dict[int, str] = {}

    def chapter(self, number: int, title: str) -> Chapter:
        return Chapter(
            number=number,
            title=title,
            body="\n".join(self.out),
            headings=tuple(self.headings),
            targets=self.targets,
        )

    # -- parts ---------------------------------------------------------------

    def sentences(self, ref: str, fallback: str, *, strip: str = "") -> str:
        """The spans of the sentences read from part ``ref``; its text when none is."""
        spans = []
        for n, index in enumerate(self.by_ref.get(ref, ())):
            display = self.utterances[index].display
            if n == 0 and strip:
                display = display.removeprefix(strip)
            self.targets[index] = span_id(index)
            spans.append(f'<span id="{span_id(index)}">{xml_text(display)}</span>')
        return " ".join(spans) if spans else xml_text(fallback)

    def described(self, ref: str) -> None:
        """Utterances that describe part ``ref`` point at its element."""
        for index in self.by_ref.get(ref, ()):
            self.targets[index] = ref

    def text_element(self, tag: str, ref: str, text: str, *, css: str = "") -> None:
        attrs = f' class="{css}"' if css else ""
        self.out.append(f'<{tag} id="{ref}"{attrs}>{self.sentences(ref, text)}</{tag}>')

    def heading_element(self, level: int, ref: str, text: str) -> None:
        spans_before = set(self.targets.values())
        self.out.append(f'<h{level} id="{ref}">{self.sentences(ref, text)}</h{level}>')
        spans = tuple(t for t in self.targets.values() if t not in spans_before)
        self.headings.append(Heading(text=text, level=level, target=ref, spans=spans))

    # -- structure -----------------------------------------------------------

    def section(self, section: Section) -> None:
        number = self.numbers[id(section)]
        level = min(max(section.level, 1), 6)
        self.out.append("<section>")
        if section.heading is not None:
            self.heading_element(level, heading_ref(number), section.heading)
        if note_ref(number) in self.by_ref:
            self.text_element("p", note_ref(number), "", css="note")
        self.blocks(section.blocks, number, level)
        for child in section.sections:
            self.section(child)
        self.out.append("</section>")

    def blocks(self, blocks: Sequence[Block], number: int, level: int) -> None:
        faqs: list[tuple[str, Faq]] = []
        for index, block in enumerate(blocks):
            ref = block_ref(number, index)
            if isinstance(block, Faq):
                faqs.append((ref, block))
                continue
            if faqs:
                self.faq_list(faqs, level)
                faqs = []
            self.block(ref, block)
        if faqs:
            self.faq_list(faqs, level)

    def block(self, ref: str, block: Block) -> None:  # noqa: C901 - one case per block type
        if isinstance(block, Paragraph):
            self.text_element("p", ref, block.text)
        elif isinstance(block, ListBlock):
            self.out.extend(self.list_lines(ref, block))
        elif isinstance(block, Quote):
            self.quote(ref, block)
        elif isinstance(block, Table):
            self.table(ref, block)
        elif isinstance(block, Image):
            self.image(ref, block)
        elif isinstance(block, Embed):
            what = " ".join(x for x in (block.provider, block.kind, block.title) if x)
            self.text_element("p", ref, what, css="note")
        elif isinstance(block, Code):
            what = f"{block.language or 'code'}, {block.line_count} lines"
            self.text_element("p", ref, what, css="note")

    def list_lines(self, parent: str, block: ListBlock) -> Iterator[str]:
        tag = "ol" if block.ordered else "ul"
        start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
        yield f"<{tag}{start}>"
        for index, item in enumerate(block.items):
            ref = item_ref(parent, index)
            strip = f"{block.start + index}. " if block.ordered else ""
            yield f'<li id="{ref}">{self.sentences(ref, item.text, strip=strip)}'
            for child in item.children:
                yield from self.list_lines(ref, child)
            yield "</li>"
        yield f"</{tag}>"

    def quote(self, ref: str, block: Quote) -> None:
        self.described(ref)
        self.out.append(f'<blockquote id="{ref}">')
        for index, paragraph in enumerate(block.paragraphs):
            self.text_element("p", paragraph_ref(ref, index), paragraph)
        if block.attribution:
            self.out.append(f"<footer>{xml_text(block.attribution)}</footer>")
        self.out.append("</blockquote>")

    def table(self, ref: str, block: Table) -> None:
        self.described(ref)
        self.out.append(f'<table id="{ref}">')
        if block.caption:
            self.out.append(f"<caption>{xml_text(block.caption)}</caption>")
        if block.header:
            cells = "".join(f'<th scope="col">{xml_text(c)}</th>' for c in block.header)
            self.out.append(f"<thead><tr>{cells}</tr></thead>")
        self.out.append("<tbody>")
        for index, row in enumerate(block.rows):
            row_id = row_ref(ref, index)
            self.described(row_id)
            cells = "".join(f"<td>{xml_text(c)}</td>" for c in row)
            self.out.append(f'<tr id="{row_id}">{cells}</tr>')
        self.out.append("</tbody></table>")

    def image(self, ref: str, block: Image) -> None:
        self.described(ref)
        parts = [f'<figure id="{ref}" class="image">']
        if block.alt and not (block.caption and same_words(block.alt, block.caption)):
            parts.append(f'<p class="alt">{xml_text(block.alt)}</p>')
        if block.caption:
            parts.append(f"<figcaption>{xml_text(block.caption)}</figcaption>")
        elif not block.alt:
            parts.append('<p class="alt">(image)</p>')
        parts.append("</figure>")
        self.out.append("".join(parts))

    def faq_list(self, faqs: Sequence[tuple[str, Faq]], level: int) -> None:
        self.out.append('<dl class="faq">')
        for ref, faq in faqs:
            question = question_ref(ref)
            spans_before = set(self.targets.values())
            self.out.append(f'<dt id="{question}">{self.sentences(question, faq.question)}</dt>')
            spans = tuple(t for t in self.targets.values() if t not in spans_before)
            self.headings.append(
                Heading(text=faq.question, level=min(level + 1, 6), target=question, spans=spans)
            )
            self.out.append("<dd>")
            for index, line in enumerate(faq.answer.splitlines()):
                self.text_element("p", answer_ref(ref, index), line)
            self.out.append("</dd>")
        self.out.append("</dl>")


def through_pauses(clips: Sequence[tuple[str, Cue]], end_ms: int) -> list[tuple[str, Cue]]:
    """``clips`` with each one running on to where the next begins, the last to ``end_ms``.

    A reading system plays a book clip after clip: clips that stop where the
    sentence's sound stops would skip every pause between sentences, headings
    and sections, and the book would sound hurried. Ending each clip where the
    next starts keeps the episode's pauses; the highlight stays on a sentence
    until the next one is spoken. Starts are never moved.
    """
    ends = [cue.start_ms for _, cue in clips[1:]] + [end_ms]
    return [
        (target, replace(cue, end_ms=max(cue.end_ms, end)))
        for (target, cue), end in zip(clips, ends, strict=True)
    ]
