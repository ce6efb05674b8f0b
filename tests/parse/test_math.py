"""Formulas (MathML) are read aloud in words, where they stand in the sentence."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag

from reader.model import Paragraph
from reader.parse import parse_article
from reader.parse.mathml import read_formula, speak_math

SIMILARITY = """<math><semantics><mrow><msub><mi>p</mi><mrow><mi>j</mi><mo>∣</mo><mi>i</mi>
</mrow></msub><mo>=</mo><mfrac><mrow><mi>exp</mi><mo>&#x2061;</mo><mo>(</mo><mo>−</mo>
<msubsup><mi>σ</mi><mi>i</mi><mn>2</mn></msubsup><mo>)</mo></mrow><mrow><munder><mo>∑</mo>
<mrow><mi>k</mi><mo>≠</mo><mi>i</mi></mrow></munder><msub><mi>x</mi><mi>k</mi></msub></mrow>
</mfrac></mrow><annotation encoding="application/x-tex">p_{j|i}=...</annotation></semantics>
</math>"""


def _math(markup: str) -> Tag:
    math = BeautifulSoup(markup, "lxml").find("math")
    assert isinstance(math, Tag)
    return math


@pytest.mark.parametrize(
    ("markup", "reading"),
    [
        ("<math><msub><mi>x</mi><mi>i</mi></msub></math>", "x sub i"),
        ("<math><msup><mi>y</mi><mn>2</mn></msup></math>", "y squared"),
        ("<math><msup><mi>e</mi><mi>t</mi></msup></math>", "e to the power of t"),
        ("<math><msup><mi>A</mi><mi>T</mi></msup></math>", "A transpose"),
        ("<math><mfrac><mi>a</mi><mi>b</mi></mfrac></math>", "a over b"),
        ("<math><msqrt><mi>x</mi></msqrt></math>", "the square root of x"),
        ("<math><mi>α</mi><mo>≤</mo><mn>1</mn></math>", "alpha less than or equal to 1"),
        (
            "<math><munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi>"
            "</munderover><msub><mi>x</mi><mi>i</mi></msub></math>",
            "the sum from i equals 1 to n of x sub i",
        ),
        ("<math><mover><mi>x</mi><mo>¯</mo></mover></math>", "x bar"),
        (
            '<math><mfenced open="|" close="|"><mi>x</mi></mfenced></math>',
            "the absolute value of x",
        ),
        ("<math><mo>∑</mo><msub><mi>x</mi><mi>i</mi></msub></math>", "the sum x sub i"),
        ("<math><mi>P</mi><mo>|</mo><mo>|</mo><mi>Q</mi></math>", "P parallel Q"),
        (
            "<math><mi>f</mi><mo>=</mo><mo>|</mo><mi>x</mi><mo>|</mo><mo>+</mo><mn>1</mn></math>",
            "f equals the absolute value of x, plus 1",
        ),
        (
            "<math><mo>−</mo><mo>‖</mo><mi>x</mi><mo>−</mo><mi>y</mi><msup><mo>‖</mo><mn>2</mn>"
            "</msup></math>",
            "minus the norm of x minus y, squared",
        ),
        (
            "<math><mi>p</mi><mo>(</mo><mi>a</mi><mo>|</mo><mi>b</mi><mo>)</mo></math>",
            "p a given b",
        ),
        (
            "<math><mo>(</mo><mn>1</mn><mo>+</mo><mi>x</mi><msup><mo>)</mo><mn>2</mn></msup></math>",
            "the quantity 1 plus x, squared",
        ),
        (
            SIMILARITY,
            "p sub j given i, equals the fraction exp of minus sigma sub i squared, "
            "over the sum over k not equal to i, of x sub k, end fraction",
        ),
    ],
)
def test_formulas_are_read_in_words(markup: str, reading: str) -> None:
    assert read_formula(_math(markup)) == reading


WIKIPEDIA = """<!doctype html><html lang="{lang}"><head><title>Kernels</title></head><body>
<main><h1>Kernels</h1><p>{filler}</p><p>The bandwidth
<span class="mwe-math-element"><span class="mwe-math-mathml-inline" style="display: none;">
<math alttext="\\sigma_i"><semantics><msub><mi>σ</mi><mi>i</mi></msub>
<annotation encoding="application/x-tex">\\sigma_i</annotation></semantics></math></span>
<img src="f.svg" class="mwe-math-fallback-image-inline" aria-hidden="true" alt="\\sigma_i">
</span> is set per point.</p><p>{filler}</p></main></body></html>"""
FILLER = "Words about kernels and how they weigh near and far points in the data. " * 3


def test_a_formula_hidden_beside_its_picture_is_read_where_it_stands() -> None:
    page = WIKIPEDIA.format(lang="en", filler=FILLER)
    doc = parse_article(page, source="kernels.html")
    texts = [b.text for b in doc.blocks() if isinstance(b, Paragraph)]
    assert "The bandwidth sigma sub i is set per point." in texts
    assert not any("\\sigma" in t or "σ" in t for t in texts)


def test_a_german_page_reads_its_formulas_in_german() -> None:
    page = WIKIPEDIA.format(lang="de", filler=FILLER)
    doc = parse_article(page, source="kernels.html")
    texts = [b.text for b in doc.blocks() if isinstance(b, Paragraph)]
    assert "The bandwidth sigma Index i is set per point." in texts


def test_katex_is_read_once_not_with_its_tex_source_or_its_drawing() -> None:
    fragment = """<h1>Squares</h1><p>The area is <span class="katex"><span class="katex-mathml">
    <math><semantics><msup><mi>s</mi><mn>2</mn></msup>
    <annotation encoding="application/x-tex">s^2</annotation></semantics></math></span>
    <span class="katex-html" aria-hidden="true"><span class="mord">s</span>
    <span class="msupsub">2</span></span></span>, always.</p>"""
    doc = parse_article(fragment, source="squares.html")
    texts = [b.text for b in doc.blocks() if isinstance(b, Paragraph)]
    assert texts == ["The area is s squared, always."]


def test_markdown_formulas_are_read_and_prices_are_left_alone() -> None:
    text = "# Areas\n\nIt costs $5 and $10. The area is $s^2$ and $\\sum_{i=1}^{n} x_i$ grows.\n"
    text += "\n$$\np_{j\\mid i} = \\frac{a}{b}\n$$\n"
    doc = parse_article(text, source="areas.md")
    assert [b.text for b in doc.blocks() if isinstance(b, Paragraph)] == [
        "It costs $5 and $10. The area is s squared and the sum from i equals 1 to n of "
        "x sub i grows.",
        "p sub j given i, equals a over b",
    ]


@pytest.mark.parametrize(
    ("language", "reading"),
    [
        ("fr", "x indice i au carré égale 1"),
        ("es-MX", "x subíndice i al cuadrado igual a 1"),
        ("it", "x pedice i al quadrato uguale a 1"),
        ("pt-BR", "x índice i ao quadrado igual a 1"),
        ("nl", "x index i kwadraat is gelijk aan 1"),
        ("sv", "x sub i squared equals 1"),
    ],
)
def test_formulas_are_read_in_the_documents_language(language: str, reading: str) -> None:
    markup = "<p><math><msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup><mo>=</mo><mn>1</mn>"
    soup = BeautifulSoup(markup + "</math></p>", "lxml")
    speak_math(soup, language=language)
    assert soup.get_text().strip() == reading


def test_prepositions_and_articles_contract_as_the_language_does() -> None:
    markup = "<p><math><mi>y</mi><mo>=</mo><mfrac><mrow><mi>a</mi><mo>+</mo><mn>1</mn></mrow>"
    soup = BeautifulSoup(markup + "<mi>b</mi></mfrac></math></p>", "lxml")
    speak_math(soup, language="it")
    assert (
        soup.get_text().strip() == "y uguale alla frazione a più 1, fratto b, fine della frazione"
    )
