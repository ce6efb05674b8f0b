"""Measure loudness (EBU R128) and the gain that brings speech to podcast level."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from reader.audio.ffmpeg import pcm_input_args, run_ffmpeg
from reader.errors import AudioError

__all__ = [
    "PEAK_CEILING_DBFS",
    "TARGET_LUFS",
    "Loudness",
    "gain_to_target",
    "mastering_filter",
    "measure_gain_db",
    "measure_loudness",
]

TARGET_LUFS = -16.0
"""What podcast platforms ask for (Apple, Spotify guidance for spoken word)."""

PEAK_CEILING_DBFS = -2.0
"""Sample-peak ceiling of the limiter: leaves room for MP3's inter-sample peaks
under the -1 dBTP podcast platforms ask for."""

_MAX_GAIN_DB = 30.0
_CLOSE_ENOUGH_LU = 0.2


def mastering_filter(gain_db: float) -> str:
    """The ffmpeg filter chain every edition is mastered with: gain, then a
    look-ahead limiter at ``PEAK_CEILING_DBFS``."""
    limit = 10 ** (PEAK_CEILING_DBFS / 20)
    return f"volume={gain_db:.2f}dB,alimiter=limit={limit:.4f}:level=false:latency=true"


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
    if math.isinf(loudness.integrated_lufs) or loudness.integrated_lufs < -70:
        return 0.0
    return max(-_MAX_GAIN_DB, min(_MAX_GAIN_DB, target_lufs - loudness.integrated_lufs))


def measure_gain_db(
    raw_pcm: Path, *, sample_rate_hz: int, target_lufs: float = TARGET_LUFS
) -> float:
    """The gain for ``mastering_filter`` that brings raw PCM to ``target_lufs``.

    The limiter takes some loudness away wherever it works, so the gain from a
    first measurement is checked through the whole mastering chain and
    corrected once by what is still missing.
    """
    gain = gain_to_target(measure_loudness(raw_pcm, sample_rate_hz=sample_rate_hz), target_lufs)
    if gain == 0.0:
        return gain
    mastered = measure_loudness(
        raw_pcm, sample_rate_hz=sample_rate_hz, pre_filter=mastering_filter(gain)
    )
    missing = target_lufs - mastered.integrated_lufs
    if abs(missing) <= _CLOSE_ENOUGH_LU:
        return gain
    return max(-_MAX_GAIN_DB, min(_MAX_GAIN_DB, gain + missing))
