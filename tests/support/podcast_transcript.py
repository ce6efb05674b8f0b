"""The Podcasting 2.0 JSON transcript format, checked as the spec draws it and read
as AntennaPod reads it.

Spec: podcast-namespace ``docs/examples/transcripts/transcripts.md``: an object with
``version`` ("1.0.0") and ``segments``, each with ``speaker``, ``startTime``,
``endTime`` (if available) and ``body``; times in seconds.
"""

from __future__ import annotations

from typing import Any

SEGMENT_KEYS = {"speaker", "startTime", "endTime", "body"}


def _seconds(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def check_podcast_transcript(data: Any) -> list[dict[str, Any]]:
    """The segments of ``data``, after asserting it has the spec's shape and nothing
    else, with times that go forward."""
    assert isinstance(data, dict) and set(data) == {"version", "segments"}, sorted(data)
    assert data["version"] == "1.0.0"
    segments = data["segments"]
    assert isinstance(segments, list) and segments
    previous_start = 0.0
    for segment in segments:
        assert isinstance(segment, dict) and set(segment) <= SEGMENT_KEYS, segment
        assert {"startTime", "endTime", "body"} <= set(segment), segment
        assert isinstance(segment["body"], str) and segment["body"].strip(), segment
        assert segment["body"] == segment["body"].strip(), segment
        assert isinstance(segment.get("speaker", ""), str), segment
        assert _seconds(segment["startTime"]) and _seconds(segment["endTime"]), segment
        assert segment["startTime"] < segment["endTime"], f"a segment lasts no time: {segment}"
        assert segment["startTime"] >= previous_start, f"out of order: {segment}"
        previous_start = segment["startTime"]
    return segments


def antennapod_lines(data: dict[str, Any]) -> list[tuple[float, float, str, str]]:
    """``(start_s, end_s, speaker, text)`` of the lines AntennaPod shows: its
    ``PodcastIndexJsonTranscriptParser`` skips segments without both times and joins
    consecutive ones, with a space, until they last a second."""
    lines: list[tuple[float, float, str, str]] = []
    body, first, duration, end, speaker = "", -1.0, 0.0, 0.0, ""
    for segment in data["segments"]:
        start, end = segment.get("startTime", -1), segment.get("endTime", -1)
        if start < 0 or end < 0:
            continue
        if first < 0:
            first = start
        duration += end - start
        speaker = segment.get("speaker", "")
        body += segment.get("body", "") + " "
        if duration >= 1.0:
            lines.append((first, end, speaker, body.strip()))
            body, first, duration = "", -1.0, 0.0
    if body.strip():
        lines.append((first, end, speaker, body.strip()))
    return lines
