"""Both sides of a proof normalised alike: the recogniser's spelling of a sentence
compares equal to the article's."""

from __future__ import annotations

import pytest

from reader.proof import normalize_text, strip_vtt_tags, words_of


@pytest.mark.parametrize(
    ("written", "heard"),
    [
        ("By Osgood, MD.", "by osgood md"),
        ("<v narrator>Inner thigh &amp; calf</v>", "inner thigh and calf"),
        ("It's 1,250 people", "it is one thousand two hundred and fifty people"),
        ("3.5 km", "three point five km"),
        ("the 22nd time", "the twenty second time"),
        ("Published May 1, 2024.", "published may first twenty twenty four"),
        ("in 1999 and 2005", "in nineteen ninety nine and two thousand and five"),
        ("10% of -5", "ten percent of minus five"),
        ("well-known \u2014 don\u2019t", "well known do not"),
        ("and/or", "and or"),
    ],
)
def test_written_forms_become_comparable_words(written: str, heard: str) -> None:
    assert normalize_text(written) == heard


@pytest.mark.parametrize(
    ("article", "recogniser"),
    [
        ("Published May 1, 2024.", "Published May 1st, 2024"),
        ("Drink 2 glasses.", "drink two glasses"),
        ("Published December 29, 2022.", "Published December 29th, twenty twenty-two."),
        ("Q&A: \u201cWhy?\u201d", "Q and A, why"),
        ("Dr. Smith's 3rd visit", "Dr Smith's third visit."),
    ],
)
def test_the_article_and_the_recogniser_spellings_meet(article: str, recogniser: str) -> None:
    assert normalize_text(article) == normalize_text(recogniser)


def test_a_hyphen_between_numbers_is_not_a_minus_sign() -> None:
    assert normalize_text("10-15") == "ten fifteen"


def test_may_the_verb_keeps_a_number_after_it_cardinal() -> None:
    assert normalize_text("you may 3 times") == "you may three times"
    assert normalize_text("May I go") == "may i go"


def test_each_word_names_the_written_token_it_came_from() -> None:
    words = words_of("Drink 21 glasses, well-known.")
    assert [(w.text, w.token) for w in words] == [
        ("drink", 0),
        ("twenty", 1),
        ("one", 1),
        ("glasses", 2),
        ("well", 3),
        ("known", 3),
    ]


def test_vtt_tags_and_entities_are_stripped() -> None:
    assert strip_vtt_tags("<v question>A &lt;b&gt; <c.x>c</c></v>") == "A <b> c"


def test_punctuation_alone_is_no_word() -> None:
    assert words_of("\u2014 ... !") == ()


@pytest.mark.parametrize(
    ("written", "heard"),
    [
        ("You are in the U.S.", "You're in the US."),
        ("They do not stop, will not stop.", "They don't stop, won't stop."),
    ],
)
def test_contractions_and_initialisms_count_as_the_same_words(written: str, heard: str) -> None:
    """A recogniser writes "you're" where the script says "you are", "US" for "U.S.":
    spelling, not hearing, so neither is an error (Whisper's English normaliser)."""
    assert normalize_text(written) == normalize_text(heard)
