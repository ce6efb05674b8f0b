"""Markdown to HTML with a CommonMark parser (markdown-it-py), embedded HTML kept.

Formulas written for KaTeX or MathJax (``$x_i$`` or ``\\( x_i \\)`` inline,
``$$ ... $$`` on lines of their own, ``\\[ ... \\]``) become MathML, which
the document keeps and ``reader.script.mathml`` reads in words. A dollar sign
next to a digit or a space is not a formula, so prices ("$5 and $10") stay text.
"""

from __future__ import annotations

from functools import cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.dollarmath import dollarmath_plugin

__all__ = ["render_markdown"]


@cache
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, renderer=_formula)
    # \( \) and \[ \] make the same tokens as $ and $$, so one renderer reads both.
    md.inline.ruler.before("escape", "math_brackets", _bracket_formula)
    return md


_BRACKETS = {"(": ("\\)", "math_inline"), "[": ("\\]", "math_inline_double")}


def _bracket_formula(state: StateInline, silent: bool) -> bool:
    """``\\( x \\)`` inline and ``\\[ x \\]`` displayed: a formula token."""
    start = state.pos
    if state.src[start] != "\\" or state.src[start + 1 : start + 2] not in _BRACKETS:
        return False
    close, kind = _BRACKETS[state.src[start + 1]]
    end = state.src.find(close, start + 2)
    if end < 0 or not state.src[start + 2 : end].strip():
        return False
    if not silent:
        token = state.push(kind, "math", 0)
        token.markup = state.src[start : start + 2]
        token.content = state.src[start + 2 : end]
    state.pos = end + 2
    return True


def _formula(latex: str, options: dict[str, Any]) -> str:
    """MathML for a TeX formula; the TeX itself when it cannot be converted."""
    # Imported here, not with the module: latex2mathml takes ~50 ms to load (its
    # symbol tables, and xml.sax.saxutils with urllib), and most articles have no formula.
    from latex2mathml.converter import convert

    try:
        return convert(latex, display="block" if options.get("display_mode") else "inline")
    except Exception:  # latex2mathml raises many kinds on TeX it does not know
        return escape(latex)


def render_markdown(text: str) -> str:
    """Return the HTML that CommonMark (plus tables, strikethrough and TeX formulas)
    makes of ``text``."""
    html: str = _renderer().render(text)
    return html
