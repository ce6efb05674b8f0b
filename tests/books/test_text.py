"""The book's text: the document model as XHTML, every spoken sentence findable (pure)."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from reader.books import BookText, book_text
from reader.model import (
    Code,
    Document,
    Embed,
    Faq,
    Image,
    ListBlock,
    ListItem,
    Metadata,
    Paragraph,
    Quote,
    Section,
    Table,
)
from reader.script import build_script

DOC = Document(
    metadata=Metadata(
        title="Cramps & Co", slug="cramps", author="Osgood", date=dt.date(2022, 12, 29)
    ),
    sections=(
        Section(heading=None, level=0, blocks=(Paragraph(text="Lead one. Lead two."),)),
        Section(
            heading="Causes",
            level=2,
            blocks=(
                Paragraph(text="Water <matters>. So does salt."),
                ListBlock(
                    ordered=True,
                    items=(
                        ListItem(
                            text="Drink.",
                            children=(ListBlock(ordered=False, items=(ListItem(text="Tea"),)),),
                        ),
                        ListItem(text="Rest."),
                    ),
                ),
                Table(header=("Name", "Age"), rows=(("Bob", "27"), ("Ann", "31")), caption="Ages"),
                Image(alt="A runner stretching", caption="Stretch first"),
                Quote(paragraphs=("Move more.",), attribution="Coach"),
                Code(language="python", line_count=3),
                Embed(kind="video", provider="YouTube", title="How to stretch"),
            ),
            sections=(Section(heading="Deep dive", level=3, blocks=(Paragraph(text="Deeper."),)),),
        ),
        Section(
            heading="FAQ",
            level=2,
            blocks=(
                Faq(question="Is it serious?", answer="Rarely.\nSee a doctor if it lasts."),
                Faq(question="Can I run?", answer="Yes."),
            ),
        ),
    ),
)


@pytest.fixture(scope="module")
def text() -> BookText:
    return book_text(DOC, build_script(DOC).utterances(), language="en")


def _page(body: str) -> etree._Element:
    return etree.fromstring(f'<body xmlns="http://www.w3.org/1999/xhtml">{body}</body>')


NS = {"x": "http://www.w3.org/1999/xhtml"}


def test_one_chapter_per_top_level_section_after_the_opening(text: BookText) -> None:
    assert [c.title for c in text.chapters] == ["Cramps & Co", "Causes", "FAQ"]
    opening = _page(text.chapters[0].body)
    assert opening.xpath("string(//x:h1)", namespaces=NS) == "Cramps & Co"
    assert "Lead one. Lead two." in opening.xpath("string(//x:section)", namespaces=NS)


def test_every_utterance_points_at_an_element_of_its_chapter(text: BookText) -> None:
    script = build_script(DOC)
    shown = {i for c in text.chapters for i in c.targets}
    assert shown == set(range(len(script.utterances())))
    for chapter in text.chapters:
        page = _page(chapter.body)
        for target in chapter.targets.values():
            assert len(page.xpath("//*[@id=$id]", id=target)) == 1, target


def test_sentences_are_spans_of_their_paragraph(text: BookText) -> None:
    page = _page(text.chapters[1].body)
    spans = page.xpath("//x:p[@id='s1-b0']/x:span/text()", namespaces=NS)
    assert spans == ["Water <matters>.", "So does salt."]


def test_headings_keep_their_levels(text: BookText) -> None:
    headings = [(h.level, h.text) for c in text.chapters for h in c.headings]
    assert headings == [
        (1, "Cramps & Co"),
        (2, "Causes"),
        (3, "Deep dive"),
        (2, "FAQ"),
        (3, "Is it serious?"),
        (3, "Can I run?"),
    ]
    page = _page(text.chapters[1].body)
    assert page.xpath("string(//x:h3)", namespaces=NS) == "Deep dive"


def test_lists_nest_and_ordered_items_are_not_numbered_twice(text: BookText) -> None:
    page = _page(text.chapters[1].body)
    [first] = page.xpath("//x:ol/x:li[1]", namespaces=NS)
    assert first.xpath("string(x:span)", namespaces=NS) == "Drink."
    assert first.xpath("string(x:ul/x:li/x:span)", namespaces=NS) == "Tea"


def test_tables_stay_tables_and_images_keep_their_alt_text(text: BookText) -> None:
    page = _page(text.chapters[1].body)
    [table] = page.xpath("//x:table", namespaces=NS)
    assert table.xpath("string(x:caption)", namespaces=NS) == "Ages"
    assert table.xpath("x:thead/x:tr/x:th/@scope", namespaces=NS) == ["col", "col"]
    assert [
        r.xpath("string(x:td[1])", namespaces=NS)
        for r in table.xpath(".//x:tbody/x:tr", namespaces=NS)
    ] == ["Bob", "Ann"]
    [figure] = page.xpath("//x:figure", namespaces=NS)
    assert figure.xpath("string(x:p[@class='alt'])", namespaces=NS) == "A runner stretching"
    assert figure.xpath("string(x:figcaption)", namespaces=NS) == "Stretch first"
    assert page.xpath("string(//x:blockquote/x:footer)", namespaces=NS) == "Coach"
    notes = page.xpath("//x:p[@class='note']", namespaces=NS)
    assert len(notes) == 2  # the code and the video, as the listener hears them


def test_the_faq_is_a_definition_list(text: BookText) -> None:
    page = _page(text.chapters[2].body)
    assert page.xpath("//x:dl/x:dt/x:span/text()", namespaces=NS) == [
        "Is it serious?",
        "Can I run?",
    ]
    answers = page.xpath("//x:dl/x:dd[1]/x:p", namespaces=NS)
    assert ["".join(p.itertext()) for p in answers] == ["Rarely.", "See a doctor if it lasts."]
