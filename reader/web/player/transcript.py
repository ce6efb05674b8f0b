"""The transcript on the episode page: WebVTT cues read back and grouped by chapter.

Pure: VTT text in, cues out. Tolerant of what other writers put in a VTT file
(cue identifiers, ``NOTE``/``STYLE``/``REGION`` blocks, voice and class spans,
inner timestamps) because the page only needs each cue's times and plain text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.edition.model import Chapter, Cue
from reader.errors import InputError

__all__ = ["TranscriptPart", "group_cues", "parse_transcript_vtt"]

_TIMING = re.compile(
    r"^(?:(\d+):)?(\d{2}):(\d{2})[.,](\d{3})\s+-->\s+(?:(\d+):)?(\d{2}):(\d{2})[.,](\d{3})"
)
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
_TAG = re.compile(r"<[^>]*>")


def _ms(hours: str | None, minutes: str, seconds: str, millis: str) -> int:
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def parse_transcript_vtt(text: str, *, source: str = "transcript.vtt") -> tuple[Cue, ...]:
    """The cues of a WebVTT file, in file order, with tags removed and entities decoded."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("WEBVTT"):
        raise InputError(source, "not a WebVTT file (the first line must start with WEBVTT)")
    cues: list[Cue] = []
    for block in re.split(r"\n[ \t]*\n", text)[1:]:
        lines = block.strip("\n").split("\n")
        if lines[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        if "-->" not in lines[0]:
            lines = lines[1:]  # the cue's identifier
        match = _TIMING.match(lines[0].strip()) if lines else None
        if match is None:
            continue
        raw = " ".join(line.strip() for line in lines[1:])
        voice = _VOICE.search(raw)
        words = html.unescape(_TAG.sub("", raw)).split()
        if words:
            g = match.groups()
            cues.append(
                Cue(
                    start_ms=_ms(*g[:4]),
                    end_ms=_ms(*g[4:]),
                    text=" ".join(words),
                    speaker=voice.group(1).strip() if voice else None,
                )
            )
    return tuple(cues)


@dataclass(frozen=True, slots=True, kw_only=True)
class TranscriptPart:
    """The cues spoken during one chapter (``chapter`` is None for cues before the first)."""

    chapter: Chapter | None
    cues: tuple[Cue, ...]


def group_cues(chapters: Sequence[Chapter], cues: Sequence[Cue]) -> tuple[TranscriptPart, ...]:
    """Each cue under the last chapter that starts at or before it; empty chapters dropped."""
    ordered = sorted(chapters, key=lambda c: c.start_ms)
    buckets: list[list[Cue]] = [[] for _ in range(len(ordered) + 1)]
    for cue in cues:
        index = 0
        for n, chapter in enumerate(ordered, start=1):
            if chapter.start_ms <= cue.start_ms:
                index = n
        buckets[index].append(cue)
    heads: list[Chapter | None] = [None, *ordered]
    return tuple(
        TranscriptPart(chapter=head, cues=tuple(bucket))
        for head, bucket in zip(heads, buckets, strict=True)
        if bucket
    )
