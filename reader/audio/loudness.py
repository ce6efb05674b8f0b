"""Measure loudness (EBU R128) and the gain that brings speech to podcast level."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from reader.audio.ffmpeg import pcm_input_args, run_ffmpeg
from reader.errors import AudioError

__all__ = ["TARGET_LUFS", "Loudness", "gain_to_target", "measure_loudness"]

TARGET_LUFS = -16.0
"""What podcast platforms ask for (Apple, Spotify guidance for spoken word)."""

_MAX_GAIN_DB = 30.0


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
    path: Path, *, sample_rate_hz: int | None = None, true_peak: bool = False
) -> Loudness:
    """Integrated loudness of raw PCM (``sample_rate_hz`` given) or of any audio file."""
    source = (
        pcm_input_args(path, sample_rate_hz=sample_rate_hz) if sample_rate_hz else ["-i", str(path)]
    )
    peak = ":peak=true" if true_peak else ""
    report = run_ffmpeg(
        [*source, "-af", f"ebur128=framelog=quiet{peak}", "-f", "null", "-"],
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
