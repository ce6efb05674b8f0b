"""Formulas as readers see them: one plain line of text, never markup."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag

from reader.formulas import (
    FORMULA_CLOSE,
    FORMULA_OPEN,
    linear_formula,
    mark_formula,
    shown_text,
    slug_text,
    unmarked,
)


def _math(markup: str) -> Tag:
    math = BeautifulSoup(markup, "lxml").find("math")
    assert isinstance(math, Tag)
    return math


@pytest.mark.parametrize(
    ("markup", "shown"),
    [
        ("<math><msub><mi>σ</mi><mi>i</mi></msub></math>", "σᵢ"),
        ("<math><msub><mi>x</mi><mi>N</mi></msub></math>", "x_N"),
        ("<math><msub><mi>x</mi><mrow><mi>m</mi><mi>a</mi><mi>x</mi></mrow></msub></math>", "xₘₐₓ"),
        (
            "<math><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><msup><mi>y</mi><mn>2</mn></msup>"
            "<mo>=</mo><mn>1</mn></math>",
            "x² + y² = 1",
        ),
        (
            "<math><mfrac><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><mn>2</mn></mfrac></math>",
            "(a + b)/2",
        ),
        ("<math><msqrt><mi>x</mi><mo>+</mo><mn>1</mn></msqrt></math>", "√(x + 1)"),
        ("<math><mo>−</mo><mi>x</mi><mo>=</mo><mo>−</mo><mn>1</mn></math>", "−x = −1"),
        ("<math><msup><mi>e</mi><mrow><mi>i</mi><mi>π</mi></mrow></msup></math>", "e^(iπ)"),
        ("<math><mover><mi>x</mi><mo>¯</mo></mover></math>", "x\u0304"),
        ("<math><mi>log</mi><mo>\u2061</mo><mi>n</mi></math>", "log n"),
        (
            "<math><munderover><mo>∑</mo><mrow><mi>k</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi>"
            "</munderover><msub><mi>a</mi><mi>k</mi></msub></math>",
            "∑ₖ₌₁ⁿ aₖ",
        ),
        ('<math><mfenced open="|" close="|"><mi>x</mi></mfenced></math>', "|x|"),
        ('<math alttext="\\emptyset"><mspace width="1em"/></math>', "\\emptyset"),
    ],
)
def test_a_formula_is_shown_as_one_plain_line(markup: str, shown: str) -> None:
    assert linear_formula(_math(markup)) == shown


def test_text_shows_its_formulas_spaced_as_the_text_around_them() -> None:
    text = f"Ends in {mark_formula('<math><msup><mi>x</mi><mn>2</mn></msup></math>')}."
    assert shown_text(text) == "Ends in x²."


def test_a_slug_takes_the_tex_or_names_greek_letters() -> None:
    tex = '<math alttext="\\sigma_i"><msub><mi>σ</mi><mi>i</mi></msub></math>'
    assert slug_text(f"The {mark_formula(tex)} of t-SNE") == "The  sigma _i of t-SNE"
    bare = "<math><msub><mi>σ</mi><mi>i</mi></msub></math>"
    assert slug_text(f"The {mark_formula(bare)} of t-SNE") == "The  sigma ᵢ of t-SNE"


def test_input_cannot_carry_the_marks() -> None:
    forged = f"{FORMULA_OPEN}<math><mi>x</mi></math>{FORMULA_CLOSE}"
    assert unmarked(forged) == "<math><mi>x</mi></math>"
    assert shown_text(unmarked(forged)) == "<math><mi>x</mi></math>"
