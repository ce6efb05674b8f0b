"""Audio clips: what every engine returns, and the pure checks made on them.

A ``Clip`` is mono signed 16-bit little-endian PCM at ``SAMPLE_RATE_HZ``.
Engines that speak at another rate are converted inside their adapter
(``read_wav_as_clip``), so every stage after speech sees one format.
"""

from __future__ import annotations

import wave
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reader import processes
from reader.errors import EmptyAudioError, SpeechError
from reader.speech.words import WordTiming, shift_words, tighten_to_sound

__all__ = [
    "SAMPLE_RATE_HZ",
    "SILENCE_THRESHOLD",
    "Clip",
    "check_audio",
    "read_wav_as_clip",
    "tighten_words",
    "trim_silence",
]

SAMPLE_RATE_HZ = 22050
"""The one sample rate of every clip, every engine and every edition."""

SILENCE_THRESHOLD = 200
"""Samples whose magnitude is at or below this (about -44 dBFS) count as silence."""

_KEEP_MS = 5
"""Silence kept before the first and after the last sound when trimming."""


@dataclass(frozen=True, slots=True)
class Clip:
    pcm: bytes
    """Mono s16le samples."""
    sample_rate_hz: int = SAMPLE_RATE_HZ
    words: tuple[WordTiming, ...] = ()
    """Where each word of the spoken text sounds, in samples of this clip; empty when
    the engine does not say (the pipeline then spreads the clip's time over its words)."""

    @property
    def samples(self) -> int:
        """How many samples the clip holds (one channel, so one per frame of PCM)."""
        return len(self.pcm) // 2

    @property
    def duration_ms(self) -> int:
        return round(self.samples * 1000 / self.sample_rate_hz)


def check_audio(clip: Clip, text: str, *, engine: str) -> Clip:
    """Return ``clip`` if it holds sound; raise ``EmptyAudioError`` if it does not.

    Text with nothing to pronounce (blank, or only punctuation) may give an
    empty or silent clip; any other text must give sound.
    """
    if not any(ch.isalnum() for ch in text):
        return clip
    if len(clip.pcm) < 2:
        raise EmptyAudioError(f"{engine}: no audio came out for {_quote(text)}")
    if not _loud(clip.pcm).any():
        raise EmptyAudioError(f"{engine}: only silence came out for {_quote(text)}")
    return clip


def _loud(pcm: bytes) -> Any:
    """Which samples of ``pcm`` are above the silence threshold (a numpy bool array:
    every clip is scanned for its sound, which took a tenth of a second for the
    seed's clips sample by sample in Python)."""
    import numpy as np  # not at the top: only what speaks needs it

    samples = np.frombuffer(pcm, dtype="<i2", count=len(pcm) // 2)
    return (samples > SILENCE_THRESHOLD) | (samples < -SILENCE_THRESHOLD)


def trim_silence(clip: Clip) -> Clip:
    """The clip without its leading and trailing silence (a few ms are kept)."""
    loud = _loud(clip.pcm)
    n = len(loud)
    if not loud.any():
        return Clip(b"", clip.sample_rate_hz, shift_words(clip.words, 0, 0))
    first, last = int(loud.argmax()), n - 1 - int(loud[::-1].argmax())
    keep = clip.sample_rate_hz * _KEEP_MS // 1000
    start, end = max(0, first - keep), min(n, last + 1 + keep)
    if start == 0 and end == n:
        return clip
    return Clip(
        clip.pcm[2 * start : 2 * end],
        clip.sample_rate_hz,
        shift_words(clip.words, start, end - start),
    )


def tighten_words(clip: Clip) -> Clip:
    """The clip with each word starting at its first sound, not in the silence before
    it, and ending at its last sound, not in the pause after it."""
    if not clip.words:
        return clip
    loud = _loud(clip.pcm)

    def first_loud(start: int, end: int) -> int:
        """The first loud sample in ``[start, end)``; ``end`` if none."""
        span = loud[start:end]
        return start + int(span.argmax()) if span.any() else end

    def last_loud(start: int, end: int) -> int:
        """Just after the last loud sample in ``[start, end)``; ``start`` if none."""
        span = loud[start:end]
        return start + len(span) - int(span[::-1].argmax()) if span.any() else start

    words = tighten_to_sound(clip.words, first_loud, last_loud, sample_rate_hz=clip.sample_rate_hz)
    return replace(clip, words=words)


def read_wav_as_clip(path: Path, *, engine: str) -> Clip:
    """Read a WAV (or any file ffmpeg knows) as a mono s16le clip at ``SAMPLE_RATE_HZ``."""
    try:
        with wave.open(str(path), "rb") as f:
            params = f.getparams()
            if (params.nchannels, params.sampwidth, params.framerate) == (
                1,
                2,
                SAMPLE_RATE_HZ,
            ):
                return Clip(f.readframes(params.nframes))
    except (wave.Error, EOFError):
        pass  # not a plain PCM WAV (e.g. AIFF on macOS): let ffmpeg convert it
    return Clip(_convert_with_ffmpeg(path, engine=engine))


def _convert_with_ffmpeg(path: Path, *, engine: str) -> bytes:
    from reader.audio.ffmpeg import ffmpeg_exe

    cmd = [
        ffmpeg_exe(),
        "-v", "error", "-nostdin", "-i", str(path),
        "-f", "s16le", "-acodec", "pcm_s16le", "-ac", "1", "-ar", str(SAMPLE_RATE_HZ), "-",
    ]  # fmt: skip
    result = processes.run(cmd, capture_output=True, check=False, timeout=60)
    if result.returncode != 0:
        problem = result.stderr.decode(errors="replace").strip()
        raise SpeechError(f"{engine}: could not read the audio it wrote to {path}: {problem}")
    return bytes(result.stdout)


def _quote(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")
