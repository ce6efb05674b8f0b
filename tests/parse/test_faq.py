"""Each FAQ form the parser recognises, and the forms it must not invent."""

from __future__ import annotations

import json

import pytest

from reader.model import Document, Faq
from reader.parse import parse_article


def faqs(doc: Document) -> list[tuple[str, str]]:
    return [(f.question, f.answer) for f in doc.faqs()]


@pytest.mark.parametrize("heading", ["Frequently Asked Questions", "FAQ", "FAQs", "Q&A"])
def test_faq_heading_with_question_subheadings(heading: str) -> None:
    text = f"""# Post\n\nIntro.\n\n## {heading}\n\n### Does it work?\n\nYes.\n\n
### Is it free\n\nIt is.\n\nReally.\n\n## After\n\nMore text.\n"""
    doc = parse_article(text, source="post.md")
    assert faqs(doc) == [("Does it work?", "Yes."), ("Is it free", "It is.\nReally.")]
    section = next(s for s in doc.walk() if s.heading == heading)
    assert section.sections == () and len(section.blocks) == 2
    assert [s.heading for s in doc.sections] == [None, heading, "After"]


def test_section_whose_subheadings_are_all_questions() -> None:
    text = "## Help\n\n### Why?\n\nBecause.\n\n### How?\n\nLike so.\n"
    assert faqs(parse_article(text, source="a.md")) == [("Why?", "Because."), ("How?", "Like so.")]


def test_subheadings_that_are_not_all_questions_stay_sections() -> None:
    text = "## Help\n\n### Why?\n\nBecause.\n\n### Setup\n\nSteps.\n"
    doc = parse_article(text, source="a.md")
    assert faqs(doc) == []
    assert [s.heading for s in doc.walk()] == ["Help", "Why?", "Setup"]


def test_details_summary() -> None:
    html = "<h1>T</h1><details><summary>Can I cancel?</summary><p>Any time.</p></details>"
    assert faqs(parse_article(html, source="a.html")) == [("Can I cancel?", "Any time.")]


def test_q_and_a_paragraph_pairs() -> None:
    text = "# T\n\nIntro.\n\nQ: Is it fast?\n\nA: Very.\n\nQ: Free? A: Yes, free.\n\nOutro.\n"
    doc = parse_article(text, source="a.md")
    assert faqs(doc) == [("Is it fast?", "Very."), ("Free?", "Yes, free.")]
    assert [b.type for b in doc.blocks()] == ["paragraph", "faq", "faq", "paragraph"]


def test_microdata_faq_is_read_where_it_stands() -> None:
    html = """<h1>T</h1><div itemscope itemtype="https://schema.org/FAQPage">
    <div itemscope itemprop="mainEntity" itemtype="https://schema.org/Question">
    <h3 itemprop="name">What is it?</h3>
    <div itemscope itemprop="acceptedAnswer" itemtype="https://schema.org/Answer">
    <p itemprop="text">A tool.</p></div></div></div>"""
    assert faqs(parse_article(html, source="a.html")) == [("What is it?", "A tool.")]


def test_microdata_answer_without_a_text_property_is_read_whole() -> None:
    html = """<h1>T</h1><div itemscope itemtype="https://schema.org/Question">
    <h3 itemprop="name">Who makes it?</h3>
    <div itemscope itemprop="acceptedAnswer" itemtype="https://schema.org/Answer">
    <p>A small team.</p></div></div>"""
    assert faqs(parse_article(html, source="a.html")) == [("Who makes it?", "A small team.")]


def test_microdata_question_without_an_answer_is_read_as_text() -> None:
    html = """<h1>T</h1><div itemscope itemtype="https://schema.org/Question">
    <p itemprop="name">Still open: why?</p></div>"""
    doc = parse_article(html, source="a.html")
    assert faqs(doc) == []
    assert "Still open: why?" in [getattr(b, "text", "") for b in doc.blocks()]


def _page(body: str, *, faq_json: bool = True) -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": "Is it offline?",
                "acceptedAnswer": {"@type": "Answer", "text": "<p>Yes, <b>fully</b>.</p>"},
            }
        ],
    }
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if faq_json else ""
    return f"""<!doctype html><html lang="en"><head><title>Guide</title>{script}</head>
<body><nav>Home About Contact</nav><article><h1>Guide</h1>
<p>{"This guide explains how the narrator works and why it runs offline. " * 6}</p>
{body}</article><footer>Copyright footer text</footer></body></html>"""


def test_json_ld_faq_is_used_when_the_page_shows_none() -> None:
    doc = parse_article(_page(""), source="page.html")
    assert faqs(doc) == [("Is it offline?", "Yes, fully.")]
    assert doc.sections[-1].heading == "Frequently Asked Questions"


def test_json_ld_faq_is_not_duplicated_when_the_page_shows_it() -> None:
    visible = "<h2>FAQ</h2><h3>Is it offline?</h3><p>Yes, fully and always.</p>"
    doc = parse_article(_page(visible), source="page.html")
    assert faqs(doc) == [("Is it offline?", "Yes, fully and always.")]


def test_faq_blocks_serialise_with_question_and_answer() -> None:
    doc = parse_article("## FAQ\n\n### Why?\n\nBecause.\n", source="a.md")
    block = next(doc.faqs())
    assert isinstance(block, Faq)
    assert block.to_dict() == {"type": "faq", "question": "Why?", "answer": "Because."}
