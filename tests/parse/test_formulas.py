"""The parser keeps formulas as MathML, where they stand in the text."""

from __future__ import annotations

from reader.model import Faq, Image, ListBlock, Paragraph, Table
from reader.parse import parse_article

PAGE = """<!doctype html><html lang="en"><head><title>Kernels</title></head><body>
<main><h1>Kernels</h1><p>{filler}</p><p>The bandwidth
<span class="mwe-math-element"><span class="mwe-math-mathml-inline" style="display: none;">
<math alttext="\\sigma_i"><semantics><msub><mi>σ</mi><mi>i</mi></msub>
<annotation encoding="application/x-tex">\\sigma_i</annotation></semantics></math></span>
<img src="f.svg" class="mwe-math-fallback-image-inline" aria-hidden="true" alt="\\sigma_i">
</span> is set per point.</p><p>{filler}</p></main></body></html>"""
FILLER = "Words about kernels and how they weigh near and far points in the data. " * 3


def test_a_hidden_formula_is_kept_as_mathml_where_its_picture_stands() -> None:
    doc = parse_article(PAGE.format(filler=FILLER), source="kernels.html")
    texts = [b.text for b in doc.blocks() if isinstance(b, Paragraph)]
    kept = next(t for t in texts if t.startswith("The bandwidth"))
    assert kept.startswith('The bandwidth <math alttext="\\sigma_i"><semantics>')
    assert "<msub><mi>σ</mi><mi>i</mi></msub>" in kept
    assert kept.endswith("</math> is set per point.")


def test_formulas_are_kept_in_every_kind_of_text() -> None:
    html = (
        "<h1>T</h1><h2>When <math><mi>n</mi></math></h2><p>See <math><mi>p</mi></math>.</p>"
        "<ul><li>Item <math><mi>a</mi></math></li></ul>"
        "<table><tr><th>Term</th></tr><tr><td><math><mi>x</mi></math></td></tr></table>"
        '<figure><img src="a.png" alt="p"><figcaption><math><mi>f</mi></math></figcaption>'
        "</figure><h2>Frequently Asked Questions</h2><h3>Why <math><mi>q</mi></math>?</h3>"
        "<p>Because <math><mi>r</mi></math>.</p>"
    )
    doc = parse_article(html, source="t.html")
    sections = list(doc.walk())
    assert sections[0].heading == "When <math><mi>n</mi></math>"
    blocks = list(doc.blocks())
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    tables = [b for b in blocks if isinstance(b, Table)]
    images = [b for b in blocks if isinstance(b, Image)]
    faqs = [b for b in blocks if isinstance(b, Faq)]
    assert lists[0].items[0].text == "Item <math><mi>a</mi></math>"
    assert tables[0].rows == (("<math><mi>x</mi></math>",),)
    assert images[0].caption == "<math><mi>f</mi></math>"
    assert (faqs[0].question, faqs[0].answer) == (
        "Why <math><mi>q</mi></math>?",
        "Because <math><mi>r</mi></math>.",
    )
