"""Formulas kept in the text as MathML (pure).

Pages give formulas as MathML (Wikipedia, KaTeX and MathJax all include it),
usually hidden from view beside a picture of the formula that screen readers
are told to skip; Markdown's TeX formulas become MathML too. Each top-level
``<math>`` element stays in the text where it stands, as its markup: the
document model keeps the formula's structure, and ``reader.script`` reads it
aloud in the document's language. A formula inside an element hidden from
view (the accessible copy beside a picture) replaces that hidden element, so
it stands where the picture stood.

Each kept formula is marked (``reader.formulas``); the marks are first
stripped from every text and attribute of the page, however it wrote them
(``&#xFDD0;``), so tags that an article only shows as text stay text.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from reader.formulas import FORMULA_CLOSE, FORMULA_OPEN, mark_formula, unmarked

__all__ = ["keep_formulas"]


def keep_formulas(soup: BeautifulSoup) -> None:
    """Replace every top-level ``<math>`` in ``soup`` by its markup as text, marked."""
    _unmark(soup)
    for math in soup.find_all("math"):
        if not isinstance(math, Tag) or math.find_parent("math") is not None:
            continue
        target = math
        while isinstance(target.parent, Tag) and _hides(target.parent):
            target = target.parent
        kept = soup.new_tag("span")
        kept.string = f" {mark_formula(str(math))} "
        target.replace_with(kept)


def _hides(tag: Tag) -> bool:
    if tag.name in ("body", "html", "p", "div", "dd", "li", "td", "th"):
        return False
    style = str(tag.get("style", "")).replace(" ", "").lower()
    return "display:none" in style or str(tag.get("aria-hidden", "")).lower() == "true"


def _unmark(soup: BeautifulSoup) -> None:
    """Strip the formula marks from every text and attribute value of ``soup``."""
    for string in soup.find_all(string=_has_mark):
        if isinstance(string, NavigableString):
            string.replace_with(type(string)(unmarked(str(string))))
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if isinstance(value, str) and _has_mark(value):
                tag[name] = unmarked(value)


def _has_mark(text: str | None) -> bool:
    return text is not None and (FORMULA_OPEN in text or FORMULA_CLOSE in text)
