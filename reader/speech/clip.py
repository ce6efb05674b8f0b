"""Audio clips: what every engine returns, and the pure checks made on them.

A ``Clip`` is mono signed 16-bit little-endian PCM at ``SAMPLE_RATE_HZ``.
Engines that speak at another rate are converted inside their adapter
(``read_wav_as_clip``), so every stage after speech sees one format.
"""

from __future__ import annotations

import re
import wave
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

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
    if first_loud(clip.pcm) == clip.samples:
        raise EmptyAudioError(f"{engine}: only silence came out for {_quote(text)}")
    return clip


def _quiet_runs(threshold: int) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """Patterns matching a run of samples of magnitude at most ``threshold``, in the
    PCM's bytes (low byte first) and in its bytes reversed (high byte first).

    A run is matched two bytes at a time from an even offset, so it never slips
    between samples: from 0 to ``threshold`` is a low byte of at most
    ``threshold`` and a high byte of 0; from -1 to -``threshold``, a high byte of
    0xFF and a low byte of at least ``256 - threshold``. The regular expression
    engine scans in C, and only the silence it is asked about: finding each
    clip's sound this way needs no numpy, whose import took 0.17 s before the
    first word of every narration."""
    if not 0 < threshold < 256:
        raise ValueError(f"a silence threshold of {threshold} does not fit these patterns")
    low = b"[\\x00-" + re.escape(bytes([threshold])) + b"]"
    negative = b"[" + re.escape(bytes([256 - threshold])) + b"-\\xff]"
    forwards = b"(?:" + low + b"\\x00|" + negative + b"\\xff)*+"
    backwards = b"(?:\\x00" + low + b"|\\xff" + negative + b")*+"
    return re.compile(forwards), re.compile(backwards)


_QUIET_RUN, _QUIET_RUN_BACKWARDS = _quiet_runs(SILENCE_THRESHOLD)


def first_loud(pcm: bytes, start: int = 0, end: int | None = None) -> int:
    """The first sample in ``[start, end)`` above the silence threshold; ``end``
    (default: the clip's end) if there is none."""
    end = len(pcm) // 2 if end is None else end
    run = _QUIET_RUN.match(pcm, 2 * start, 2 * end)
    return (run.end() if run else 2 * start) // 2


def loud_end(pcm: bytes, start: int = 0, end: int | None = None) -> int:
    """Just after the last sample in ``[start, end)`` above the silence threshold;
    ``start`` if there is none. The scan runs back from ``end`` over reversed
    windows of the PCM, each twice the last, so it reverses little more than the
    silence it crosses."""
    end = len(pcm) // 2 if end is None else end
    window = 256
    while end > start:
        low = max(start, end - window)
        quiet = _QUIET_RUN_BACKWARDS.match(pcm[2 * low : 2 * end][::-1])
        heard = end - (quiet.end() if quiet else 0) // 2
        if heard > low:
            return heard
        end, window = low, 2 * window
    return start


def trim_silence(clip: Clip) -> Clip:
    """The clip without its leading and trailing silence (a few ms are kept)."""
    n = clip.samples
    first = first_loud(clip.pcm)
    if first == n:
        return Clip(b"", clip.sample_rate_hz, shift_words(clip.words, 0, 0))
    end_of_sound = loud_end(clip.pcm)
    keep = clip.sample_rate_hz * _KEEP_MS // 1000
    start, end = max(0, first - keep), min(n, end_of_sound + keep)
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
    first, last = partial(first_loud, clip.pcm), partial(loud_end, clip.pcm)
    words = tighten_to_sound(clip.words, first, last, sample_rate_hz=clip.sample_rate_hz)
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
