import json
import re

from reader.edition.formats import (
    build_chapters_json,
    build_chapters_vtt,
    build_transcript_srt,
    build_transcript_vtt,
    format_srt_time,
    format_vtt_time,
)
from reader.edition.model import Chapter, Cue

CHAPTERS = [
    Chapter(title="Opening", start_ms=0, end_ms=4_000, kind="opening"),
    Chapter(title="Salt & <water>", start_ms=4_000, end_ms=3_725_500),
]
CUES = [
    Cue(start_ms=250, end_ms=2_000, text="What Causes Inner Thigh Cramps?", speaker="narrator"),
    Cue(
        start_ms=4_025, end_ms=3_725_000, text="Salt & <water> --> more\n\nlines", speaker="heading"
    ),
]


def test_times() -> None:
    assert format_vtt_time(3_725_500) == "01:02:05.500"
    assert format_srt_time(61_001) == "00:01:01,001"
    assert format_vtt_time(-5) == "00:00:00.000"


def test_chapters_json_is_podcasting_2_0() -> None:
    data = json.loads(build_chapters_json(CHAPTERS, title="T"))
    assert data["version"] == "1.2"
    assert data["chapters"][1] == {"startTime": 4.0, "endTime": 3725.5, "title": "Salt & <water>"}


def _vtt_cues(text: str) -> list[tuple[str, str, str]]:
    assert text.startswith("WEBVTT\n\n")
    blocks = text.strip().split("\n\n")[1:]
    cues = []
    for block in blocks:
        lines = block.split("\n")
        start, end = re.fullmatch(r"(\S+) --> (\S+)", lines[1]).groups()  # type: ignore[union-attr]
        assert len(lines) == 3
        cues.append((start, end, lines[2]))
    return cues


def test_chapters_vtt() -> None:
    cues = _vtt_cues(build_chapters_vtt(CHAPTERS))
    assert cues[1] == ("00:00:04.000", "01:02:05.500", "Salt &amp; &lt;water&gt;")


def test_transcript_vtt_one_cue_per_sentence_escaped() -> None:
    cues = _vtt_cues(build_transcript_vtt(CUES))
    assert cues[0] == (
        "00:00:00.250",
        "00:00:02.000",
        "<v narrator>What Causes Inner Thigh Cramps?</v>",
    )
    assert "-->" not in cues[1][2]
    assert cues[1][2] == "<v heading>Salt &amp; &lt;water&gt; -&gt; more lines</v>"


def test_transcript_srt() -> None:
    srt = build_transcript_srt(CUES)
    blocks = srt.strip().split("\n\n")
    assert blocks[0] == "1\n00:00:00,250 --> 00:00:02,000\nWhat Causes Inner Thigh Cramps?"
    assert blocks[1].startswith("2\n00:00:04,025 --> 01:02:05,000\n")
    assert build_transcript_srt([]) == ""
    assert build_transcript_vtt([]) == "WEBVTT\n"
