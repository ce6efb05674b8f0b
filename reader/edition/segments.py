"""``transcript-segments.json``: the transcript as Podcasting 2.0 JSON (pure).

The podcast namespace's JSON transcript format
(https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/examples/transcripts/transcripts.md),
times in seconds from the start of the episode::

    {"version": "1.0.0",
     "segments": [{"speaker": "narrator", "startTime": 0.25, "endTime": 0.52,
                   "body": "Inner"}, ...]}

It is built from ``transcript.json``'s data (``reader.edition.words``):

- Word by word where the engine timed the words: the spec's own example has
  one word per segment ("at the most precise, it enables word-by-word
  highlighting"), and apps that show lines join short segments themselves
  (AntennaPod merges them into spans of at least a second, joined by spaces).
- One segment per sentence where the word times were only estimated
  (``"timing": "estimated"``): a podcast app gets no precision we do not have.
- A segment's body is a run of the sentence between spaces, punctuation
  included ("cramps," "(see"), so the bodies joined by spaces give back the
  sentence as the WebVTT shows it. A run that was not spoken (a link's
  address) joins the run before it, or the first timed one after, so no
  segment lasts no time.
- ``speaker`` is the role that reads it, as the WebVTT's ``<v>`` spans name it
  (``narrator``, ``heading``, ``question``, ``answer``: each may have a voice
  of its own).

Why a second file rather than these keys in ``transcript.json``: the two
disagree on ``version`` (the spec's string ``"1.0.0"``, our integer 1, which
the web player and other readers of transcript.json rely on), and apps fetch
a transcript with every episode, so the one they fetch carries nothing they
do not read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

__all__ = ["PODCAST_TRANSCRIPT_VERSION", "build_transcript_segments", "transcript_segments"]

PODCAST_TRANSCRIPT_VERSION = "1.0.0"

_RUN = re.compile(r"\S+")


def transcript_segments(transcript: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The segments of the Podcasting 2.0 transcript of ``transcript`` (the data of
    ``transcript.json``), in episode order."""
    segments: list[dict[str, Any]] = []
    for sentence in transcript["sentences"]:
        text = str(sentence["text"])
        if not text.strip():
            continue
        speaker = str(sentence["speaker"])
        runs = list(_timed_runs(text, sentence["words"])) if sentence["timing"] == "engine" else []
        if not runs:
            runs = [(text, float(sentence["start"]), float(sentence["end"]))]
        for body, start, end in runs:
            if segments:  # never before the segment before it, whatever the engine said
                start = max(start, segments[-1]["startTime"])
            segments.append(
                {"speaker": speaker, "startTime": start, "endTime": max(start, end), "body": body}
            )
    return segments


def build_transcript_segments(transcript: Mapping[str, Any]) -> str:
    """``transcript-segments.json`` for the data of ``transcript.json``."""
    data = {"version": PODCAST_TRANSCRIPT_VERSION, "segments": transcript_segments(transcript)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _timed_runs(
    text: str, words: Sequence[Mapping[str, Any]]
) -> Iterator[tuple[str, float, float]]:
    """The runs of ``text`` between spaces, each timed from the first start to the last
    end of its words; untimed runs join a neighbour. Nothing when no run is timed."""
    runs: list[tuple[int, int, float | None, float | None]] = []
    for match in _RUN.finditer(text):
        a, b = match.span()
        inside = [w for w in words if a <= int(w["offset"]) < b]
        starts = [float(w["start"]) for w in inside]
        ends = [float(w["end"]) for w in inside]
        if starts and max(ends) > min(starts):
            runs.append((a, b, min(starts), max(ends)))
        else:
            runs.append((a, b, None, None))
    if all(s is None for _, _, s, _ in runs):
        return
    merged: list[tuple[int, int, float, float]] = []
    pending_from: int | None = None  # untimed runs before the first timed one
    for a, b, s, e in runs:
        if s is None or e is None:
            if merged:
                first, _, start, end = merged[-1]
                merged[-1] = (first, b, start, end)
            elif pending_from is None:
                pending_from = a
            continue
        merged.append((a if pending_from is None else pending_from, b, s, e))
        pending_from = None
    for a, b, s, e in merged:
        yield text[a:b], s, e
