"""``reader parse ARTICLE``: print the document outline or its JSON model."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from reader.model import Document, Faq, Section

if TYPE_CHECKING:
    from reader.parse import Format


def add_parser(commands: Any) -> None:
    p: argparse.ArgumentParser = commands.add_parser(
        "parse", help="parse an article and print its outline (or --json model)"
    )
    p.add_argument("article", help="file path, http(s) URL, or - for standard input")
    p.add_argument("--json", action="store_true", help="print the document model as JSON")
    p.add_argument(
        "--format", choices=("markdown", "html"), help="the article's format (default: detect)"
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        help="refuse articles larger than this many bytes (default 10 MB)",
    )
    p.add_argument("--timeout", type=float, default=None, help="seconds to wait for a URL")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reader.parse import DEFAULT_MAX_BYTES, decode_article, parse_article
    from reader.sources import DEFAULT_TIMEOUT_S, read_article

    max_bytes = args.max_bytes or DEFAULT_MAX_BYTES
    source, data, hint = read_article(
        args.article, max_bytes=max_bytes, timeout_s=args.timeout or DEFAULT_TIMEOUT_S
    )
    text = decode_article(data, source=source, max_bytes=max_bytes)
    fmt: Format | None = args.format or hint
    doc = parse_article(text, source=source, format=fmt)
    if args.json:
        json.dump(doc.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("\n".join(outline_lines(doc)) + "\n")
    return 0


def outline_lines(doc: Document) -> Iterator[str]:
    """The outline ``reader parse`` prints: metadata, headings, FAQ questions, block counts."""
    from reader.formulas import shown_text  # BeautifulSoup: only when run

    meta = doc.metadata
    yield shown_text(meta.title)
    for label, value in (
        ("author", meta.author),
        ("date", meta.date.isoformat() if meta.date else None),
        ("language", meta.language),
        ("description", meta.description),
        ("tags", ", ".join(meta.tags) or None),
        ("url", meta.canonical_url),
        ("slug", meta.slug),
    ):
        if value:
            yield f"  {label}: {value}"
    yield ""
    for section in doc.sections:
        yield from _section_lines(section, depth=0)
    total = sum(1 for _ in doc.blocks())
    faqs = sum(1 for _ in doc.faqs())
    yield ""
    yield f"{total} blocks, {faqs} FAQ pairs, {sum(1 for _ in doc.walk())} sections"


def _section_lines(section: Section, *, depth: int) -> Iterator[str]:
    from reader.formulas import shown_text

    indent = "  " * depth
    count = len(section.blocks)
    noun = "block" if count == 1 else "blocks"
    if section.heading is None:
        yield f"{indent}(lead) [{count} {noun}]"
    else:
        yield f"{indent}{'#' * section.level} {shown_text(section.heading)} [{count} {noun}]"
    for block in section.blocks:
        if isinstance(block, Faq):
            yield f"{indent}  Q: {shown_text(block.question)}"
    for child in section.sections:
        yield from _section_lines(child, depth=depth + 1)
