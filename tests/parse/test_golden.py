"""Golden documents: every corpus article and its expected JSON model.

``tests/data/parse/<article>`` is a copy of a file from ``../shared/corpus``;
``tests/data/parse/golden/<article>.json`` is what ``reader parse --json``
prints for it. Rewrite them with ``pytest --update-golden`` (or
READER_UPDATE_GOLDEN=1) and review the diff like code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.parse import decode_article, parse_article

DATA = Path(__file__).parents[1] / "data" / "parse"
GOLDEN = DATA / "golden"
CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus"
ARTICLES = sorted(p for p in DATA.iterdir() if p.suffix in (".md", ".html"))


def _update_golden(request: pytest.FixtureRequest) -> bool:
    flag = bool(request.config.getoption("--update-golden", default=False))
    return flag or os.environ.get("READER_UPDATE_GOLDEN") == "1"


def parsed(path: Path) -> dict[str, object]:
    text = decode_article(path.read_bytes(), source=path.name)
    return parse_article(text, source=path.name).to_dict()


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.name)
def test_article_matches_golden(article: Path, request: pytest.FixtureRequest) -> None:
    model = parsed(article)
    golden = GOLDEN / f"{article.name}.json"
    if _update_golden(request):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(json.dumps(model, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert golden.exists(), f"{golden} missing: run pytest --update-golden and review it"
    assert model == json.loads(golden.read_text(encoding="utf-8"))


def test_every_golden_file_has_an_article() -> None:
    assert sorted(p.name for p in GOLDEN.glob("*.json")) == sorted(
        f"{a.name}.json" for a in ARTICLES
    )


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the project")
def test_every_corpus_article_has_a_golden_copy() -> None:
    corpus = sorted(
        p.name
        for p in CORPUS.rglob("*")
        if p.suffix in (".md", ".html")
        and p.name != "README.md"
        # Readability's pages are measured by bench/bench_extraction.py, not goldens.
        and "readability" not in p.relative_to(CORPUS).parts
    )
    assert corpus == sorted(a.name for a in ARTICLES)
    for name in corpus:
        original = next(CORPUS.rglob(name))
        assert original.read_bytes() == (DATA / name).read_bytes(), f"{name} differs from corpus"


def test_every_block_type_has_a_golden_case() -> None:
    seen: set[str] = set()

    def visit(sections: list[dict[str, object]]) -> None:
        for section in sections:
            for block in section["blocks"]:  # type: ignore[attr-defined]
                seen.add(block["type"])
            visit(section["sections"])  # type: ignore[arg-type]

    for golden in GOLDEN.glob("*.json"):
        visit(json.loads(golden.read_text(encoding="utf-8"))["sections"])
    assert seen >= {"paragraph", "list", "quote", "table", "image", "embed", "code", "faq"}
