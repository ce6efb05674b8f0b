"""Article text to a ``Document``: pure, no disk or network.

    Markdown --front matter--> shortcodes --CommonMark--> HTML --+
    HTML fragment ---------------------------------------------+--> stream --> sections
    whole HTML page --trafilatura (main content)---------------+

The caller reads the bytes (``reader.sources``) and decodes them
(``decode_article``); ``parse_article`` takes text.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import PurePath
from typing import Literal
from urllib.parse import urlsplit

from bs4 import Tag

from reader.errors import InputError
from reader.model import Document, Faq, Metadata, Section
from reader.parse.blocks import build_stream, soup_of
from reader.parse.clean import xml_safe_tree
from reader.parse.decode import DEFAULT_MAX_BYTES, decode_article
from reader.parse.formulas import keep_formulas
from reader.parse.frontmatter import split_front_matter
from reader.parse.language import detect_language
from reader.parse.markdown import render_markdown
from reader.parse.metadata import fields_from_front_matter, fields_from_page
from reader.parse.outline import build_sections
from reader.parse.page import extract_main_content, is_whole_page, structured_faqs
from reader.parse.shortcodes import render_shortcodes
from reader.parse.slug import slugify
from reader.parse.stream import Heading, Item
from reader.text import same_words, xml_safe

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Format",
    "decode_article",
    "detect_format",
    "format_from_name",
    "parse_article",
    "slugify",
]

Format = Literal["markdown", "html"]

_HTML_START = re.compile(
    r"^\s*(?:<!doctype\s+html|<html|<head|<body|<article|<main|<section|<div|<p[\s>]|<h[1-6])",
    re.IGNORECASE,
)
_SUFFIX_FORMATS: dict[str, Format] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
_MARKUP = re.compile(r"<math\b.*?</math>|<[^>]+>", re.DOTALL)  # formulas the text keeps
_AUTHOR_PREFIX = re.compile(r"^(?:view all posts by|posted by|written by|by)\s+", re.IGNORECASE)


def format_from_name(name: str) -> Format | None:
    """``markdown`` or ``html`` when the extension of a file name or URL path says which."""
    path = urlsplit(name).path if "://" in name else name
    return _SUFFIX_FORMATS.get(PurePath(path).suffix.lower())


def detect_format(text: str, *, source: str = "") -> Format:
    """``markdown`` or ``html``: from the name's extension, else from the content."""
    named = format_from_name(source)
    if named is not None:
        return named
    if text.lstrip().startswith(("---", "+++")):
        return "markdown"
    return "html" if _HTML_START.match(text) else "markdown"


def parse_article(
    text: str, *, source: str, format: Format | None = None, url: str | None = None
) -> Document:
    """Parse an article; ``source`` names it in errors and gives the fallback title.

    Raises ``InputError`` (or ``FrontMatterError``) when there is nothing to read.
    No character that XML cannot hold (``reader.text.XML_UNSAFE``) is in the result,
    however the input wrote it.
    """
    text = xml_safe(text)
    fmt = format or detect_format(text, source=source)
    front, body = split_front_matter(text, source=source)
    fields = fields_from_front_matter(xml_safe_tree(front))  # YAML and TOML escapes
    structured: tuple[Faq, ...] = ()
    if fmt == "markdown":
        soup = soup_of(render_markdown(render_shortcodes(body)))
        keep_formulas(soup)
        items = build_stream(soup.body or soup)
    else:
        soup = soup_of(body)
        if is_whole_page(body):
            fields = _prefer(fields, fields_from_page(soup, body, url=url or _url_of(source)))
            keep_formulas(soup)
            structured = structured_faqs(soup)
            main = extract_main_content(soup, url=url)
            if main is None:
                main = soup.find("article") or soup.find("main")
            items = build_stream(main) if isinstance(main, Tag) else []
        else:
            keep_formulas(soup)
            items = build_stream(soup.body or soup)
    fields, items = xml_safe_tree(fields), xml_safe_tree(items)  # character references
    title, items = _title_of(fields, items, source)
    sections = build_sections(items)
    blocks = [b for top in sections for s in top.walk() for b in s.blocks]
    if structured and not any(isinstance(b, Faq) for b in blocks):
        sections = (
            *sections,
            Section(
                heading="Frequently Asked Questions",
                level=2,
                anchor="frequently-asked-questions",
                blocks=structured,
            ),
        )
    if not blocks:
        raise InputError(
            source, "no readable text: the article has no paragraphs, lists or other content"
        )
    author = _AUTHOR_PREFIX.sub("", fields.author) if fields.author else None
    metadata = dataclasses.replace(
        fields,
        title=title,
        slug=slugify(fields.slug) or slugify(title) or slugify(_stem(source)) or "article",
        author=author or None,
        language=fields.language or detect_language(_words_of(items)),
        canonical_url=fields.canonical_url or (url if url else _url_of(source)),
    )
    return xml_safe_tree(Document(metadata=metadata, sections=sections))


def _prefer(first: Metadata, second: Metadata) -> Metadata:
    """``first``'s values, with ``second`` filling what ``first`` leaves out."""
    names = (f.name for f in dataclasses.fields(Metadata))
    return Metadata(**{n: getattr(first, n) or getattr(second, n) for n in names})


def _title_of(fields: Metadata, items: list[Item], source: str) -> tuple[str, list[Item]]:
    """The title, and the items without a leading h1 that only repeats it."""
    first = next((i for i in items if isinstance(i, Heading) and i.text), None)
    title = fields.title or (first.text if first is not None else None)
    if title is None:
        title = _stem(source).replace("-", " ").replace("_", " ").strip() or "Untitled article"
        title = title[:1].upper() + title[1:]
    if first is not None and first.level == 1 and same_words(first.text, title):
        before = items[: items.index(first)]
        if not any(isinstance(i, Heading) for i in before):
            items = [i for i in items if i is not first]
    return title, items


def _words_of(items: list[Item]) -> str:
    """The text of the headings and prose blocks, for telling their language."""
    texts = (getattr(i, "text", None) for i in items)
    return _MARKUP.sub(" ", "\n".join(t for t in texts if isinstance(t, str)))


def _stem(source: str) -> str:
    name = source.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
    return PurePath(name).stem if not name.startswith("<") else ""


def _url_of(source: str) -> str | None:
    return source if source.startswith(("http://", "https://")) else None
