"""Lay the episode out while it is spoken, into an ``EpisodeStream`` (effects).

``speak_script`` hands every utterance's clip over in script order, each the
moment it and all before it are ready. A clip's place on the timeline depends
only on the clips before it (``reader.edition.plan.plan_pauses``), so each is
appended at once: the pause before it as silence, then the clip. Once half
the script's characters are placed, the first pause long enough to hold a seam
(``reader.audio.split.seam_in_silence``: a pause is digital silence, no
scanning needed) ends the first part, and the second part's encoder starts
there. At the end, the placements must be exactly what ``plan_layout`` gives
for the whole script.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.audio.split import seam_in_silence
from reader.audio.stream import EpisodeStream, Streamed
from reader.edition.plan import Layout, Placement

__all__ = ["EpisodeFeed", "STREAM_MIN_CHARACTERS"]

STREAM_MIN_CHARACTERS = 800
"""Scripts shorter than this (under a minute of speech) are encoded after they are
spoken, as before: a second encoder would not pay for its start."""


class EpisodeFeed:
    """Takes clips in script order (``write``), places each after its pause in
    ``stream``, and cuts the stream into two parts near half the script's text."""

    def __init__(
        self,
        stream: EpisodeStream,
        *,
        pauses: Sequence[int],
        characters: Sequence[int],
        tail_samples: int,
        parts: int = 2,
    ) -> None:
        if len(pauses) != len(characters):
            raise ValueError(f"{len(pauses)} pauses for {len(characters)} utterances")
        self._stream = stream
        self._pauses = pauses
        self._characters = characters
        self._tail = tail_samples
        self._split_at = sum(characters) / 2 if parts > 1 else None
        """Characters placed before the seam is looked for (None: one part)."""
        self._placed_characters = 0
        self.placements: list[Placement] = []

    def write(self, pcm: bytes) -> None:
        """Place the next utterance's clip."""
        index = len(self.placements)
        if index >= len(self._pauses):
            raise ValueError("more clips than utterances")
        stream = self._stream
        pause = self._pauses[index]
        start = stream.samples + pause
        if self._split_at is not None and index > 0 and self._placed_characters >= self._split_at:
            seam = seam_in_silence(
                stream.samples,
                start,
                target_sample=stream.samples + pause // 2,
                samples_per_frame=stream.samples_per_frame,
            )
            if seam is not None:
                stream.write_silence(seam - stream.samples)
                stream.cut()
                self._split_at = None
        stream.write_silence(start - stream.samples)
        stream.write(pcm)
        self.placements.append(Placement(start_sample=start, samples=len(pcm) // 2))
        self._placed_characters += self._characters[index]

    def finish(self, layout: Layout) -> Streamed:
        """The tail's silence, then the encoders' end; the placements must be
        ``layout``'s (the whole script's, planned from the clips' lengths)."""
        if tuple(self.placements) != layout.placements:
            raise AssertionError("the episode streamed is not laid out as planned")
        self._stream.write_silence(self._tail)
        if self._stream.samples != layout.total_samples:
            raise AssertionError("the episode streamed is not as long as planned")
        return self._stream.finish()
