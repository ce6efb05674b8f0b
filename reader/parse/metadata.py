"""Article metadata from front matter or from an HTML page's head.

Front matter keys follow Hugo and Jekyll (``title``, ``author``/``authors``,
``date``/``publishDate``, ``description``/``summary``, ``tags``,
``lang``/``language``, ``canonicalURL``, ``cover.image``/``image``/...).
A page's ``<meta>``, Open Graph and JSON-LD are read by trafilatura's
metadata extractor, except the title, which is read the way Mozilla
Readability reads it (JSON-LD headline, Dublin Core, Open Graph, Twitter,
then ``<title>`` without the site's name), and without a site-name suffix
when the page's h1 or another title gives the clean one. An author's label
("Autor/in:", "Written by") is not part of the name.

The language is the first of ``<html lang>``, JSON-LD ``inLanguage``,
``<meta http-equiv="content-language">`` and ``og:locale``;
``reader.parse.language`` guesses it from the words when none says.

Each source gives a ``Metadata`` of what it says: an empty title or slug, None
or () where it says nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from bs4 import BeautifulSoup, Tag

from reader.model import Metadata
from reader.text import same_words

__all__ = [
    "fields_from_front_matter",
    "fields_from_page",
    "page_title",
    "parse_date",
]

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def parse_date(value: object) -> dt.date | None:
    """A date from YAML/TOML values or ISO 8601 / RFC 3339 text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    found = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if found:
        try:
            return dt.date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            return None
    return None


def normalize_language(value: object) -> str | None:
    """``en_US`` -> ``en-US``; None for anything that is not a language tag."""
    if not isinstance(value, str):
        return None
    text = value.strip().replace("_", "-")
    if not _LANGUAGE.match(text):
        return None
    head, *rest = text.split("-")
    return "-".join([head.lower(), *(p.upper() if len(p) == 2 else p for p in rest)])


def _text(value: object) -> str | None:
    if isinstance(value, str):
        text = " ".join(value.split())
        return text or None
    return None


def _names(value: object) -> str | None:
    """One author, or several joined the way they are spoken."""
    if isinstance(value, Mapping):
        return _text(value.get("name")) or _text(value.get("display_name"))
    if isinstance(value, (list, tuple)):
        names = [n for n in (_names(v) for v in value) if n]
        if not names:
            return None
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return _text(value)


def _tags(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)):
        return ()
    tags = (_text(v) if not isinstance(v, int) else str(v) for v in value)
    return tuple(dict.fromkeys(t for t in tags if t))


def _lookup(data: Mapping[str, Any], *keys: str) -> object:
    lowered = {k.lower(): v for k, v in data.items()}
    for key in keys:
        head, _, rest = key.partition(".")
        value = lowered.get(head.lower())
        if rest:
            value = _lookup(value, rest) if isinstance(value, Mapping) else None
        if value not in (None, "", [], {}):
            return value
    return None


def fields_from_front_matter(data: Mapping[str, Any]) -> Metadata:
    params = data.get("params") if isinstance(data.get("params"), Mapping) else {}
    merged: dict[str, Any] = {**(params or {}), **data}
    images = _lookup(merged, "cover.image", "image", "images", "featured_image", "thumbnail")
    if isinstance(images, (list, tuple)):
        images = images[0] if images else None
    slug = _text(_lookup(merged, "slug"))
    return Metadata(
        title=_text(_lookup(merged, "title", "headline")) or "",
        author=_names(_lookup(merged, "author", "authors", "creator")),
        date=parse_date(_lookup(merged, "date", "publishDate", "published", "pubDate")),
        description=_text(_lookup(merged, "description", "summary", "excerpt", "subtitle")),
        tags=_tags(_lookup(merged, "tags", "keywords")),
        language=normalize_language(_lookup(merged, "lang", "language", "languageCode", "locale")),
        canonical_url=_text(_lookup(merged, "canonicalURL", "canonical_url", "canonical")),
        cover_image=_text(images) if not isinstance(images, Mapping) else None,
        slug=slug or "",
    )


def fields_from_page(soup: BeautifulSoup, html: str, *, url: str | None) -> Metadata:
    """What a whole page's head says about its article."""
    from trafilatura.metadata import extract_metadata

    found = extract_metadata(html, default_url=url)
    language = _html_language(soup)
    for item in json_ld_items(soup):
        language = language or normalize_language(item.get("inLanguage"))
    metas = _meta_values(soup)
    language = language or normalize_language(metas.get("content-language", "").split(",")[0])
    language = language or normalize_language(metas.get("og:locale"))
    title = page_title(soup) or (_text(found.title) if found is not None else None)
    author = _without_label(_text(found.author) if found is not None else None)
    if author and ";" in author:
        author = _names([a for a in (_without_label(a) for a in author.split(";")) if a])
    return Metadata(
        title=title or "",
        slug="",
        author=author,
        date=parse_date(found.date) if found is not None else None,
        description=_text(found.description) if found is not None else None,
        tags=_tags([t for tag in found.tags or () for t in tag.split(",")]) if found else (),
        language=language,
        canonical_url=_text(found.url) if found is not None else None,
        cover_image=_text(found.image) if found is not None else None,
    )


_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
_TITLE_KEYS = (
    "dc:title",
    "dcterm:title",
    "og:title",
    "weibo:article:title",
    "weibo:webpage:title",
    "title",
    "twitter:title",
    "parsely-title",
)
_SEPARATOR = re.compile(r" [|\-–—\\/>»·] ")
_SITE_SEPARATOR = re.compile(r" [|\-–—\\/>»·:] | :: |_")
_HIERARCHICAL = re.compile(r" [\\/>»] ")
_ARTICLE_TYPES = re.compile(r"Article|Posting|Report|Blog|WebPage|NewsArticle", re.IGNORECASE)


def page_title(soup: BeautifulSoup) -> str | None:
    """The article's title as its page states it, without the site's name."""
    metas = _meta_values(soup)
    element = soup.find("title")
    from_element = (
        _title_element(_text(element.get_text()) or "", soup) if isinstance(element, Tag) else ""
    )
    headline = next(
        (
            _json_ld_title(item, from_element)
            for item in json_ld_items(soup)
            if _ARTICLE_TYPES.search(str(item.get("@type", ""))) and _json_ld_title(item, "")
        ),
        None,
    )
    stated = [headline, *(metas.get(key) for key in _TITLE_KEYS)]
    title = next((t for t in stated if t), None) or from_element
    if not title:
        return None
    clean = [t for t in (*stated, *_h1_texts(soup)) if t]
    return _without_site_name(title, clean)


def _json_ld_title(item: Mapping[str, Any], page: str) -> str | None:
    """JSON-LD's ``name``, or its ``headline`` when that is the one like the page's title."""
    name, headline = _text(item.get("name")), _text(item.get("headline"))
    if headline and page and _similar(headline, page) and not (name and _similar(name, page)):
        return headline
    return name or headline


def _similar(a: str, b: str) -> bool:
    """True when most of ``b``'s words are in ``a``."""
    first = set(re.findall(r"\w+", a.lower()))
    others = [w for w in re.findall(r"\w+", b.lower())]
    missing = sum(len(w) for w in others if w not in first)
    return bool(others) and missing / sum(len(w) for w in others) < 0.25


def _meta_values(soup: BeautifulSoup) -> dict[str, str]:
    """``<meta>`` content by each of its lowercased names and properties."""
    values: dict[str, str] = {}
    for meta in soup.find_all("meta"):
        if not isinstance(meta, Tag):
            continue
        content = _text(str(meta.get("content", "")))
        said = (meta.get(a) for a in ("name", "property", "http-equiv"))
        for key in " ".join(str(k) for k in said if k).lower().split():
            if content and key not in values:
                values[key] = content
    return values


def _h1_texts(soup: BeautifulSoup) -> list[str]:
    return [t for t in (_text(h.get_text(" ")) for h in soup.find_all("h1")) if t]


def _words(text: str) -> int:
    return len(text.split())


def _title_element(title: str, soup: BeautifulSoup) -> str:
    """``<title>`` without the site's name after (or before) a separator."""
    found = list(_SEPARATOR.finditer(title))
    hierarchical = _HIERARCHICAL.search(title) is not None
    if found:
        cut = title[: found[-1].start()]
        if _words(cut) < 3:
            cut = title[found[0].end() :]
    else:
        h1s = _h1_texts(soup)
        cut = h1s[0] if (len(title) > 150 or len(title) < 15) and len(h1s) == 1 else title
    cut = " ".join(cut.split())
    whole = _words(_SEPARATOR.sub(" ", title))
    if _words(cut) <= 4 and (not hierarchical or _words(cut) != whole - 1):
        return title
    return cut


def _without_site_name(title: str, clean: list[str]) -> str:
    """``title`` cut before a separator when another title (an h1, og:title)
    is just the part before it."""
    for separator in reversed(list(_SITE_SEPARATOR.finditer(title))):
        head = title[: separator.start()].strip()
        if head and any(same_words(head, c) for c in clean):
            return head
    return title


_AUTHOR_LABEL = re.compile(
    r"^(?:(?:authors?|autor\s*[/;]\s*in|autor(?:in|en|innen)?|auteur(?:e|s)?|autore|"
    r"verfasser(?:in)?|written by|posted by|view all posts by|by|von|por|par|door)"
    r"(?:\s*[:;,|]\s*|\s+))+",
    re.IGNORECASE,
)


def _without_label(author: str | None) -> str | None:
    """An author's name without the label before it: "Autor/in: Jo" -> "Jo"."""
    if author is None:
        return None
    return _AUTHOR_LABEL.sub("", author).strip() or None


def _html_language(soup: BeautifulSoup) -> str | None:
    html = soup.find("html")
    if isinstance(html, Tag):
        return normalize_language(html.get("lang") or html.get("xml:lang"))
    return None


def json_ld_items(soup: BeautifulSoup) -> Iterator[Mapping[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` members included."""
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(_CDATA.sub("", script.get_text()) or "null")
        except ValueError:
            continue
        yield from _objects(data)


def _objects(data: object) -> Iterator[Mapping[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, Mapping):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _objects(graph)
