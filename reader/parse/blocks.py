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
from reader.parse.links import web_url
from reader.parse.stream import Heading, Item

__all__ = [
    "MEDIA_TAGS",
    "build_stream",
    "flatten_text",
    "is_held",
    "is_skipped",
    "microdata_faq",
    "prose_of_pre",
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
_POST_CLASSES = frozenset({"twitter-tweet", "instagram-media", "tiktok-embed", "bluesky-embed"})
_LINK_TEXT = re.compile(r"(?:https?://|pic\.twitter\.com/|www\.)\S+")
_PROSE_WORD = re.compile(r"^[(\"'“‘]?[^\W\d_][\w'’.-]*[.,;:!?)\"'”’]*$")
_BOILERPLATE_ALT = re.compile(r"call[- ]to[- ]action|^(?:\S+\s+){0,3}logo$|^logo\b", re.I)
_RULE_MAX_PX = 4
"""An image this thin is drawn as a line or a spacer, not a picture."""
_DASHES = "—–―‒-−"
"""Dashes that introduce an attribution: em, en, horizontal bar, figure, hyphen, minus."""
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


def is_post(tag: Tag) -> bool:
    """True for an embedded social post (a tweet's ``blockquote.twitter-tweet``)."""
    classes = tag.get_attribute_list("class") if tag.attrs is not None else []
    return tag.name == "blockquote" and any(c in _POST_CLASSES for c in classes or [])


def is_held(tag: Tag) -> bool:
    """True for what a page extractor must keep whole: embeds, pictures with
    their captions, embedded posts."""
    if tag.name in MEDIA_TAGS or is_post(tag):
        return True
    return (
        tag.name == "figure"
        and tag.find("img") is not None
        and tag.find(["table", "pre", "blockquote"]) is None
    )


def prose_of_pre(pre: Tag) -> list[str]:
    """The paragraphs of a ``<pre>`` that holds prose (a plain-text RFC, a
    poem set in a listing), or [] when it holds code, data or a drawing."""
    if pre.find("code") is not None:
        return []
    text = pre.get_text()
    tokens = text.split()
    if len(tokens) < 40:
        return []
    prose = sum(1 for t in tokens if _PROSE_WORD.match(t))
    sentences = len(re.findall(r"[a-z][.!?][\"'”’)]?\s+[A-Z]", text))
    if prose / len(tokens) < 0.75 or sentences < 2:
        return []
    blocks = re.split(r"\n\s*\n", text)
    return [" ".join(b.split()) for b in blocks if b.strip()]


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
            for item in _lists_of(tag):
                self.emit(item)
        elif name == "blockquote":
            quote = _post_of(tag) if is_post(tag) else _quote_of(tag)
            if quote.paragraphs:
                self.emit(quote)
        elif name == "table":
            self.emit(_table_of(tag))
        elif name == "figure":
            self.figure(tag)
        elif name == "img":
            image = _image_of(tag, None)
            if image is not None:
                self.emit(image)
        elif name in MEDIA_TAGS:
            self.emit(_embed_of(tag))
        elif name == "pre":
            for item in _pre_blocks(tag):
                self.emit(item)
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
            image = _image_of(img, caption or None)
            if image is not None:
                self.emit(image)
            return
        quote = tag.find("blockquote")
        if isinstance(quote, Tag):
            block = _quote_of(quote)
            who = _who(caption) or block.attribution
            self.emit(Quote(paragraphs=block.paragraphs, attribution=who))
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


def _image_of(img: Tag, caption: str | None) -> Image | None:
    """An image with its alt text (else its title) and caption; None when it
    says nothing, or only that it is a logo, a call to action or a rule (a
    spacer or line a few pixels thin, whatever its alt text says)."""
    alt = _collapse(str(img.get("alt", "")))
    title = _collapse(str(img.get("title", "")))
    if (_BOILERPLATE_ALT.search(alt) or _is_rule(img)) and not caption:
        return None
    if not caption and title and alt and title.casefold() not in alt.casefold():
        caption = title
    alt = alt or title
    if not (alt or caption):
        return None
    return Image(alt=alt, caption=caption or None)


def _is_rule(img: Tag) -> bool:
    """Drawn at most a few pixels high or wide: a rule, a spacer or a tracking pixel."""
    for side in ("height", "width"):
        size = str(img.get(side, "")).strip().removesuffix("px")
        if size.isdigit() and int(size) <= _RULE_MAX_PX:
            return True
    return False


def _pre_blocks(tag: Tag) -> list[Item]:
    """A ``<pre>``: a code block, or paragraphs when it holds prose or one
    line of words (inline code a page set on its own)."""
    prose = prose_of_pre(tag)
    if prose:
        return [Paragraph(text=p) for p in prose]
    code = _code_of(tag)
    if code.line_count == 1 and code.language is None and tag.find("code") is None:
        text = _collapse(tag.get_text())
        return [Paragraph(text=text)] if text else []
    return [code]


def _post_of(tag: Tag) -> Quote:
    """An embedded post: its words, without links, and who wrote it."""
    paragraphs = [
        " ".join(_LINK_TEXT.sub("", flatten_text(p)).split())
        for p in tag.find_all("p")
        if isinstance(p, Tag)
    ]
    for p in tag.find_all("p"):
        p.extract()
    links = tag.find_all("a")
    if links and isinstance(links[-1], Tag):
        links[-1].extract()  # the post's date, linking to it
    byline = _LINK_TEXT.sub("", flatten_text(tag))
    found = _ATTRIBUTION.match(byline)
    attribution = (found.group(1) if found else byline).strip(" ,—–-") or None
    return Quote(paragraphs=tuple(p for p in paragraphs if p), attribution=attribution)


def _lists_of(tag: Tag) -> list[Item]:
    """A list, split after each item that holds a code block: a listener hears
    the steps so far, then the code, then the list goes on where it was."""
    out: list[Item] = []
    start = _start_of(tag)
    items: list[Tag] = []
    for li in tag.find_all("li", recursive=False):
        if not isinstance(li, Tag) or is_skipped(li):
            continue
        items.append(li)
        held = [b for pre in _listings_in(li) for b in _pre_blocks(pre.extract())]
        if any(isinstance(b, Code) for b in held):
            out.extend([_list_of(tag, items, start), *held])
            start += len(items)
            items = []
        elif held:
            li.append(" ".join(b.text for b in held if isinstance(b, Paragraph)))
    if items or not out:
        out.append(_list_of(tag, items, start))
    return [b for b in out if not isinstance(b, ListBlock) or b.items]


def _listings_in(li: Tag) -> list[Tag]:
    """The ``<pre>`` of a list item, not those of lists nested in it."""
    return [
        pre
        for pre in li.find_all("pre")
        if isinstance(pre, Tag) and pre.find_parent("li") is li and pre.find_parent("pre") is None
    ]


def _start_of(tag: Tag) -> int:
    start = str(tag.get("start", "1"))
    return int(start) if start.isdigit() else 1


def _list_of(tag: Tag, lis: list[Tag] | None = None, start: int | None = None) -> ListBlock:
    items: list[ListItem] = []
    for li in lis if lis is not None else tag.find_all("li", recursive=False):
        if not isinstance(li, Tag) or is_skipped(li):
            continue
        nested = [c for c in li.find_all(["ul", "ol"]) if isinstance(c, Tag)]
        nested_top = [c for c in nested if not any(p in nested for p in c.parents)]
        for child in nested_top:
            child.extract()
        children = tuple(b for b in (_list_of(c) for c in nested_top) if b.items)
        items.append(ListItem(text=flatten_text(li), children=children))
    return ListBlock(
        ordered=tag.name == "ol",
        items=tuple(items),
        start=start if start is not None else _start_of(tag),
    )


def _who(attribution: str) -> str | None:
    """Who is quoted, without the dash that introduces the name ("— Ada" is "Ada")."""
    return attribution.lstrip(_DASHES + " ").strip() or None


def _quote_of(tag: Tag) -> Quote:
    attribution = None
    cite = tag.find(["cite", "footer", "figcaption"])
    if isinstance(cite, Tag):
        attribution = _who(flatten_text(cite))
        cite.extract()
    parts = [p for p in tag.find_all(["p", "li"]) if isinstance(p, Tag)]
    paragraphs = [
        flatten_text(p)
        for p in parts
        if not any(isinstance(a, Tag) and a in parts for a in p.parents)
    ]
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
    url = web_url("https:" + src if src.startswith("//") else src)
    return Embed(kind=kind, provider=provider, title=title, url=url)


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
