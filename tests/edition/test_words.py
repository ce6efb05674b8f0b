"""transcript.json: the engine's timings of spoken words, mapped to the shown words."""

from __future__ import annotations

import json

from reader.edition.plan import plan_layout
from reader.edition.words import SpokenTiming, build_transcript_json, shown_words
from reader.script.model import Script, Track, Utterance
from reader.speech.words import WordTiming, speech_tokens, spread_words

RATE = 22050


def _timed(spoken: str, step: int = 1000) -> tuple[WordTiming, ...]:
    """Each spoken word ``step`` samples long, one after another."""
    return tuple(
        WordTiming(a, b, n * step, (n + 1) * step) for n, (a, b) in enumerate(speech_tokens(spoken))
    )


def _shown(shown: str, spoken: str) -> list[tuple[str, int, int, str]]:
    return [
        (shown[w.start_char : w.end_char], w.start_sample, w.end_sample, w.spoken)
        for w in shown_words(shown, spoken, _timed(spoken))
    ]


def test_words_spoken_as_shown_keep_their_own_times() -> None:
    assert _shown("Inner thigh cramps.", "Inner thigh cramps.") == [
        ("Inner", 0, 1000, "Inner"),
        ("thigh", 1000, 2000, "thigh"),
        ("cramps", 2000, 3000, "cramps"),
    ]


def test_a_normalised_run_of_equal_length_pairs_word_by_word() -> None:
    assert _shown("Run 5 km today.", "Run five kilometres today.") == [
        ("Run", 0, 1000, "Run"),
        ("5", 1000, 2000, "five"),
        ("km", 2000, 3000, "kilometres"),
        ("today", 3000, 4000, "today"),
    ]


def test_a_number_read_as_many_words_shares_their_time() -> None:
    spoken = "Pay one thousand, two hundred and fifty dollars now."
    assert _shown("Pay 1,250 dollars now.", spoken)[1:3] == [
        ("1", 1000, 4000, "one thousand two"),
        ("250", 4000, 7000, "hundred and fifty"),
    ]


def test_a_word_not_spoken_gets_an_empty_span_where_it_stands() -> None:
    words = _shown("See example.org now", "See now")
    assert words == [
        ("See", 0, 1000, "See"),
        ("example", 1000, 1000, ""),
        ("org", 1000, 1000, ""),
        ("now", 1000, 2000, "now"),
    ]


def test_lexicon_respellings_are_mapped_back() -> None:
    assert _shown("By Osgood.", "By Oz good.") == [
        ("By", 0, 1000, "By"),
        ("Osgood", 1000, 3000, "Oz good"),
    ]


def _script() -> Script:
    return Script(
        title="T",
        language="en",
        tracks=(
            Track(
                title="Opening",
                kind="opening",
                level=0,
                utterances=(Utterance(text="Cramps hurt.", display="Cramps  hurt."),),
            ),
            Track(
                title="Dehydration",
                kind="section",
                level=2,
                utterances=(
                    Utterance(text="Dehydration.", display="Dehydration", role="heading"),
                    Utterance(text="Drink two litres.", display="Drink 2 L.", pause_before_ms=600),
                ),
            ),
        ),
    )


def test_transcript_json_times_every_sentence_and_word_on_the_episode_clock() -> None:
    script = _script()
    samples = [22050, 11025, 33075]
    layout = plan_layout(script, samples, sample_rate_hz=RATE)
    timings = [
        SpokenTiming(words=_timed("Cramps hurt.", 11025), timing="engine"),
        SpokenTiming(words=spread_words("Dehydration.", 11025), timing="estimated"),
        SpokenTiming(words=_timed("Drink two litres.", 11025), timing="engine"),
    ]
    data = json.loads(build_transcript_json(script, layout, timings))
    assert data["version"] == 1 and data["language"] == "en"
    assert data["duration"] == round(layout.total_samples / RATE, 3)
    assert [s["number"] for s in data["sections"]] == [1, 2]
    first, heading, drink = data["sentences"]
    assert first["text"] == "Cramps hurt.", "whitespace as in the VTT cue"
    assert first["section"] == 1 and heading["section"] == 2 and drink["section"] == 2
    assert heading["timing"] == "estimated" and drink["timing"] == "engine"
    start = layout.placements[2].start_sample / RATE
    assert drink["start"] == round(start, 3)
    assert drink["words"] == [
        {"text": "Drink", "start": round(start, 3), "end": round(start + 0.5, 3), "offset": 0},
        {
            "text": "2",
            "start": round(start + 0.5, 3),
            "end": round(start + 1, 3),
            "offset": 6,
            "spoken": "two",
        },
        {
            "text": "L",
            "start": round(start + 1, 3),
            "end": round(start + 1.5, 3),
            "offset": 8,
            "spoken": "litres",
        },
    ]
    for sentence in data["sentences"]:
        for word in sentence["words"]:
            assert sentence["start"] <= word["start"] <= word["end"] <= sentence["end"]
            text = sentence["text"]
            assert text[word["offset"] :].startswith(word["text"])
