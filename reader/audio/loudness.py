"""Measure loudness (EBU R128) and the gain that brings speech to podcast level."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.audio.ffmpeg import PipedFfmpeg, pcm_input_args, run_ffmpeg
from reader.errors import AudioError

__all__ = [
    "PEAK_CEILING_DBFS",
    "TARGET_LUFS",
    "Loudness",
    "gain_to_target",
    "integrated_lufs",
    "LoudnessMeter",
    "loudness_from_report",
    "momentary_lufs",
    "mastering_filter",
    "measure_loudness",
]

TARGET_LUFS = -16.0
"""What podcast platforms ask for (Apple, Spotify guidance for spoken word)."""

PEAK_CEILING_DBFS = -2.0
"""Peak ceiling of the limiter: leaves room for MP3's inter-sample peaks under the
-1 dBTP podcast platforms ask for. For a voice whose peaks between samples rise
higher (Piper's came out of the MP3 encoder at -0.5 dBTP), the limiter runs on
audio oversampled four times, where it sees them (-2.1 dBTP)."""

_MAX_GAIN_DB = 30.0

LARGE_FRAMES = "asetnsamples=n=16384:p=0"
"""A filter that regroups audio into frames of 0.7 s at 22.05 kHz, unpadded: ffmpeg
hands each frame from thread to thread, so its small default frames cost a
quarter of a mastering run in waiting and waking."""


def mastering_filter(gain_db: float, *, sample_rate_hz: int, oversampling: int = 1) -> str:
    """The ffmpeg filter chain every edition is mastered with: gain, then a
    look-ahead limiter at ``PEAK_CEILING_DBFS``; with ``oversampling`` above 1, a
    true-peak one: the limiter (with a 1 ms attack) runs on audio that many times
    oversampled, and the round trip keeps every sample in place. It costs a third
    more of an encode's CPU, so only voices that need it ask for it."""
    limit = 10 ** (PEAK_CEILING_DBFS / 20)
    if oversampling <= 1:
        return f"volume={gain_db:.2f}dB,alimiter=limit={limit:.4f}:level=false:latency=true"
    return (
        f"volume={gain_db:.2f}dB,aresample={sample_rate_hz * oversampling},"
        f"alimiter=limit={limit:.4f}:level=false:latency=true:attack=1,"
        f"aresample={sample_rate_hz}"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Loudness:
    integrated_lufs: float
    true_peak_dbtp: float | None = None


def _summary_value(report: str, label: str, unit: str) -> float | None:
    summary = report[report.rfind("Summary:") :]
    match = re.search(rf"{label}:\s+(-?[\d.]+|-inf|nan)\s+{unit}", summary)
    if not match:
        return None
    value = float(match.group(1))
    return None if math.isnan(value) else value


def measure_loudness(
    path: Path,
    *,
    sample_rate_hz: int | None = None,
    true_peak: bool = False,
    pre_filter: str | None = None,
) -> Loudness:
    """Integrated loudness of raw PCM (``sample_rate_hz`` given) or of any audio file,
    after ``pre_filter`` when one is given."""
    source = (
        pcm_input_args(path, sample_rate_hz=sample_rate_hz) if sample_rate_hz else ["-i", str(path)]
    )
    peak = ":peak=true" if true_peak else ""
    chain = f"{pre_filter}," if pre_filter else ""
    report = run_ffmpeg(
        [*source, "-af", f"{chain}ebur128=framelog=quiet{peak}", "-f", "null", "-"],
        what=f"measuring the loudness of {path.name}",
    )
    integrated = _summary_value(report, "I", "LUFS")
    if integrated is None:
        raise AudioError(f"{path.name}: ffmpeg reported no loudness")
    return Loudness(
        integrated_lufs=integrated,
        true_peak_dbtp=_summary_value(report, "Peak", "dBFS") if true_peak else None,
    )


def gain_to_target(loudness: Loudness, target_lufs: float = TARGET_LUFS) -> float:
    """dB to add so the integrated loudness reaches ``target_lufs`` (silence: 0)."""
    if math.isinf(loudness.integrated_lufs) or loudness.integrated_lufs <= -70:
        return 0.0
    return max(-_MAX_GAIN_DB, min(_MAX_GAIN_DB, target_lufs - loudness.integrated_lufs))


def loudness_from_report(report: str, *, what: str) -> Loudness:
    """The integrated loudness in an ffmpeg ``ebur128`` summary on stderr."""
    integrated = _summary_value(report, "I", "LUFS")
    if integrated is None:
        raise AudioError(f"{what}: ffmpeg reported no loudness")
    return Loudness(integrated_lufs=integrated)


_MOMENTARY = re.compile(r" M:\s*(-?[\d.]+|-?inf|nan)\s+S:")  # " M:" to find: 10x faster than \b
_ABSOLUTE_GATE_LUFS = -70.0
_RELATIVE_GATE_LU = -10.0


def momentary_lufs(report: str) -> list[float]:
    """The momentary loudness of each 400 ms block, 100 ms apart, that an ``ebur128``
    filter with ``framelog=info`` logged in ``report`` (ffmpeg's stderr), in order:
    the gating blocks of EBU R128's integrated loudness."""
    return [float(value) for value in _MOMENTARY.findall(report)]


def integrated_lufs(blocks: Sequence[float]) -> float:
    """The integrated loudness (ITU-R BS.1770-4, EBU R128) of the gating blocks
    ``blocks`` (momentary loudness, LUFS): the blocks above -70 LUFS, then those
    less than 10 LU below their mean, averaged as energy. ``-inf`` for silence.

    An episode encoded in parts is measured part by part; its loudness is that of
    all the parts' blocks together (a block that straddles a seam holds silence)."""
    energies = [10 ** (b / 10) for b in blocks if math.isfinite(b) and b > _ABSOLUTE_GATE_LUFS]
    if not energies:
        return -math.inf
    gate = 10 * math.log10(sum(energies) / len(energies)) + _RELATIVE_GATE_LU
    gated = [e for e in energies if 10 * math.log10(e) > gate]
    return 10 * math.log10(sum(gated) / len(gated))


class LoudnessMeter(PipedFfmpeg):
    """Integrated loudness of PCM fed in pieces, measured by ffmpeg as it arrives.

    Narration feeds each sentence's clip the moment it is spoken, so the
    measurement runs alongside the speech engine instead of after it. The
    pauses between clips are not fed: silence lies below the EBU R128 gates
    and does not count towards integrated loudness anyway. A thread writes the
    clips to ffmpeg, so the speaker never waits on the pipe (it did while
    ffmpeg started, a tenth of a second); at most ``_QUEUED_CLIPS`` wait.
    """

    _QUEUED_CLIPS = 64

    def __init__(self, *, sample_rate_hz: int) -> None:
        args = [*pcm_input_args(Path("pipe:0"), sample_rate_hz=sample_rate_hz)]
        args += ["-af", f"{LARGE_FRAMES},ebur128=framelog=quiet", "-f", "null", "-"]
        super().__init__(
            args, what="measuring loudness", queued=self._QUEUED_CLIPS, name="loudness-feed"
        )

    def result(self) -> Loudness:
        """Finish the measurement (no more writes) and return it."""
        self.end_input()
        return loudness_from_report(self.wait(), what=self.what)

    def close(self) -> None:
        self.kill()

    def __enter__(self) -> LoudnessMeter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
