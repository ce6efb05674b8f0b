"""No character XML cannot hold leaves the parser, whichever way the input wrote it
(issue 9 item 1: one such character in an article took the whole feed down)."""

from __future__ import annotations

import json

import pytest

from reader.model import Document, Paragraph
from reader.parse import parse_article
from reader.parse.clean import xml_safe_tree
from reader.text import XML_UNSAFE

PAGE = (
    "<!doctype html><html lang='en'><head><title>Page ti\x01tle</title>"
    "<meta name='author' content='Ann&#1; Author'></head><body><article>"
    "<h1>Page ti\x01tle</h1><h2>Head\x02ing &#3;</h2>"
    f"<p>Text\x04 &#5; here. {'More words to read. ' * 30}</p></article></body></html>"
)
CASES = {
    "markdown body and heading": ("x.md", "# T\n\n## Head\x01ing\n\nText\x02 and \x1b[0m.\n"),
    "markdown numeric references": ("x.md", "# T\n\n## Head&#1;ing &#xFFFE;\n\nText &#xD800;.\n"),
    "front matter, raw": ("x.md", "---\ntitle: Ti\x01tle\nauthor: A\x02n\n---\n\nText.\n"),
    "front matter, YAML escapes": (
        "x.md",
        '---\ntitle: "Ti\\x01tle\\ud800"\nauthor: "A\\u0002n"\ndescription: "d\\x1f"\n'
        'tags: ["t\\x01ag"]\n---\n\nText.\n',
    ),
    "front matter, TOML escapes": (
        "x.md",
        '+++\ntitle = "Ti\\u0001tle"\nauthor = "A\\u0002n"\n+++\n\n## H\\u0003\n\nText.\n',
    ),
    "HTML fragment": ("x.html", "<h1>T\x01</h1><h2>Head&#1;ing</h2><p>Text\x02 &#xfffe;.</p>"),
    "whole HTML page": ("x.html", PAGE),
}


def _strings(doc: Document) -> list[str]:
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(doc.to_dict())
    return found


@pytest.mark.parametrize("case", CASES)
def test_no_unsafe_character_leaves_the_parser(case: str) -> None:
    source, text = CASES[case]
    doc = parse_article(text, source=source)
    strings = _strings(doc)
    assert strings
    bad = [s for s in strings if XML_UNSAFE.search(s)]
    assert bad == []
    json.dumps(doc.to_dict()).encode("utf-8")  # no lone surrogate either


def test_words_around_a_stripped_character_join_up() -> None:
    doc = parse_article(CASES["markdown body and heading"][1], source="x.md")
    headings = [s.heading for top in doc.sections for s in top.walk()]
    assert "Heading" in headings
    yaml = parse_article(CASES["front matter, YAML escapes"][1], source="x.md")
    assert (yaml.metadata.title, yaml.metadata.author) == ("Title", "An")
    assert yaml.metadata.tags == ("tag",)


def test_xml_safe_tree_keeps_clean_objects_as_they_are() -> None:
    clean = Paragraph(text="fine")
    assert xml_safe_tree(clean) is clean
    assert xml_safe_tree((clean, "a\x01")) == (clean, "a")
