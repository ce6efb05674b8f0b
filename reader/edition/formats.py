"""The edition's text files, built from its chapters and cues (pure).

- ``chapters.json``: Podcasting 2.0 JSON chapters, version 1.2
  (https://github.com/Podcastindex-org/podcast-namespace/blob/main/chapters/jsonChapters.md)
- ``chapters.vtt``: WebVTT chapter cues for a ``<track kind="chapters">``
- ``transcript.vtt``: one cue per sentence, with a ``<v>`` span naming who speaks
- ``transcript.srt``: the same cues as SubRip
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from reader.edition.model import Chapter, Cue

__all__ = [
    "build_chapters_json",
    "build_chapters_vtt",
    "build_transcript_srt",
    "build_transcript_vtt",
    "format_srt_time",
    "format_vtt_time",
]


def _hms(ms: int) -> tuple[int, int, int, int]:
    ms = max(0, ms)
    return ms // 3_600_000, ms // 60_000 % 60, ms // 1000 % 60, ms % 1000


def format_vtt_time(ms: int) -> str:
    h, m, s, frac = _hms(ms)
    return f"{h:02d}:{m:02d}:{s:02d}.{frac:03d}"


def format_srt_time(ms: int) -> str:
    h, m, s, frac = _hms(ms)
    return f"{h:02d}:{m:02d}:{s:02d},{frac:03d}"


def _vtt_text(text: str) -> str:
    """Cue text: no blank lines or ``-->`` inside, and ``& < >`` escaped."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("--&gt;", "-&gt;")


def build_chapters_json(chapters: Sequence[Chapter], *, title: str) -> str:
    data = {
        "version": "1.2",
        "title": title,
        "chapters": [
            {
                "startTime": round(c.start_ms / 1000, 3),
                "endTime": round(c.end_ms / 1000, 3),
                "title": c.title,
            }
            for c in chapters
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def build_chapters_vtt(chapters: Sequence[Chapter]) -> str:
    cues = [
        f"chapter-{n}\n{format_vtt_time(c.start_ms)} --> {format_vtt_time(c.end_ms)}\n"
        f"{_vtt_text(c.title)}"
        for n, c in enumerate(chapters, start=1)
    ]
    return "\n\n".join(["WEBVTT", *cues]) + "\n"


def build_transcript_vtt(cues: Sequence[Cue]) -> str:
    blocks = []
    for n, cue in enumerate(cues, start=1):
        text = _vtt_text(cue.text)
        if cue.speaker:
            text = f"<v {cue.speaker}>{text}</v>"
        blocks.append(
            f"{n}\n{format_vtt_time(cue.start_ms)} --> {format_vtt_time(cue.end_ms)}\n{text}"
        )
    return "\n\n".join(["WEBVTT", *blocks]) + "\n"


def build_transcript_srt(cues: Sequence[Cue]) -> str:
    blocks = [
        f"{n}\n{format_srt_time(cue.start_ms)} --> {format_srt_time(cue.end_ms)}\n"
        f"{' '.join(cue.text.split())}"
        for n, cue in enumerate(cues, start=1)
    ]
    return "\n\n".join(blocks) + ("\n" if blocks else "")
