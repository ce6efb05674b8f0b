"""Sentences are split as they are heard and shown with their formulas as text."""

from __future__ import annotations

from reader.formulas import mark_formula
from reader.languages import builtin_languages
from reader.script.readings import Reading, read_text

EN = builtin_languages().find("en")


def test_each_sentence_is_shown_with_its_formulas_in_linear_form() -> None:
    square = mark_formula("<math><msup><mi>x</mi><mn>2</mn></msup></math>")
    initial = mark_formula("<math><mi>A</mi></math>")
    reading = read_text(f"We set {square}. A set {initial}. Next one.", EN.math)
    assert reading.sentences(EN.sentences) == [
        ("We set x squared.", "We set x²."),
        ("A set A. Next one.", "A set A. Next one."),  # split as heard: "A." is an initial
    ]


def test_a_formula_cut_by_a_sentence_end_is_shown_whole_once() -> None:
    reading = Reading("Say red. Blue now. Next.", "Say F now. Next.", ((4, 13),), ((4, 5),))
    assert reading.sentences(EN.sentences) == [
        ("Say red.", "Say F"),
        ("Blue now.", "now."),
        ("Next.", "Next."),
    ]
