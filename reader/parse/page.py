"""Whole web pages: the article's main content, found by trafilatura.

Navigation, headers, footers, sidebars, comment threads, cookie banners and
ads are left out by trafilatura's extractor; before it runs, what a reader
never hears (scripts, hidden elements, forms) and what only serves the page
(a table of contents, "[edit]" links) is removed, so it cannot leak into
headings.

Some things trafilatura drops or flattens are kept. Embeds, figures and
embedded posts go in as placeholder paragraphs and come back out as
themselves (a listener still hears that the article shows a video there, the
caption of a picture, who wrote a quoted post). Code listings go in behind a
marker and come back whole, with their language. Short table cells that look
like share buttons ("Twitter", "Print") go in behind a marker that comes off
after, since in a table they are data.

Before it runs, the page is put the way a reader sees it: inline code is
plain text in its sentence, an anchor without href (``<a name>``) is not a
link, a lazy-loaded image gets its real address (``data-src``, a
``<noscript>`` fallback), and a ``<pre>`` of prose (an RFC) is paragraphs.

Structured FAQ data (schema.org FAQPage as JSON-LD or microdata) is read from
the whole page, for use when the visible text shows none.
"""

from __future__ import annotations

import copy
import re
import secrets
from collections.abc import Mapping
from typing import Any

from bs4 import BeautifulSoup, Tag

from reader.model import Faq
from reader.parse.blocks import (
    flatten_text,
    is_held,
    is_skipped,
    microdata_faq,
    prose_of_pre,
    soup_of,
)
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
    listing_marker = f"pre{secrets.token_hex(6)}n"
    listings = _mark_listings(cleaned, listing_marker)
    repeat_marker = f"again{secrets.token_hex(6)}n"
    _mark_repeats(cleaned, repeat_marker)
    html = trafilatura.extract(
        str(cleaned),
        url=url,
        output_format="html",
        include_comments=False,
        include_tables=True,
        include_images=False,  # images are held, so those of the page's chrome stay out
        include_formatting=True,
        include_links=False,
        deduplicate=False,
    )
    if not html or not _TAGS.sub("", html).strip():
        return None
    html = re.sub(rf" ?{repeat_marker}\d+", "", html.replace(cell_marker, ""))
    extracted = soup_of(html)
    _restore_embeds(extracted, embeds, marker)
    _restore_listings(extracted, listings, listing_marker)
    for tag in extracted.find_all("p"):
        if isinstance(tag, Tag) and is_boilerplate(flatten_text(tag)):
            tag.decompose()
    return extracted.body or extracted


_BOILERPLATE = re.compile(
    r"^(?:©|\(c\)\s*\d{4}|copyright\b|our standards:|citation:.*https?://)"
    r"|\ball rights reserved\b",
    re.IGNORECASE,
)
_DATE_WORD = re.compile(
    r"^(?:\d{1,4}(?:[.:/-]\d{1,4})*(?:st|nd|rd|th|h)?|[ap]\.?m\.?|utc|gmt|[a-z]{2,4}t|uhr|"
    r"published|updated|posted|modified|last|stand|on|at|am|um|le|el|de|der|den|"
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|"
    r"sun(?:day)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"januar|februar|märz|mai|juni|juli|oktober|dezember)$",
    re.IGNORECASE,
)


def is_boilerplate(text: str) -> bool:
    """True for a line that serves the site, not the article: a copyright or
    trust-principles line, a "Citation: ... https://..." line, a bare dateline."""
    words = text.split()
    if not words or len(words) > 40:
        return False
    if _BOILERPLATE.search(text):
        return True
    bare = [w.strip(",.;:|()[]–—-·") for w in words]
    return (
        len(words) <= 10
        and any(c.isdigit() for c in text)
        and all(not w or _DATE_WORD.match(w) for w in bare)
    )


def _mark_repeats(soup: BeautifulSoup, marker: str) -> None:
    """End each paragraph that repeats an earlier one with a numbered ``marker``:
    trafilatura keeps one of identical paragraphs, and an article that says a
    thing twice (a refrain, a repeated call) says it twice."""
    seen: set[str] = set()
    for number, tag in enumerate((soup.body or soup).find_all(["p", "li", "blockquote", "div"])):
        if not isinstance(tag, Tag) or (tag.name == "div" and _has_blocks(tag)):
            continue
        text = " ".join(tag.get_text(" ").split())
        if len(text) < 20:
            continue
        if text in seen:
            tag.append(f" {marker}{number}")
        seen.add(text)


def _has_blocks(tag: Tag) -> bool:
    return tag.find(["p", "div", "ul", "ol", "table", "blockquote", "section", "pre"]) is not None


def _mark_listings(soup: BeautifulSoup, marker: str) -> list[Tag]:
    """Put a numbered ``marker`` at the start of each ``<pre>``; return copies of them."""
    listings: list[Tag] = []
    for pre in (soup.body or soup).find_all("pre"):
        if isinstance(pre, Tag) and pre.find_parent("pre") is None:
            listings.append(copy.copy(pre))
            pre.insert(0, f"{marker}{len(listings) - 1} ")
    return listings


def _restore_listings(soup: BeautifulSoup, listings: list[Tag], marker: str) -> None:
    """Put each marked listing back whole where trafilatura left its text: the
    marker's own ``<pre>`` or ``<blockquote>``, or the one right after it."""
    found = re.compile(rf"{marker}(\d+) ?")
    for text in soup.find_all(string=found):
        parent = text.parent
        numbers = [int(n) for n in found.findall(str(text)) if int(n) < len(listings)]
        if not isinstance(parent, Tag) or not numbers:
            continue
        originals = [copy.copy(listings[n]) for n in numbers]
        size = sum(len(o.get_text()) for o in originals)
        after = text.find_next_sibling(True)
        if parent.name in ("pre", "blockquote") and len(parent.get_text()) <= 1.2 * size + 40:
            parent.replace_with(*originals)
        elif isinstance(after, Tag) and after.name in ("pre", "blockquote"):
            after.replace_with(*originals)
            text.extract()
        else:  # its text went into a paragraph: there it stays
            text.replace_with(found.sub("", str(text)))


def _mark_short_cells(soup: BeautifulSoup, marker: str) -> None:
    """Put ``marker`` before the text of each short table cell."""
    for cell in (soup.body or soup).find_all(["td", "th"]):
        if isinstance(cell, Tag) and len(cell.get_text(strip=True)) <= _SHORT_CELL:
            first = next((t for t in cell.find_all(string=True) if t.strip()), None)
            if first is not None:
                first.replace_with(marker + str(first))


def _hold_embeds(soup: BeautifulSoup, marker: str) -> list[Tag]:
    """Swap each embed, figure and embedded post in ``soup`` for a placeholder
    paragraph, and each image for a placeholder word; return them."""
    embeds: list[Tag] = []
    body = soup.body or soup
    for tag in body.find_all(_is_held_or_image):
        if isinstance(tag, Tag) and not tag.decomposed and tag.find_parent(is_held) is None:
            inline = tag.name == "img" and _among_words(tag)
            placeholder = soup.new_tag("span" if inline else "p")
            placeholder.string = f" {marker}{len(embeds)} " if inline else f"{marker}{len(embeds)}"
            embeds.append(tag.replace_with(placeholder))
    return embeds


def _among_words(img: Tag) -> bool:
    """True when an image stands among words (in a sentence, beside a teaser's
    headline), not in a block of its own."""
    block = img.find_parent(lambda t: t.name not in _INLINE)
    return isinstance(block, Tag) and bool(block.get_text(strip=True))


_INLINE = frozenset({"a", "span", "picture", "em", "strong", "b", "i", "small", "noscript"})


def _is_held_or_image(tag: Tag) -> bool:
    return tag.name == "img" or is_held(tag)


def _restore_embeds(soup: BeautifulSoup, embeds: list[Tag], marker: str) -> None:
    """Put back each embed whose placeholder survived extraction, where it stands."""
    placeholder = re.compile(rf"{marker}(\d+)")
    for text in soup.find_all(string=placeholder):
        parts = placeholder.split(str(text))  # text, number, text, number, ...
        pieces = [_embed_at(embeds, part) if i % 2 else part for i, part in enumerate(parts)]
        pieces = [
            piece for piece in pieces if piece and (not isinstance(piece, str) or piece.strip())
        ]
        parent = text.parent
        alone = isinstance(parent, Tag) and parent.name == "p" and len(parent.contents) == 1
        if isinstance(parent, Tag) and alone and all(isinstance(p, Tag) for p in pieces):
            parent.replace_with(*pieces)  # a figure or a post is no paragraph's part
        else:
            text.replace_with(*pieces)


def _embed_at(embeds: list[Tag], number: str) -> Tag | str:
    index = int(number)
    return embeds[index] if index < len(embeds) else ""


def _without_chrome(soup: BeautifulSoup) -> BeautifulSoup:
    page = soup_of(str(soup))
    for tag in page.select(_PAGE_CHROME):
        tag.decompose()
    body = page.body or page
    _load_lazy_images(body)
    for tag in body.find_all(True):
        if isinstance(tag, Tag) and not tag.decomposed and is_skipped(tag):
            tag.decompose()
    for tag in body.find_all(["code", "kbd", "samp", "tt", "a"]):
        if isinstance(tag, Tag) and not tag.decomposed:
            if tag.name == "a" and not tag.has_attr("href"):
                tag.unwrap()  # an anchor without href is not a link
            elif tag.name != "a" and tag.find_parent("pre") is None:
                tag.unwrap()  # inline code is words of its sentence
    for pre in body.find_all("pre"):
        if isinstance(pre, Tag) and not pre.decomposed:
            paragraphs = prose_of_pre(pre)
            if paragraphs:
                pre.replace_with(*(_paragraph(page, text) for text in paragraphs))
    return page


def _paragraph(soup: BeautifulSoup, text: str) -> Tag:
    p = soup.new_tag("p")
    p.string = text
    return p


_LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src", "data-url", "data-hi-res-src")
_PLACEHOLDER_SRC = re.compile(r"^(?:$|data:|about:)|(?:blank|spacer|placeholder|pixel|lazy)", re.I)


def _load_lazy_images(body: Tag) -> None:
    """Give lazy-loaded images their real address; swap in ``<noscript>`` fallbacks."""
    for img in body.find_all("img"):
        if isinstance(img, Tag) and _PLACEHOLDER_SRC.search(str(img.get("src", ""))):
            real = next((str(img[a]) for a in _LAZY_SOURCES if img.get(a)), None)
            srcset = str(img.get("data-srcset") or img.get("srcset") or "")
            real = real or (srcset.split(",")[0].split()[0] if srcset.strip() else None)
            if real:
                img["src"] = real
    for noscript in body.find_all("noscript"):
        if not isinstance(noscript, Tag) or noscript.decomposed:
            continue
        inner = noscript.find_all("img")
        if not inner or noscript.get_text(strip=True):
            continue
        before = noscript.find_previous_sibling(True)
        if isinstance(before, Tag) and before.name == "img":
            if not _PLACEHOLDER_SRC.search(str(before.get("src", ""))):
                continue  # already loaded: the fallback repeats it
            before.decompose()
        elif isinstance(before, Tag) and before.find("img") is not None:
            lazy = before.find("img")
            if isinstance(lazy, Tag) and not _PLACEHOLDER_SRC.search(str(lazy.get("src", ""))):
                continue
            if isinstance(lazy, Tag):
                lazy.decompose()
        noscript.unwrap()


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
