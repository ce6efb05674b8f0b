"""transcript-segments.json: transcript.json's words as Podcasting 2.0 JSON segments."""

from __future__ import annotations

import json
from typing import Any

from edition.test_words import RATE, _script, _timed
from support.podcast_transcript import antennapod_lines, check_podcast_transcript

from reader.edition.plan import plan_layout
from reader.edition.segments import build_transcript_segments, transcript_segments
from reader.edition.words import SpokenTiming, transcript_data
from reader.speech.words import speech_tokens, spread_words


def _word(text: str, sentence: str, start: float, end: float, **extra: Any) -> dict[str, Any]:
    return {"text": text, "start": start, "end": end, "offset": sentence.index(text), **extra}


def _transcript(*sentences: dict[str, Any]) -> dict[str, Any]:
    return {"version": 1, "language": "en", "sections": [], "sentences": list(sentences)}


def _sentence(text: str, words: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    base = {"section": 1, "start": 1.0, "end": 3.0, "speaker": "narrator", "timing": "engine"}
    return {**base, **fields, "text": text, "words": words}


def test_engine_timed_words_go_out_word_by_word_with_their_punctuation() -> None:
    text = "Cramps, (often) hurt."
    words = [
        _word("Cramps", text, 1.0, 1.4),
        _word("often", text, 1.4, 1.9),
        _word("hurt", text, 1.9, 2.5),
    ]
    segments = transcript_segments(_transcript(_sentence(text, words)))
    assert segments == [
        {"speaker": "narrator", "startTime": 1.0, "endTime": 1.4, "body": "Cramps,"},
        {"speaker": "narrator", "startTime": 1.4, "endTime": 1.9, "body": "(often)"},
        {"speaker": "narrator", "startTime": 1.9, "endTime": 2.5, "body": "hurt."},
    ]


def test_a_run_of_several_words_spans_them_all() -> None:
    text = "A well-known fact."
    words = [
        _word("A", text, 1.0, 1.1),
        _word("well", text, 1.1, 1.3),
        _word("known", text, 1.3, 1.6),
        _word("fact", text, 1.6, 2.0),
    ]
    bodies = [
        (s["body"], s["startTime"], s["endTime"])
        for s in transcript_segments(_transcript(_sentence(text, words)))
    ]
    assert bodies == [("A", 1.0, 1.1), ("well-known", 1.1, 1.6), ("fact.", 1.6, 2.0)]


def test_estimated_times_go_out_as_one_segment_per_sentence() -> None:
    text = "Dehydration matters."
    words = [_word("Dehydration", text, 1.0, 2.2), _word("matters", text, 2.2, 3.0)]
    sentence = _sentence(text, words, timing="estimated", speaker="heading", start=0.9, end=3.1)
    assert transcript_segments(_transcript(sentence)) == [
        {"speaker": "heading", "startTime": 0.9, "endTime": 3.1, "body": text}
    ]


def test_a_run_nobody_spoke_joins_its_neighbour_and_no_segment_lasts_no_time() -> None:
    text = "ℹ️ See example.org now"
    words = [
        _word("See", text, 1.0, 1.5),
        _word("example", text, 1.5, 1.5, spoken=""),
        _word("org", text, 1.5, 1.5, spoken=""),
        _word("now", text, 1.5, 2.0),
    ]
    segments = transcript_segments(_transcript(_sentence(text, words)))
    assert [(s["body"], s["startTime"], s["endTime"]) for s in segments] == [
        ("ℹ️ See example.org", 1.0, 1.5),
        ("now", 1.5, 2.0),
    ]


def test_a_sentence_with_no_timed_word_goes_out_whole() -> None:
    text = "🙂"
    sentence = _sentence(text, [], start=4.0, end=4.5)
    assert transcript_segments(_transcript(sentence)) == [
        {"speaker": "narrator", "startTime": 4.0, "endTime": 4.5, "body": "🙂"}
    ]


def test_the_file_has_the_specs_shape_and_a_client_reads_back_every_sentence() -> None:
    script = _script()
    layout = plan_layout(script, [22050, 11025, 33075], sample_rate_hz=RATE)
    timings = [
        SpokenTiming(words=_timed("Cramps hurt.", 11025), timing="engine"),
        SpokenTiming(words=spread_words("Dehydration.", 11025), timing="estimated"),
        SpokenTiming(words=_timed("Drink two litres.", 11025), timing="engine"),
    ]
    words = transcript_data(script, layout, timings)
    text = build_transcript_segments(words)
    assert text.endswith("}\n") and "\n" not in text[:-1]
    data = json.loads(text)
    segments = check_podcast_transcript(data)
    sentences = words["sentences"]
    engine_words = sum(
        len({w["offset"] for w in s["words"]}) for s in sentences if s["timing"] == "engine"
    )
    assert len(segments) == engine_words + 1, "a segment per word, one for the estimated heading"
    assert [s["speaker"] for s in segments] == ["narrator"] * 2 + ["heading"] + ["narrator"] * 3
    assert " ".join(s["body"] for s in segments) == " ".join(s["text"] for s in sentences)
    for segment in segments:
        sentence = next(s for s in sentences if s["start"] <= segment["startTime"] < s["end"])
        assert segment["endTime"] <= sentence["end"]
    lines = antennapod_lines(data)
    assert " ".join(line[3] for line in lines) == "Cramps hurt. Dehydration Drink 2 L."
    assert all(len(speech_tokens(line[3])) >= 1 for line in lines)
