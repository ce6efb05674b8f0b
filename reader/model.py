"""The document model: what the parser produces and every later stage reads.

Frozen dataclasses with tuples, so a parsed document can be hashed, cached
and shared between processes. ``to_dict()`` gives the stable JSON shape of
``reader parse --json``::

    {"title", "author", "date", "language", "slug", ...,
     "sections": [{"heading", "level", "blocks": [{"type", ...}], "sections": [...]}]}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal

__all__ = [
    "Block",
    "Code",
    "Document",
    "Embed",
    "Faq",
    "Image",
    "ListBlock",
    "ListItem",
    "Metadata",
    "Paragraph",
    "Quote",
    "Section",
    "Table",
    "map_text",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    title: str
    slug: str
    """ASCII, lower case, safe as a file name and a URL path segment; never ``..``."""
    author: str | None = None
    date: dt.date | None = None
    """The article's publication date."""
    description: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None
    """BCP 47 tag such as ``en`` or ``de-AT``, when the article says."""
    canonical_url: str | None = None
    cover_image: str | None = None
    """URL or path of the cover image, as the article gives it."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "author": self.author,
            "date": self.date.isoformat() if self.date else None,
            "description": self.description,
            "tags": list(self.tags),
            "language": self.language,
            "canonical_url": self.canonical_url,
            "cover_image": self.cover_image,
            "slug": self.slug,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    text: str
    type: Literal["paragraph"] = field(default="paragraph", init=False)

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "text": self.text}


@dataclass(frozen=True, slots=True, kw_only=True)
class ListItem:
    text: str
    children: tuple[ListBlock, ...] = ()
    """Lists nested inside this item."""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "children": [c.to_dict() for c in self.children]}


@dataclass(frozen=True, slots=True, kw_only=True)
class ListBlock:
    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1
    """Number of the first item of an ordered list."""
    type: Literal["list"] = field(default="list", init=False)

    @property
    def text(self) -> str:
        """Every item's text, depth first, one per line."""
        return "\n".join(_list_lines(self))

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "ordered": self.ordered,
            "start": self.start,
            "text": self.text,
            "items": [i.to_dict() for i in self.items],
        }


def _list_lines(block: ListBlock) -> Iterator[str]:
    for item in block.items:
        if item.text:
            yield item.text
        for child in item.children:
            yield from _list_lines(child)


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    paragraphs: tuple[str, ...]
    attribution: str | None = None
    """Who is quoted, from ``<cite>``/``<figcaption>`` or a trailing "— Name" line."""
    type: Literal["quote"] = field(default="quote", init=False)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "text": self.text,
            "paragraphs": list(self.paragraphs),
            "attribution": self.attribution,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    header: tuple[str, ...]
    """Column header cells; empty when the table has no header row."""
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None
    type: Literal["table"] = field(default="table", init=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "caption": self.caption,
            "header": list(self.header),
            "rows": [list(r) for r in self.rows],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Image:
    alt: str
    caption: str | None = None
    type: Literal["image"] = field(default="image", init=False)

    @property
    def text(self) -> str:
        return self.caption or self.alt

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "text": self.text, "alt": self.alt, "caption": self.caption}


@dataclass(frozen=True, slots=True, kw_only=True)
class Embed:
    kind: Literal["video", "audio", "iframe"]
    provider: str | None = None
    """Who hosts it, e.g. ``YouTube``, from the embed's address."""
    title: str | None = None
    url: str | None = None
    """Where the embed lives; kept for the web page, never spoken."""
    type: Literal["embed"] = field(default="embed", init=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "kind": self.kind,
            "provider": self.provider,
            "title": self.title,
            "url": self.url,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Code:
    language: str | None
    line_count: int
    type: Literal["code"] = field(default="code", init=False)

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "language": self.language, "line_count": self.line_count}


@dataclass(frozen=True, slots=True, kw_only=True)
class Faq:
    question: str
    answer: str
    """The answer's paragraphs, joined with newlines."""
    type: Literal["faq"] = field(default="faq", init=False)

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "question": self.question, "answer": self.answer}


Block = Paragraph | ListBlock | Quote | Table | Image | Embed | Code | Faq


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    heading: str | None
    """None for the untitled lead section before the first heading."""
    level: int
    """1-6 from h1-h6; 0 for the lead section."""
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    anchor: str | None = None
    """The heading's ``id`` in the source, or a slug of its text."""

    def walk(self) -> Iterator[Section]:
        """This section and every section below it, in reading order."""
        yield self
        for child in self.sections:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading,
            "level": self.level,
            "anchor": self.anchor,
            "blocks": [b.to_dict() for b in self.blocks],
            "sections": [s.to_dict() for s in self.sections],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    metadata: Metadata
    sections: tuple[Section, ...]
    """Top-level sections in reading order; the lead section, if any, first."""

    @property
    def title(self) -> str:
        return self.metadata.title

    @property
    def slug(self) -> str:
        return self.metadata.slug

    def walk(self) -> Iterator[Section]:
        """Every section in reading order, depth first."""
        for section in self.sections:
            yield from section.walk()

    def blocks(self) -> Iterator[Block]:
        """Every block in reading order."""
        for section in self.walk():
            yield from section.blocks

    def faqs(self) -> Iterator[Faq]:
        return (b for b in self.blocks() if isinstance(b, Faq))

    def to_dict(self) -> dict[str, Any]:
        return {**self.metadata.to_dict(), "sections": [s.to_dict() for s in self.sections]}


def map_text(doc: Document, change: Callable[[str], str]) -> Document:
    """``doc`` with ``change`` applied to the title and to every text a listener
    hears: headings, paragraphs, list items, quotes, table cells, captions, FAQs."""

    def maybe(text: str | None) -> str | None:
        return change(text) if text is not None else None

    def listing(b: ListBlock) -> ListBlock:
        items = (
            replace(i, text=change(i.text), children=tuple(listing(c) for c in i.children))
            for i in b.items
        )
        return replace(b, items=tuple(items))

    def block(b: Block) -> Block:
        if isinstance(b, Paragraph):
            return replace(b, text=change(b.text))
        if isinstance(b, ListBlock):
            return listing(b)
        if isinstance(b, Quote):
            paragraphs = tuple(change(p) for p in b.paragraphs)
            return replace(b, paragraphs=paragraphs, attribution=maybe(b.attribution))
        if isinstance(b, Table):
            header = tuple(change(c) for c in b.header)
            rows = tuple(tuple(change(c) for c in r) for r in b.rows)
            return replace(b, header=header, rows=rows, caption=maybe(b.caption))
        if isinstance(b, Image):
            return replace(b, caption=maybe(b.caption))
        if isinstance(b, Faq):
            return replace(b, question=change(b.question), answer=change(b.answer))
        return b

    def section(s: Section) -> Section:
        blocks = tuple(block(b) for b in s.blocks)
        sections = tuple(section(c) for c in s.sections)
        return replace(s, heading=maybe(s.heading), blocks=blocks, sections=sections)

    metadata = replace(doc.metadata, title=change(doc.metadata.title))
    return replace(doc, metadata=metadata, sections=tuple(section(s) for s in doc.sections))
