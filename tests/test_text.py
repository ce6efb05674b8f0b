"""The small text helpers every stage shares."""

from __future__ import annotations

import pytest
from lxml import etree

from reader.text import XML_UNSAFE, xml_safe


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Head\x01ing", "Heading"),
        ("nul\x00 and del\x7f", "nul and del\x7f"),  # U+007F is legal XML
        ("lone \ud800 surrogate \udfff", "lone  surrogate "),
        ("not characters \ufffe\uffff", "not characters "),
        ("tab\tnewline\ncarriage\rreturn", "tab\tnewline\ncarriage\rreturn"),
        ("form\x0cfeed and vertical\x0btab", "form feed and vertical tab"),
        ("unit\x1fseparator", "unit separator"),
        ("ordinary text, ünïcödé, 😀", "ordinary text, ünïcödé, 😀"),
    ],
)
def test_xml_safe_drops_what_xml_cannot_hold(text: str, expected: str) -> None:
    assert xml_safe(text) == expected
    element = etree.Element("x")
    element.text = xml_safe(text)  # lxml raises on any character XML cannot hold


def test_every_character_xml_refuses_is_unsafe() -> None:
    for code in range(0x110000):
        char = chr(code)
        try:
            etree.Element("x").text = char
            refused = False
        except ValueError:
            refused = True
        assert refused == bool(XML_UNSAFE.match(char)), hex(code)
