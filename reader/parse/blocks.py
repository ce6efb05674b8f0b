"""HTML to a reading-order stream of headings and blocks: the one shared builder.

Markdown is rendered to HTML first, and whole web pages are cut down to their
main content first, so every input ends up here.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction

from reader.model import (
    Code,
    Embed,
    Faq,
    Image,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Table,
)
from reader.parse.stream import Heading, Item

__all__ = [
    "MEDIA_TAGS",
    "build_stream",
    "flatten_text",
    "is_skipped",
    "microdata_faq",
    "soup_of",
]

_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "form",
        "button",
        "template",
        "svg",
        "head",
        "title",
        "meta",
        "link",
        "input",
        "select",
        "textarea",
        "nav",
        "object",
        "canvas",
        "math",
    }
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
MEDIA_TAGS = frozenset({"iframe", "video", "audio", "embed"})
"""Elements that play something on the page: each is announced as an embed."""
_BLOCK = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "ul",
        "ol",
        "blockquote",
        "table",
        "figure",
        "pre",
        "details",
        "dl",
        "hr",
        "center",
        "header",
        "footer",
        "aside",
        "img",
        "address",
        *_HEADINGS,
        *MEDIA_TAGS,
    }
)
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_LANGUAGE = re.compile(r"^(?:language|lang)-(.+)$")
_MARKS = re.compile(r"\[(?:\d{1,3}|\^[\w-]+)\]:?")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:!?)\]](?=\s|$|[\"'”’]))")
_ATTRIBUTION = re.compile(r"^\s*(?:—|–|--|―)\s*(.+)$")
_PROVIDERS = (
    (("youtube.com", "youtu.be", "youtube-nocookie.com"), "YouTube"),
    (("vimeo.com",), "Vimeo"),
    (("soundcloud.com",), "SoundCloud"),
    (("spotify.com",), "Spotify"),
    (("x.com", "twitter.com"), "X"),
    (("instagram.com",), "Instagram"),
    (("dailymotion.com",), "Dailymotion"),
    (("google.com",), "Google"),
    (("ted.com",), "TED"),
)


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def is_skipped(tag: Tag) -> bool:
    """True for elements a reader never hears: scripts, forms, hidden elements."""
    if tag.name in _SKIP:
        return True
    if tag.attrs is None:
        return False
    if tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    style = str(tag.get("style", "")).replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def flatten_text(node: Tag | NavigableString) -> str:
    """Readable text of an element: inline markup dropped, whitespace collapsed."""
    return _collapse("".join(_strings(node)))


def _collapse(text: str) -> str:
    """Whitespace collapsed; citation and footnote marks ("[2]", "[^1]") removed."""
    text = _MARKS.sub("", text)
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(text.split()))


def _strings(node: Tag | NavigableString) -> list[str]:
    if isinstance(node, NavigableString):
        return [] if isinstance(node, _NOT_TEXT) else [str(node)]
    if is_skipped(node) or node.name in ("img", *MEDIA_TAGS):
        return []
    if node.name == "br":
        return [" "]
    out: list[str] = []
    for child in node.children:
        if isinstance(child, (Tag, NavigableString)):
            out.extend(_strings(child))
    if node.name in _BLOCK or node.name in ("li", "td", "th", "dt", "dd", "tr", "summary"):
        out = [" ", *out, " "]
    return out


def build_stream(root: Tag) -> list[Item]:
    """Headings and blocks of ``root`` in reading order."""
    builder = _Builder()
    builder.walk(root)
    builder.flush()
    return builder.items


class _Builder:
    def __init__(self) -> None:
        self.items: list[Item] = []
        self._inline: list[str] = []

    def flush(self) -> None:
        text = _collapse("".join(self._inline))
        self._inline = []
        if text:
            self.items.append(Paragraph(text=text))

    def emit(self, item: Item) -> None:
        self.flush()
        self.items.append(item)

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, _NOT_TEXT):
                    self._inline.append(str(child))
            elif isinstance(child, Tag):
                self.element(child)

    def element(self, tag: Tag) -> None:  # noqa: C901 - one dispatch table
        name = tag.name
        if is_skipped(tag):
            return
        faq = microdata_faq(tag) if _is_microdata_question(tag) else None
        if faq is not None:
            self.emit(faq)
        elif name in _HEADINGS:
            anchor = tag.get("id")
            self.emit(
                Heading(
                    level=_HEADINGS[name],
                    text=flatten_text(tag),
                    anchor=str(anchor) if anchor else None,
                )
            )
        elif name == "p":
            self.flush()
            self._inline.append("".join(_strings(tag)))
            self.flush()
            self.media_within(tag)
        elif name in ("ul", "ol"):
            block = _list_of(tag)
            if block.items:
                self.emit(block)
        elif name == "blockquote":
            quote = _quote_of(tag)
            if quote.paragraphs:
                self.emit(quote)
        elif name == "table":
            self.emit(_table_of(tag))
        elif name == "figure":
            self.figure(tag)
        elif name == "img":
            alt = _collapse(str(tag.get("alt", "")))
            if alt:
                self.emit(Image(alt=alt))
        elif name in MEDIA_TAGS:
            self.emit(_embed_of(tag))
        elif name == "pre":
            self.emit(_code_of(tag))
        elif name == "details":
            self.details(tag)
        elif name == "hr":
            self.flush()
        elif name == "dl":
            self.definitions(tag)
        elif name in _BLOCK or _has_block(tag):
            self.flush()
            self.walk(tag)
            self.flush()
        else:
            self._inline.append("".join(_strings(tag)) if name != "br" else " ")

    def media_within(self, tag: Tag) -> None:
        for found in tag.find_all(["img", *MEDIA_TAGS]):
            if isinstance(found, Tag) and not any(
                is_skipped(p) for p in [found, *found.parents] if isinstance(p, Tag)
            ):
                self.element(found)

    def figure(self, tag: Tag) -> None:
        caption_tag = tag.find("figcaption")
        caption = flatten_text(caption_tag) if isinstance(caption_tag, Tag) else ""
        img = tag.find("img")
        if isinstance(img, Tag) and not tag.find(["table", "pre", "blockquote"]):
            alt = _collapse(str(img.get("alt", "")))
            if alt or caption:
                self.emit(Image(alt=alt, caption=caption or None))
            return
        quote = tag.find("blockquote")
        if isinstance(quote, Tag):
            block = _quote_of(quote)
            self.emit(Quote(paragraphs=block.paragraphs, attribution=caption or block.attribution))
            return
        if isinstance(caption_tag, Tag):
            caption_tag.extract()
        self.flush()
        self.walk(tag)
        self.flush()

    def details(self, tag: Tag) -> None:
        summary = tag.find("summary")
        question = flatten_text(summary) if isinstance(summary, Tag) else ""
        if isinstance(summary, Tag):
            summary.extract()
        inner = build_stream(tag)
        answer = "\n".join(_text_of(b) for b in inner if not isinstance(b, Heading) and _text_of(b))
        if question:
            self.emit(Faq(question=question, answer=answer))
        for item in inner:
            if isinstance(item, (Image, Embed, Table, Code)):
                self.emit(item)

    def definitions(self, tag: Tag) -> None:
        for child in tag.find_all(["dt", "dd"]):
            if isinstance(child, Tag):
                text = flatten_text(child)
                if text:
                    self.emit(Paragraph(text=text))


def _text_of(block: Item) -> str:
    if isinstance(block, (Paragraph, ListBlock, Quote)):
        return block.text
    return ""


def _has_block(tag: Tag) -> bool:
    return tag.find(list(_BLOCK)) is not None


def microdata_faq(tag: Tag) -> Faq | None:
    """The question and answer of a schema.org ``Question`` in microdata, or None
    when either is missing. The answer is its ``text`` property, else all of it."""
    name = tag.find(itemprop="name")
    answer = tag.find(itemprop="acceptedAnswer")
    question = flatten_text(name) if isinstance(name, Tag) else ""
    if not isinstance(answer, Tag):
        return None
    text_tag = answer.find(itemprop="text")
    text = flatten_text(text_tag if isinstance(text_tag, Tag) else answer)
    return Faq(question=question, answer=text) if question and text else None


def _is_microdata_question(tag: Tag) -> bool:
    return str(tag.get("itemtype", "")).rstrip("/").endswith("schema.org/Question")


def _list_of(tag: Tag) -> ListBlock:
    items: list[ListItem] = []
    for li in tag.find_all("li", recursive=False):
        if not isinstance(li, Tag) or is_skipped(li):
            continue
        nested = [c for c in li.find_all(["ul", "ol"]) if isinstance(c, Tag)]
        nested_top = [c for c in nested if not any(p in nested for p in c.parents)]
        for child in nested_top:
            child.extract()
        children = tuple(b for b in (_list_of(c) for c in nested_top) if b.items)
        items.append(ListItem(text=flatten_text(li), children=children))
    start = str(tag.get("start", "1"))
    return ListBlock(
        ordered=tag.name == "ol", items=tuple(items), start=int(start) if start.isdigit() else 1
    )


def _quote_of(tag: Tag) -> Quote:
    attribution = None
    cite = tag.find(["cite", "footer", "figcaption"])
    if isinstance(cite, Tag):
        attribution = flatten_text(cite) or None
        cite.extract()
    paragraphs = [flatten_text(p) for p in tag.find_all("p") if isinstance(p, Tag)]
    if not paragraphs:
        paragraphs = [flatten_text(tag)]
    paragraphs = [p.rstrip(" —–-―").strip() for p in paragraphs]
    paragraphs = [p for p in paragraphs if p]
    if attribution is None and len(paragraphs) > 1:
        found = _ATTRIBUTION.match(paragraphs[-1])
        if found:
            attribution = found.group(1)
            paragraphs.pop()
    return Quote(paragraphs=tuple(paragraphs), attribution=attribution)


def _table_of(tag: Tag) -> Table:
    caption_tag = tag.find("caption")
    caption = flatten_text(caption_tag) if isinstance(caption_tag, Tag) else None
    header: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = []
    for tr in tag.find_all("tr"):
        if not isinstance(tr, Tag) or tr.find_parent("table") is not tag:
            continue
        cells = [c for c in tr.find_all(["th", "td"], recursive=False) if isinstance(c, Tag)]
        texts = tuple(flatten_text(c) for c in cells)
        in_head = tr.find_parent("thead") is not None
        if not header and not rows and (in_head or all(c.name == "th" for c in cells)):
            header = texts
        elif any(texts):
            rows.append(texts)
    return Table(header=header, rows=tuple(rows), caption=caption or None)


def _embed_of(tag: Tag) -> Embed:
    src = str(tag.get("src") or tag.get("data-src") or "")
    if not src:
        source = tag.find("source")
        if isinstance(source, Tag):
            src = str(source.get("src", ""))
    kind: Literal["video", "audio", "iframe"] = (
        "video" if tag.name == "video" else "audio" if tag.name == "audio" else "iframe"
    )
    provider = _provider(src)
    if kind == "iframe" and provider in ("YouTube", "Vimeo"):
        kind = "video"
    title = _collapse(str(tag.get("title") or tag.get("aria-label") or "")) or None
    return Embed(kind=kind, provider=provider, title=title, url=src or None)


def _provider(url: str) -> str | None:
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    for hosts, name in _PROVIDERS:
        if any(host == h or host.endswith("." + h) for h in hosts):
            return name
    return None


def _code_of(tag: Tag) -> Code:
    language = None
    for node in (tag, tag.find("code")):
        if isinstance(node, Tag):
            for cls in node.get_attribute_list("class") or []:
                found = _LANGUAGE.match(str(cls))
                if found:
                    language = found.group(1)
            language = language or (str(node.get("data-lang")) if node.get("data-lang") else None)
    text = tag.get_text().strip("\n")
    return Code(language=language, line_count=len(text.splitlines()) if text.strip() else 0)
