"""Reading the transcript back from WebVTT, and grouping its cues by chapter."""

from __future__ import annotations

import pytest

from reader.edition.model import Chapter, Cue
from reader.errors import InputError
from reader.web.player import group_cues, parse_transcript_vtt

SENTENCES_VTT = """WEBVTT

NOTE written by hand for the player tests

1
00:00:00.000 --> 00:00:01.000
<v Heading>Opening</v>

2
00:00:01.000 --> 00:00:02.000
<v Narrator>Cramps hurt &amp; they come at night.</v>

00:00:02.000 --> 00:00:03.000
<v Heading>Dehydration</v>

00:00:03.000 --> 00:00:04.000
<v Narrator>Drink water before you train.</v>

00:00:04.000 --> 00:00:05.000
<v Heading>Overuse</v>

00:00:05.000 --> 00:00:06.000
<v Narrator>Muscles that work too hard cramp.</v>

00:00:06.000 --> 00:00:07.000
<v Question>What causes cramps?</v>

00:00:07.000 --> 00:00:08.000
<v Answer>Mostly <i>tired</i> muscles.</v>
"""
"""A transcript of whole sentences written by hand, with an ampersand and markup."""


def test_cues_keep_times_text_and_speaker() -> None:
    cues = parse_transcript_vtt(SENTENCES_VTT)
    assert len(cues) == 8
    assert cues[1] == Cue(
        start_ms=1000, end_ms=2000, text="Cramps hurt & they come at night.", speaker="Narrator"
    )
    assert cues[7].text == "Mostly tired muscles."
    assert cues[7].speaker == "Answer"


def test_hours_identifiers_notes_and_multiline_payloads() -> None:
    text = (
        "\ufeffWEBVTT - a title\r\n\r\nNOTE\r\nnot a cue\r\n00:00:09.000 --> 00:00:10.000\r\n\r\n"
        "STYLE\r\n::cue { color: red }\r\n\r\n"
        "intro\r\n01:02:03.004 --> 01:02:05.000 align:start\r\n<c.loud>Two</c>\r\nlines &lt;3\r\n"
        "\r\n02:00.500 --> 02:01.000\r\n<00:02:00.700>Short &nbsp;form\r\n"
    )
    cues = parse_transcript_vtt(text)
    assert [(c.start_ms, c.text) for c in cues] == [
        (3_723_004, "Two lines <3"),
        (120_500, "Short form"),
    ]


def test_cues_without_words_are_dropped() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Narrator></v>\n\n00:02.000 --> 00:03.000\nHi\n"
    assert [c.text for c in parse_transcript_vtt(text)] == ["Hi"]


def test_a_file_that_is_not_webvtt_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"^ep/transcript\.vtt: not a WebVTT file"):
        parse_transcript_vtt("1\n00:00:01,000 --> 00:00:02,000\nHi\n", source="ep/transcript.vtt")


def _chapter(title: str, start_ms: int) -> Chapter:
    return Chapter(title=title, start_ms=start_ms, end_ms=start_ms + 1000)


def test_cues_fall_under_the_chapter_they_are_spoken_in() -> None:
    chapters = [_chapter("A", 1000), _chapter("B", 3000), _chapter("Empty", 5000)]
    cues = [Cue(start_ms=ms, end_ms=ms + 500, text=str(ms)) for ms in (0, 1000, 2500, 3000, 9000)]
    parts = group_cues(chapters, cues)
    assert [(p.chapter.title if p.chapter else None, [c.text for c in p.cues]) for p in parts] == [
        (None, ["0"]),
        ("A", ["1000", "2500"]),
        ("B", ["3000"]),
        ("Empty", ["9000"]),
    ]
    assert group_cues([], cues)[0].chapter is None
    assert group_cues(chapters, []) == ()
