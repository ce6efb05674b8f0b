"""Formulas (MathML) are read aloud in words, where they stand in the sentence."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, Tag

from reader.formulas import mark_formula
from reader.languages import builtin_languages
from reader.model import Document
from reader.parse import parse_article
from reader.script import build_script
from reader.script.mathml import read_formula, speak_formulas

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


def _spoken(doc: Document) -> list[str]:
    """The sentences as the engine speaks them."""
    return [u.text for u in build_script(doc, language="en").utterances()]


def _shown(doc: Document) -> list[str]:
    """The sentences as the transcript shows them."""
    return [u.display for u in build_script(doc, language="en").utterances()]


def _marked(text: str) -> str:
    """``text`` with its formulas marked as the parser marks the formulas it keeps."""
    return re.sub(r"<math>.*?</math>", lambda m: mark_formula(m.group()), text)


def test_a_formula_hidden_beside_its_picture_is_read_where_it_stands() -> None:
    doc = parse_article(WIKIPEDIA.format(lang="en", filler=FILLER), source="kernels.html")
    spoken = _spoken(doc)
    assert "The bandwidth sigma sub i is set per point." in spoken
    assert not any("\\sigma" in t or "σ" in t or "<math" in t for t in spoken)
    assert "The bandwidth σᵢ is set per point." in _shown(doc)


def test_a_german_page_reads_its_formulas_in_german() -> None:
    page = WIKIPEDIA.format(lang="de", filler=FILLER)
    spoken = _spoken(parse_article(page, source="kernels.html"))
    assert "The bandwidth sigma Index i is set per point." in spoken


def test_katex_is_read_once_not_with_its_tex_source_or_its_drawing() -> None:
    fragment = """<h1>Squares</h1><p>The area is <span class="katex"><span class="katex-mathml">
    <math><semantics><msup><mi>s</mi><mn>2</mn></msup>
    <annotation encoding="application/x-tex">s^2</annotation></semantics></math></span>
    <span class="katex-html" aria-hidden="true"><span class="mord">s</span>
    <span class="msupsub">2</span></span></span>, always.</p>"""
    doc = parse_article(fragment, source="squares.html")
    assert _spoken(doc) == ["Squares.", "The area is s squared, always."]
    assert _shown(doc) == ["Squares", "The area is s², always."]


def test_markdown_formulas_are_read_and_prices_are_left_alone() -> None:
    text = "# Areas\n\nIt costs $5 and $10. The area is $s^2$ and $\\sum_{i=1}^{n} x_i$ grows.\n"
    text += "\n$$\np_{j\\mid i} = \\frac{a}{b}\n$$\n"
    doc = parse_article(text, source="areas.md")
    assert _spoken(doc)[1:] == [
        "It costs five dollars and ten dollars.",
        "The area is s squared and the sum from i equals one to n of x sub i grows.",
        "p sub j given i, equals a over b",
    ]
    assert _shown(doc)[1:] == [
        "It costs $5 and $10.",
        "The area is s² and ∑ᵢ₌₁ⁿ xᵢ grows.",
        "p_(j ∣ i) = a/b",
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
    markup = "<math><msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup><mo>=</mo><mn>1</mn></math>"
    words = builtin_languages().find(language).math
    assert speak_formulas(f"{mark_formula(markup)}.", words) == f"{reading}."


def test_prepositions_and_articles_contract_as_the_language_does() -> None:
    markup = "<math><mi>y</mi><mo>=</mo><mfrac><mrow><mi>a</mi><mo>+</mo><mn>1</mn></mrow>"
    markup += "<mi>b</mi></mfrac></math>"
    said = speak_formulas(mark_formula(markup), builtin_languages().find("it").math)
    assert said == "y uguale alla frazione a più 1, fratto b, fine della frazione"


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("So <math><mi>n</mi><mo>!</mo></math> grows.", "So n! grows."),
        ("An empty <math></math> formula.", "An empty formula."),
        ("<math></math> Nothing first.", "Nothing first."),
        ("Ends in <math><mi>x</mi></math>.", "Ends in x."),
    ],
)
def test_formula_words_are_spaced_as_the_text_around_them(text: str, spoken: str) -> None:
    assert speak_formulas(_marked(text), builtin_languages().find("en").math) == spoken


EVERYWHERE = """<h1>Growth of <math><msup><mi>x</mi><mn>2</mn></msup></math></h1><p>Intro.</p>
<h2>When <math><mi>n</mi><mo>=</mo><mn>1</mn></math></h2>
<ul><li>Item <math><msub><mi>a</mi><mi>i</mi></msub></math><ul><li>Nested
<math><msup><mi>b</mi><mn>2</mn></msup></math></li></ul></li></ul>
<table><tr><th>Term <math><mi>t</mi></math></th><th>Value</th></tr>
<tr><td><math><msub><mi>x</mi><mi>i</mi></msub></math></td><td>y</td></tr></table>
<figure><img src="a.png" alt="p"><figcaption>Plot of <math><mi>f</mi></math></figcaption></figure>
<blockquote><p>Said <math><mi>g</mi></math>.</p></blockquote>
<h2>Frequently Asked Questions</h2><h3>Why <math><mi>q</mi></math>?</h3>
<p>Because <math><msup><mi>r</mi><mn>2</mn></msup></math>.</p>"""


def test_formulas_are_read_wherever_text_is_heard_and_shown_in_linear_form() -> None:
    script = build_script(parse_article(EVERYWHERE, source="growth.html"), language="en")
    assert script.title == "Growth of x²"
    assert [t.title for t in script.tracks] == [
        "Growth of x²",
        "When n = 1",
        "Frequently Asked Questions",
        "Why q?",
    ]
    heard = [(u.text, u.display) for u in script.utterances()]
    for pair in (
        ("Growth of x squared.", "Growth of x²"),
        ("When n equals one.", "When n = 1"),
        ("Item a sub i", "Item aᵢ"),
        ("Nested b squared", "Nested b²"),
        ("Row one: Term t: x sub i; Value: y.", "Row 1: Term t: xᵢ; Value: y."),
        ("Image: Plot of f.", "Image: Plot of f"),
        ("Said g.", "Said g."),
        ("Because r squared.", "Because r²."),
    ):
        assert pair in heard


def test_mathml_tags_written_as_text_are_not_read_as_a_formula() -> None:
    html = "<h1>Tags</h1><p>Write &lt;math&gt;&lt;mi&gt;x&lt;/mi&gt;&lt;/math&gt; here.</p>"
    script = build_script(parse_article(html, source="tags.html"), language="en")
    shown = [u.display for u in script.utterances()]
    assert shown == ["Tags", "Write <math><mi>x</mi></math> here."]
