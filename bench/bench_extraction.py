"""Extraction fidelity on Mozilla Readability's test pages, as issue 10 asks.

    .venv/bin/python bench/bench_extraction.py [--corpus ../shared/corpus/readability] [-v]

For every page with enough text (50 words or more in ``expected.html``) it
compares the words of ``expected.html`` with the words each extractor keeps:

- reader: all the text reader would narrate (title, headings, paragraphs,
  lists, quotes and their attributions, table cells, image text, FAQ pairs);
- trafilatura alone (``trafilatura.extract``, tables kept);
- readability-lxml (``Document(html).summary()``).

Metric: word-multiset F1 on lowercased words of two or more characters. Per
page it prints F1, precision and recall for the three side by side and
whether reader's title equals ``expected-metadata.json``'s title (same words,
case and punctuation aside); then the summary lines: mean F1/P/R per
extractor, titles exact, pages below 0.5 where an anchor is above 0.8, and
the median parse time per page of each, wall clock and CPU (reader's from
the page's text to a Document, metadata included). On a shared machine the
CPU figure is the steadier one.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from bs4 import BeautifulSoup

from reader.model import Code, Document, Embed, Faq, Image, ListBlock, Paragraph, Quote, Table
from reader.parse import decode_article, parse_article
from reader.text import same_words

ROOT = Path(__file__).resolve().parents[1]
_WORD = re.compile(r"\w+")
_FORMULA = re.compile(r"<math\b.*?</math>", re.DOTALL)
MIN_WORDS = 50


def words(text: str) -> Counter[str]:
    """The metric's bag of words: lowercased, two or more characters."""
    return Counter(w for w in _WORD.findall(text.lower()) if len(w) >= 2)


def scores(expected: Counter[str], got: Counter[str]) -> tuple[float, float, float]:
    """F1, precision, recall of ``got`` against ``expected`` as word multisets."""
    common = sum((expected & got).values())
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(expected.values()) if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def html_text(html: str) -> str:
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    return soup.get_text(" ")


def narrated_text(document: Document) -> str:
    """All the text of a Document that is spoken; a formula by its symbols."""
    parts: list[str] = [document.title]
    for section in document.walk():
        if section.heading:
            parts.append(section.heading)
        for block in section.blocks:
            parts.extend(_block_text(block))
    return _FORMULA.sub(lambda m: html_text(m.group(0)), "\n".join(parts))


def _block_text(block: object) -> Iterator[str]:
    if isinstance(block, (Paragraph, ListBlock)):
        yield block.text
    elif isinstance(block, Quote):
        yield block.text
        if block.attribution:
            yield block.attribution
    elif isinstance(block, Table):
        if block.caption:
            yield block.caption
        yield " ".join(block.header)
        for row in block.rows:
            yield " ".join(row)
    elif isinstance(block, Image):
        yield block.alt
        if block.caption:
            yield block.caption
    elif isinstance(block, Faq):
        yield block.question
        yield block.answer
    elif isinstance(block, Embed) and block.title:
        yield block.title
    elif isinstance(block, Code):
        pass


def run_reader(html: str, name: str) -> tuple[str, str]:
    document = parse_article(html, source=f"{name}.html", format="html")
    return narrated_text(document), document.title


def run_trafilatura(html: str, name: str) -> tuple[str, str]:
    import trafilatura

    text = trafilatura.extract(html, include_tables=True, include_comments=False) or ""
    return text, ""


def run_readability(html: str, name: str) -> tuple[str, str]:
    from readability import Document as ReadabilityDocument

    doc = ReadabilityDocument(html)
    return html_text(doc.summary()), doc.short_title()


Extractor = Callable[[str, str], tuple[str, str]]
EXTRACTORS: dict[str, Extractor] = {
    "reader": run_reader,
    "trafilatura": run_trafilatura,
    "readability": run_readability,
}


def timed(extractor: Extractor, html: str, name: str) -> tuple[str, str, float, float]:
    """Text, title, wall seconds and CPU seconds of one extraction."""
    started, cpu = time.perf_counter(), time.process_time()
    try:
        text, title = extractor(html, name)
    except Exception as error:  # one failing page is a zero, never a stop
        print(f"  {name}: {type(error).__name__}: {error}", file=sys.stderr)
        text, title = "", ""
    return text, title, time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "readability"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print wrong titles too")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    pages = sorted(p for p in args.corpus.iterdir() if (p / "source.html").is_file())

    f1s: dict[str, list[float]] = {name: [] for name in EXTRACTORS}
    precisions: dict[str, list[float]] = {name: [] for name in EXTRACTORS}
    recalls: dict[str, list[float]] = {name: [] for name in EXTRACTORS}
    times: dict[str, list[float]] = {name: [] for name in EXTRACTORS}
    cpu_times: dict[str, list[float]] = {name: [] for name in EXTRACTORS}
    titles = 0
    collapses: list[str] = []
    header = f"{'page':<44} " + " ".join(f"{n:>20}" for n in EXTRACTORS) + "  title"
    print(header)
    print(f"{'':<44} " + " ".join(f"{'F1    P    R':>20}" for _ in EXTRACTORS))
    for page in pages:
        expected = words(html_text((page / "expected.html").read_text(encoding="utf-8")))
        if sum(expected.values()) < MIN_WORDS:
            continue
        html = decode_article((page / "source.html").read_bytes(), source=str(page))
        metadata = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        row: list[str] = []
        page_f1: dict[str, float] = {}
        reader_title = ""
        for name, extractor in EXTRACTORS.items():
            text, title, seconds, cpu = timed(extractor, html, page.name)
            f1, precision, recall = scores(expected, words(text))
            f1s[name].append(f1)
            precisions[name].append(precision)
            recalls[name].append(recall)
            times[name].append(seconds)
            cpu_times[name].append(cpu)
            page_f1[name] = f1
            row.append(f"{f1:8.2f} {precision:5.2f} {recall:5.2f}")
            if name == "reader":
                reader_title = title
        want = str(metadata.get("title") or "")
        title_ok = same_words(reader_title, want)
        titles += title_ok
        anchors = max(page_f1["trafilatura"], page_f1["readability"])
        if page_f1["reader"] < 0.5 and anchors > 0.8:
            collapses.append(page.name)
        print(f"{page.name:<44} " + " ".join(row) + ("  ok" if title_ok else "  WRONG"))
        if args.verbose and not title_ok:
            print(f"    title {reader_title!r}\n    want  {want!r}")

    count = len(f1s["reader"])
    print()
    print(f"{count} pages with {MIN_WORDS}+ words of expected text, from {args.corpus}")
    for name in EXTRACTORS:
        print(
            f"{name:<12} mean F1 {statistics.fmean(f1s[name]):.3f}"
            f"  P {statistics.fmean(precisions[name]):.3f}"
            f"  R {statistics.fmean(recalls[name]):.3f}"
            f"  median parse {statistics.median(times[name]) * 1000:.0f} ms"
            f" (CPU {statistics.median(cpu_times[name]) * 1000:.0f} ms)"
        )
    print(f"reader titles exact {titles}/{count} (goal >= 55)")
    print(
        f"reader pages below 0.5 where an anchor is above 0.8: {len(collapses)}"
        + (f" ({', '.join(collapses)})" if collapses else "")
    )


if __name__ == "__main__":
    main()
