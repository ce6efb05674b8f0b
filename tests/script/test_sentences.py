from __future__ import annotations

import pytest

from reader.script import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        (
            "Dr. Smith met Mr. Jones on St. Paul's day.",
            ["Dr. Smith met Mr. Jones on St. Paul's day."],
        ),
        ("Fruit, e.g. apples. Next.", ["Fruit, e.g. apples.", "Next."]),
        ("Apples, etc. The end.", ["Apples, etc.", "The end."]),
        ("We left at 4 p.m. and ate.", ["We left at 4 p.m. and ate."]),
        ("J. R. R. Tolkien wrote it.", ["J. R. R. Tolkien wrote it."]),
        ("Python 3.6.0 is out. Try it.", ["Python 3.6.0 is out.", "Try it."]),
        ("“Go now.” She left.", ["“Go now.”", "She left."]),
        ("Wait… Really?! Yes.", ["Wait…", "Really?!", "Yes."]),
        ("line one\nline two.", ["line one", "line two."]),
        ("日本語です。次の文。", ["日本語です。", "次の文。"]),
        ("   ", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected
