"""Markdown to HTML with a CommonMark parser (markdown-it-py), embedded HTML kept."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt

__all__ = ["render_markdown"]


@cache
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def render_markdown(text: str) -> str:
    """Return the HTML that CommonMark (plus tables and strikethrough) makes of ``text``."""
    html: str = _renderer().render(text)
    return html
