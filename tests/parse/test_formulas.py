"""The parser keeps formulas as MathML, where they stand in the text."""

from __future__ import annotations

from reader.formulas import FORMULA_CLOSE as CLOSE
from reader.formulas import FORMULA_OPEN as OPEN
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
    assert kept.startswith(f'The bandwidth {OPEN}<math alttext="\\sigma_i"><semantics>')
    assert "<msub><mi>σ</mi><mi>i</mi></msub>" in kept
    assert kept.endswith(f"</math>{CLOSE} is set per point.")


def _kept(name: str) -> str:
    return f"{OPEN}<math><mi>{name}</mi></math>{CLOSE}"


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
    assert sections[0].heading == f"When {_kept('n')}"
    blocks = list(doc.blocks())
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    tables = [b for b in blocks if isinstance(b, Table)]
    images = [b for b in blocks if isinstance(b, Image)]
    faqs = [b for b in blocks if isinstance(b, Faq)]
    assert lists[0].items[0].text == f"Item {_kept('a')}"
    assert tables[0].rows == ((_kept("x"),),)
    assert images[0].caption == _kept("f")
    assert (faqs[0].question, faqs[0].answer) == (f"Why {_kept('q')}?", f"Because {_kept('r')}.")


LITERAL = "<math><mi>x</mi></math>"


def test_mathml_tags_written_as_text_stay_text() -> None:
    html = (
        "<h1>About MathML</h1><p>Write &lt;math&gt;&lt;mi&gt;x&lt;/mi&gt;&lt;/math&gt; here.</p>"
        "<p>Or <code>&lt;math&gt;&lt;mi&gt;x&lt;/mi&gt;&lt;/math&gt;</code> inline.</p>"
        # the marks themselves, written as character references, cannot forge a formula
        "<p>Not &#xFDD0;&lt;math&gt;&lt;mi&gt;x&lt;/mi&gt;&lt;/math&gt;&#xFDD1; either.</p>"
        "<p>Nor <math><mi>y</mi></math>&#xFDD1; this.</p>"
    )
    doc = parse_article(html, source="mathml.html")
    texts = [b.text for b in doc.blocks() if isinstance(b, Paragraph)]
    assert texts == [
        f"Write {LITERAL} here.",
        f"Or {LITERAL} inline.",
        f"Not {LITERAL} either.",
        f"Nor {_kept('y')} this.",
    ]


def test_mathml_tags_in_markdown_code_and_front_matter_stay_text() -> None:
    text = (
        '---\ntitle: "The \\uFDD0<math><mi>x</mi></math>\\uFDD1 tag"\n---\n\n'
        f"Use `{LITERAL}` for a formula, or \\{LITERAL} escaped.\n"
    )
    doc = parse_article(text, source="tags.md")
    assert doc.metadata.title == f"The {LITERAL} tag"
    paragraph = next(b for b in doc.blocks() if isinstance(b, Paragraph))
    assert OPEN not in paragraph.text and LITERAL in paragraph.text
