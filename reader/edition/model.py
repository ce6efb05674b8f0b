"""The timed edition: where each chapter, section file and sentence lies.

Pure data shared by the planner (which computes it from rendered clips), the
audio stage (which encodes it), the text formats (chapters.json, VTT, SRT)
and the manifest that the server reads. All times are milliseconds from the
start of the episode; sample positions are at ``sample_rate_hz``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Chapter", "Cue", "EpisodeTags", "SectionSpan"]

ChapterKind = Literal["opening", "section", "faq"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Chapter:
    title: str
    start_ms: int
    end_ms: int
    kind: ChapterKind = "section"
    level: int = 0
    """Heading level 1-6; 0 for the opening."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "start_ms": self.start_ms,
            "end_ms": self.end_ms,
            "kind": self.kind,
            "level": self.level,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Cue:
    """One transcript cue: one sentence as the article wrote it."""

    start_ms: int
    end_ms: int
    text: str
    speaker: str | None = None
    """Role that speaks it (narrator, heading, question, answer), for VTT voice spans."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SectionSpan:
    """One section file: a slice ``[start_sample, end_sample)`` of the episode PCM."""

    number: int
    """1-based track number, in reading order."""
    title: str
    filename: str
    """Relative to the edition directory, e.g. ``sections/03-overuse.mp3``."""
    start_sample: int
    end_sample: int


@dataclass(frozen=True, slots=True, kw_only=True)
class EpisodeTags:
    title: str
    artist: str | None
    album: str
    date: str | None
    """YYYY-MM-DD."""
    language: str | None = None
    comment: str | None = None
