"""The seed article, the acceptance case of the first release."""

from __future__ import annotations

import datetime as dt
import re

from support.seed import SECTIONS, SEED

from reader.model import Embed, Faq, Image, Paragraph
from reader.parse import parse_article

SEED_TEXT = SEED.read_text(encoding="utf-8")


def _source_faqs() -> list[tuple[str, str]]:
    """Every ``<h3>`` question and the ``<p>`` after it, straight from the file."""
    pairs = re.findall(r"<h3>(.*?)</h3>\s*<p>(.*?)</p>", SEED_TEXT, re.DOTALL)
    return [(q.strip(), " ".join(a.split())) for q, a in pairs]


def test_metadata() -> None:
    doc = parse_article(SEED_TEXT, source=SEED.name)
    assert doc.title == "What Causes Inner Thigh Cramps?"
    assert doc.metadata.author == "Osgood"
    assert doc.metadata.date == dt.date(2022, 12, 29)
    assert doc.slug == "what-causes-inner-thigh-cramps"


def test_lead_then_sections_in_order() -> None:
    doc = parse_article(SEED_TEXT, source=SEED.name)
    lead, *rest = doc.sections
    assert lead.heading is None and lead.level == 0
    assert isinstance(lead.blocks[0], Image)
    assert lead.blocks[0].alt == "What Causes Inner Thigh Cramps?"
    assert isinstance(lead.blocks[1], Paragraph)
    assert lead.blocks[1].text.startswith("Inner thigh cramps can be incredibly painful")
    assert [s.heading for s in rest] == SECTIONS
    assert all(s.level == 2 and not s.sections for s in rest)


def test_faq_pairs_in_order_then_the_video() -> None:
    doc = parse_article(SEED_TEXT, source=SEED.name)
    faq_section = doc.sections[-1]
    faqs = [b for b in faq_section.blocks if isinstance(b, Faq)]
    # The corpus README says twelve pairs; the file has thirteen <h3> questions.
    assert [(f.question, f.answer) for f in faqs] == _source_faqs()
    assert len(faqs) == 13
    assert faq_section.blocks[: len(faqs)] == tuple(faqs)
    video = faq_section.blocks[-1]
    assert isinstance(video, Embed)
    assert (video.kind, video.provider) == ("video", "YouTube")


def test_no_markup_front_matter_or_url_in_any_text() -> None:
    doc = parse_article(SEED_TEXT, source=SEED.name)
    texts = [doc.title]
    for block in doc.blocks():
        if isinstance(block, Faq):
            texts += [block.question, block.answer]
        elif isinstance(block, (Paragraph, Image)):
            texts.append(block.text)
    joined = "\n".join(texts)
    for forbidden in ("<", ">", "http", "showToc", "draft:", "---", "&amp;", "tse1.mm"):
        assert forbidden not in joined
