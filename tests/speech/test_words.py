"""Engine events and phoneme durations turned into word timings (pure)."""

from __future__ import annotations

from reader.speech.clip import Clip, tighten_words, trim_silence
from reader.speech.words import (
    Phone,
    WordTiming,
    speech_tokens,
    spread_words,
    words_from_marks,
    words_from_phonemes,
)

TEXT = "Café naïve, the thigh's twenty-two cramps."


def _spans(text: str, words: tuple[WordTiming, ...]) -> list[tuple[str, int, int]]:
    return [(text[w.start_char : w.end_char], w.start_sample, w.end_sample) for w in words]


def test_tokens_are_words_with_inner_apostrophes_and_hyphens_between() -> None:
    assert [TEXT[a:b] for a, b in speech_tokens(TEXT)] == [
        "Café", "naïve", "the", "thigh's", "twenty", "two", "cramps",
    ]  # fmt: skip


def test_espeak_word_marks_start_each_word() -> None:
    # espeak's WORD events: character offset (from 0 here) and sample, as the engine gives them
    marks = [(0, 0), (5, 8000), (12, 20000), (16, 23000), (24, 30000), (31, 39000), (35, 44000)]
    words = words_from_marks(TEXT, marks, total_samples=60000)
    assert _spans(TEXT, words) == [
        ("Café", 0, 8000),
        ("naïve", 8000, 20000),
        ("the", 20000, 23000),
        ("thigh's", 23000, 30000),
        ("twenty", 30000, 39000),
        ("two", 39000, 44000),
        ("cramps", 44000, 60000),
    ]


def test_a_word_without_a_mark_shares_the_time_between_its_neighbours() -> None:
    text = "one twenty-two three"
    marks = [(0, 0), (4, 1000), (15, 5000)]  # "two" read with "twenty": no event of its own
    words = words_from_marks(text, marks, total_samples=8000)
    assert _spans(text, words) == [
        ("one", 0, 1000),
        ("twenty", 1000, 3666),
        ("two", 3666, 5000),
        ("three", 5000, 8000),
    ]


def test_marks_that_fall_in_no_word_give_no_timings() -> None:
    assert words_from_marks("Hello there.", [], total_samples=100) == ()
    assert words_from_marks("...", [(0, 0)], total_samples=100) == ()


def _phones(spec: str, step: int = 100) -> list[Phone]:
    """Phones of ``spec``, one symbol each, ``step`` samples apiece (spaces and stress too)."""
    return [Phone(c, i * step, (i + 1) * step) for i, c in enumerate(spec)]


def test_piper_phonemes_time_each_word_from_its_first_to_its_last_sound() -> None:
    text = "Inner thigh, cramps."
    phones = _phones("^ˈɪnɚ θaɪ, kɹæmps.$")
    own = {"Inner": "ˈɪnɚ", "thigh": "θˈaɪ", "cramps": "kɹˈæmps"}
    words = words_from_phonemes(text, phones, total_samples=2000, phonemize=own.__getitem__)
    # "Inner" sounds from its stress mark (Piper gives it a duration), not from "^";
    # the comma's pause is no word's
    assert _spans(text, words) == [("Inner", 100, 500), ("thigh", 600, 900), ("cramps", 1100, 1700)]


def test_words_espeak_ran_together_are_aligned_by_their_own_phonemes() -> None:
    text = "most of the cramps"
    own = {"most": "mˈoʊst", "of": "ʌv", "the": "ðə", "cramps": "kɹˈæmps"}
    phones = _phones("^mˈoʊst ʌvðə kɹˈæmps$")  # espeak joins "of the"
    words = words_from_phonemes(text, phones, total_samples=3000, phonemize=own.__getitem__)
    starts = {text[w.start_char : w.end_char]: w.start_sample for w in words}
    assert starts == {"most": 100, "of": 800, "the": 1000, "cramps": 1300}


def test_phonemes_that_match_nothing_give_no_timings() -> None:
    words = words_from_phonemes(
        "alpha beta gamma",
        _phones("^xyz$"),
        total_samples=500,
        phonemize=lambda w: "ɑːɑː",
    )
    assert words == ()


def test_spread_words_share_the_clip_by_length() -> None:
    words = spread_words("a bbb", 600)
    assert _spans("a bbb", words) == [("a", 0, 200), ("bbb", 200, 600)]
    assert spread_words("", 600) == ()


def test_trimming_moves_the_words_with_the_sound() -> None:
    sound = b"\x00\x10" * 1000  # 1000 loud samples
    clip = Clip(bytes(2 * 4000) + sound + bytes(2 * 3000), words=(WordTiming(0, 5, 3900, 5000),))
    trimmed = trim_silence(clip)
    keep = 22050 * 5 // 1000
    assert trimmed.samples == 1000 + 2 * keep
    # 5 ms of silence is kept before the sound: the word's start moves with it
    assert trimmed.words == (WordTiming(0, 5, 3900 - (4000 - keep), 1000 + keep),)


def test_a_word_ends_at_its_last_sound_not_in_the_pause_after_it() -> None:
    sound = b"\x00\x10" * 2000
    clip = Clip(
        sound + bytes(2 * 3000) + sound,
        words=(WordTiming(0, 3, 0, 5000), WordTiming(4, 7, 5000, 7000)),
    )
    assert tighten_words(clip).words == (WordTiming(0, 3, 0, 2000), WordTiming(4, 7, 5000, 7000))


def test_a_word_starts_at_its_first_sound_not_in_the_silence_before_it() -> None:
    sound = b"\x00\x10" * 2000
    clip = Clip(
        bytes(2 * 3000) + sound + bytes(2 * 100) + sound,
        words=(WordTiming(0, 3, 1000, 5000), WordTiming(4, 7, 5000, 7100)),
    )
    # 2000 samples of silence before the first word's sound: it starts there; 100
    # samples (under 10 ms) before the second word's: a stop's closure, kept
    assert tighten_words(clip).words == (WordTiming(0, 3, 3000, 5000), WordTiming(4, 7, 5000, 7100))


def test_piper_words_start_after_a_pause_with_their_lead_in_and_between_words_halfway() -> None:
    text = "thigh, cramps to walk"
    own = {"thigh": "θˈaɪ", "cramps": "kɹˈæmps", "to": "tuː", "walk": "wˈɔːk"}
    phones = _phones("^θaɪ, _kɹæmps t_ə _wɔk$")
    words = words_from_phonemes(text, phones, total_samples=2300, phonemize=own.__getitem__)
    # after "^" and after the comma, the pad before "k" starts the word; between
    # "to" and "walk" the glide (" " and the pad) is shared; "to" is "tə" in the
    # sentence, "tuː" alone: its unaligned "ə" still sounds before "walk"
    assert _spans(text, words) == [
        ("thigh", 100, 400),
        ("cramps", 600, 1300),
        ("to", 1400, 1700),
        ("walk", 1850, 2200),
    ]
