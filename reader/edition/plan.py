"""Lay rendered sentences out on the episode's timeline (pure).

Given the script and the length of each sentence's sound (engine silence
already trimmed, so a clip starts at its first sound), place every sentence
after the pause its structure asks for, then derive the chapters, the
section files and the transcript cues from those positions. Nothing here
estimates: every time comes from a real clip length.

A chapter starts ``CHAPTER_LEAD_MS`` before its heading's first sound, which
lies inside the pause before the heading because every track opens with a
pause longer than that lead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.edition.model import Chapter, Cue, SectionSpan
from reader.parse.slug import slugify
from reader.script.model import Script

__all__ = [
    "CHAPTER_LEAD_MS",
    "EPISODE_TAIL_MS",
    "Layout",
    "Placement",
    "plan_layout",
    "plan_pauses",
    "tail_samples",
    "section_filename",
]

CHAPTER_LEAD_MS = 25
"""How long before its first sound a chapter starts (must be < 50 ms)."""

EPISODE_LEAD_MS = 250
"""Silence before the first word of the episode."""

EPISODE_TAIL_MS = 800
"""Silence after the last word."""

_MIN_TRACK_PAUSE_MS = 2 * CHAPTER_LEAD_MS


@dataclass(frozen=True, slots=True, kw_only=True)
class Placement:
    """Where one utterance's clip goes: ``[start_sample, start_sample + samples)``."""

    start_sample: int
    samples: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Layout:
    sample_rate_hz: int
    total_samples: int
    placements: tuple[Placement, ...]
    """One per utterance of the script, in order."""
    chapters: tuple[Chapter, ...]
    sections: tuple[SectionSpan, ...]
    cues: tuple[Cue, ...]

    @property
    def duration_ms(self) -> int:
        return _ms(self.total_samples, self.sample_rate_hz)


def _ms(samples: int, rate: int) -> int:
    return round(samples * 1000 / rate)


def _samples(ms: int, rate: int) -> int:
    return round(ms * rate / 1000)


def section_filename(number: int, title: str) -> str:
    """``sections/NN-<slug>.mp3``: numbered in reading order, ASCII, unique by number."""
    return f"sections/{number:02d}-{slugify(title)[:48].rstrip('-') or 'section'}.mp3"


def plan_pauses(script: Script, *, sample_rate_hz: int) -> tuple[int, ...]:
    """The silence before each utterance, in samples, in script order: what
    ``plan_layout`` places between one clip's end and the next clip's start. A clip's
    place depends on the clips before it only, so an episode can be laid out while
    it is spoken: utterance ``i`` starts ``pauses[i]`` after clip ``i - 1`` ends."""
    pauses: list[int] = []
    for track in script.tracks:
        for position, utterance in enumerate(track.utterances):
            pause_ms = utterance.pause_before_ms
            if not pauses:
                pause_ms = max(pause_ms, EPISODE_LEAD_MS)
            elif position == 0:
                pause_ms = max(pause_ms, _MIN_TRACK_PAUSE_MS)
            pauses.append(_samples(pause_ms, sample_rate_hz))
    return tuple(pauses)


def tail_samples(sample_rate_hz: int) -> int:
    """The silence after the last clip."""
    return _samples(EPISODE_TAIL_MS, sample_rate_hz)


def plan_layout(script: Script, samples: Sequence[int], *, sample_rate_hz: int) -> Layout:
    """Place each utterance's clip (``samples[i]`` samples of sound) on the timeline.

    "Samples" counts PCM samples of the mono timeline; "frames" in ``reader.audio``
    means MP3 frames."""
    utterances = script.utterances()
    if len(samples) != len(utterances):
        raise ValueError(f"{len(samples)} clips for {len(utterances)} utterances")
    rate = sample_rate_hz
    lead = _samples(CHAPTER_LEAD_MS, rate)
    placements: list[Placement] = []
    cues: list[Cue] = []
    track_starts: list[int] = []
    pauses = plan_pauses(script, sample_rate_hz=rate)
    cursor = 0
    index = 0
    for track_number, track in enumerate(script.tracks):
        for position, utterance in enumerate(track.utterances):
            start = cursor + pauses[index]
            if position == 0:
                track_starts.append(0 if track_number == 0 else start - lead)
            placements.append(Placement(start_sample=start, samples=samples[index]))
            cues.append(
                Cue(
                    start_ms=_ms(start, rate),
                    end_ms=_ms(start + samples[index], rate),
                    text=utterance.display,
                    speaker=utterance.role,
                )
            )
            cursor = start + samples[index]
            index += 1
        if not track.utterances:
            track_starts.append(cursor)
    total = cursor + tail_samples(rate)
    ends = [*track_starts[1:], total]
    chapters = tuple(
        Chapter(
            title=track.title,
            start_ms=_ms(start, rate),
            end_ms=_ms(end, rate),
            kind=track.kind,
            level=track.level,
        )
        for track, start, end in zip(script.tracks, track_starts, ends, strict=True)
    )
    sections = tuple(
        SectionSpan(
            number=n,
            title=track.title,
            filename=section_filename(n, track.title),
            start_sample=start,
            end_sample=end,
        )
        for n, (track, start, end) in enumerate(
            zip(script.tracks, track_starts, ends, strict=True), start=1
        )
    )
    return Layout(
        sample_rate_hz=rate,
        total_samples=total,
        placements=tuple(placements),
        chapters=chapters,
        sections=sections,
        cues=tuple(cues),
    )
