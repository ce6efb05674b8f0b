"""Whole web pages: the article's main content, found by trafilatura.

Navigation, headers, footers, sidebars, comment threads, cookie banners and
ads are left out by trafilatura's extractor; before it runs, what a reader
never hears (scripts, hidden elements, forms) and what only serves the page
(a table of contents, "[edit]" links) is removed, so it cannot leak into
headings.

Two things trafilatura drops are kept: embeds, which go in as placeholder
paragraphs and come back out as themselves (a listener still hears that the
article shows a video there), and short table cells that look like share
buttons ("Twitter", "Print"), which go in behind a marker that comes off
after, since in a table they are data.

Structured FAQ data (schema.org FAQPage as JSON-LD or microdata) is read from
the whole page, for use when the visible text shows none.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import Any

from bs4 import BeautifulSoup, Tag

from reader.model import Faq
from reader.parse.blocks import MEDIA_TAGS, flatten_text, is_skipped, microdata_faq, soup_of
from reader.parse.metadata import json_ld_items

__all__ = ["extract_main_content", "is_whole_page", "structured_faqs"]

_WHOLE_PAGE = re.compile(r"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
_PAGE_CHROME = (
    ".mw-editsection, #toc, .toc, .toctitle, [role=navigation], .skip-link, .screen-reader-text,"
    " .sr-only, .visually-hidden, .cookie-banner, #cookie-banner, .cookie-notice,"
    # Wikipedia's series boxes, maintenance and disambiguation notes, and the "^ a b"
    # marks that lead from a reference back to where it is cited.
    " .navbox, .vertical-navbox, .sidebar, .ambox, .hatnote, .mw-cite-backlink"
)
_TAGS = re.compile(r"<[^>]+>")
_SHORT_CELL = 40


def is_whole_page(html: str) -> bool:
    return bool(_WHOLE_PAGE.search(html[:4096]))


def extract_main_content(soup: BeautifulSoup, *, url: str | None) -> Tag | None:
    """The main content of a whole page as parsed HTML, or None when none is found."""
    import trafilatura

    cleaned = _without_chrome(soup)
    marker = f"embed{secrets.token_hex(6)}n"  # no page holds this text by chance
    embeds = _hold_embeds(cleaned, marker)
    cell_marker = f"cell{secrets.token_hex(6)}x"
    _mark_short_cells(cleaned, cell_marker)
    html = trafilatura.extract(
        str(cleaned),
        url=url,
        output_format="html",
        include_comments=False,
        include_tables=True,
        include_images=True,
        include_formatting=True,
        include_links=False,
        deduplicate=False,
    )
    if not html or not _TAGS.sub("", html).strip():
        return None
    extracted = soup_of(html.replace(cell_marker, ""))
    _restore_embeds(extracted, embeds, marker)
    return extracted.body or extracted


def _mark_short_cells(soup: BeautifulSoup, marker: str) -> None:
    """Put ``marker`` before the text of each short table cell."""
    for cell in (soup.body or soup).find_all(["td", "th"]):
        if isinstance(cell, Tag) and len(cell.get_text(strip=True)) <= _SHORT_CELL:
            first = next((t for t in cell.find_all(string=True) if t.strip()), None)
            if first is not None:
                first.replace_with(marker + str(first))


def _hold_embeds(soup: BeautifulSoup, marker: str) -> list[Tag]:
    """Swap each embed in ``soup`` for a placeholder paragraph; return the embeds."""
    embeds: list[Tag] = []
    body = soup.body or soup
    for tag in body.find_all(MEDIA_TAGS):
        if isinstance(tag, Tag) and not tag.decomposed and tag.find_parent(MEDIA_TAGS) is None:
            placeholder = soup.new_tag("p")
            placeholder.string = f"{marker}{len(embeds)}"
            embeds.append(tag.replace_with(placeholder))
    return embeds


def _restore_embeds(soup: BeautifulSoup, embeds: list[Tag], marker: str) -> None:
    """Put back each embed whose placeholder survived extraction, where it stands."""
    placeholder = re.compile(rf"{marker}(\d+)")
    for text in soup.find_all(string=placeholder):
        parts = placeholder.split(str(text))  # text, number, text, number, ...
        pieces = [_embed_at(embeds, part) if i % 2 else part for i, part in enumerate(parts)]
        text.replace_with(*(piece for piece in pieces if piece))


def _embed_at(embeds: list[Tag], number: str) -> Tag | str:
    index = int(number)
    return embeds[index] if index < len(embeds) else ""


def _without_chrome(soup: BeautifulSoup) -> BeautifulSoup:
    copy = soup_of(str(soup))
    for tag in copy.select(_PAGE_CHROME):
        tag.decompose()
    for tag in copy.find_all(True):
        if isinstance(tag, Tag) and not tag.decomposed and tag.name != "head":
            if tag.find_parent("head") is None and is_skipped(tag):
                tag.decompose()
    return copy


def structured_faqs(soup: BeautifulSoup) -> tuple[Faq, ...]:
    """FAQ pairs the page declares as schema.org FAQPage (JSON-LD, then microdata)."""
    pairs: list[Faq] = []
    for item in json_ld_items(soup):
        if _is_type(item, "FAQPage"):
            entities = item.get("mainEntity") or []
            for entity in entities if isinstance(entities, list) else [entities]:
                faq = _json_ld_question(entity)
                if faq is not None:
                    pairs.append(faq)
    if not pairs:
        for tag in soup.find_all(itemtype=re.compile(r"schema\.org/Question/?$")):
            if isinstance(tag, Tag):
                faq = microdata_faq(tag)
                if faq is not None:
                    pairs.append(faq)
    return tuple(pairs)


def _is_type(item: Mapping[str, Any], name: str) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1] == name for k in kinds)


def _plain(text: object) -> str:
    if not isinstance(text, str):
        return ""
    return flatten_text(soup_of(f"<div>{text}</div>").div or soup_of(""))


def _json_ld_question(entity: object) -> Faq | None:
    if not isinstance(entity, Mapping) or not _is_type(entity, "Question"):
        return None
    answer = entity.get("acceptedAnswer") or entity.get("suggestedAnswer")
    if isinstance(answer, list):
        answer = answer[0] if answer else None
    question = _plain(entity.get("name"))
    text = _plain(answer.get("text")) if isinstance(answer, Mapping) else ""
    return Faq(question=question, answer=text) if question and text else None
