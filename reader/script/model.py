"""What is spoken: a document turned into tracks of utterances.

A ``Script`` is pure data built from a ``Document`` (see ``build_script``).
Each ``Track`` becomes one chapter of the episode and one section file; each
``Utterance`` is one sentence, synthesised in one engine call and shown as
one transcript cue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Role", "Script", "Track", "TrackKind", "Utterance"]

Role = Literal["narrator", "heading", "question", "answer"]
"""Which voice of the profile speaks: questions and answers sound different."""

TrackKind = Literal["opening", "section", "faq"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Utterance:
    text: str
    """What the engine speaks: normalised for speech, lexicon applied."""
    display: str
    """What the transcript shows: the sentence as the article wrote it."""
    role: Role = "narrator"
    pause_before_ms: int = 0
    """Silence before this utterance; structure sets it (sentence < paragraph < section)."""
    ref: str = ""
    """The document element it reads, named as ``reader.script.refs`` names it
    (``s3-b1`` is block 1 of section 3): where the talking books show it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Track:
    """One chapter and one section file: the opening, a section, or an FAQ pair."""

    title: str
    kind: TrackKind
    level: int
    """Heading level 1-6 for sections; 0 for the opening; the FAQ heading's level + 1 for pairs."""
    utterances: tuple[Utterance, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Script:
    title: str
    language: str
    """BCP 47 tag the voice is chosen by, e.g. ``en`` or ``de``."""
    tracks: tuple[Track, ...]

    def utterances(self) -> tuple[Utterance, ...]:
        return tuple(u for t in self.tracks for u in t.utterances)
