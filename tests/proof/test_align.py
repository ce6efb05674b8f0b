"""Heard words aligned to written words with the fewest edits, as WER counts them."""

from __future__ import annotations

from reader.proof.align import Step, align_words, count_errors


def test_identical_words_are_all_equal() -> None:
    steps = align_words(["a", "b"], ["a", "b"])
    assert steps == (Step("equal", 0, 0, 0), Step("equal", 1, 1, 1))
    assert count_errors(steps) == 0


def test_a_substitution_a_deletion_and_an_insertion() -> None:
    steps = align_words(
        ["inner", "thigh", "cramps", "hurt"], ["inner", "eye", "cramps", "so", "hurt"]
    )
    assert [s.op for s in steps] == ["equal", "substitute", "equal", "insert", "equal"]
    assert steps[3] == Step("insert", None, 3, 2)  # belongs to the word before it
    assert count_errors(align_words(["by", "osgood"], ["osgood"])) == 1


def test_a_word_heard_as_two_is_one_substitution_and_one_insertion() -> None:
    steps = align_words(["dehydration", "occurs"], ["the", "hydration", "occurs"])
    assert count_errors(steps) == 2
    assert {s.at for s in steps if s.op != "equal"} == {0}


def test_an_insertion_before_every_written_word_belongs_to_the_first() -> None:
    steps = align_words(["hello"], ["oh", "hello"])
    assert steps[0] == Step("insert", None, 0, 0)


def test_nothing_heard_deletes_every_word_and_nothing_written_inserts_every_one() -> None:
    assert [s.op for s in align_words(["a", "b"], [])] == ["delete", "delete"]
    assert [s.op for s in align_words([], ["a"])] == ["insert"]
    assert align_words([], []) == ()
