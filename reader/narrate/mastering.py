"""Master an episode to podcast loudness, in one encode most of the time (effects).

The gain comes from the speech's own loudness (metered while it was spoken)
plus what the peak limiter took away the last time this voice was mastered.
The encode measures the mastered audio as it goes; when that misses
``TARGET_LUFS`` by more than ``ACCEPT_LU``, the episode is encoded once more
with the gain corrected by the miss. What the limiter took is remembered per
voice in the speech cache, so the first guess is usually the last.
"""

from __future__ import annotations

import json
import math
import os
import uuid
from collections.abc import Callable
from pathlib import Path

from reader.audio import TARGET_LUFS, EncodeResult, Loudness, gain_to_target

__all__ = ["ACCEPT_LU", "Calibration", "master"]

ACCEPT_LU = 0.5
"""How far from the target a mastered episode may be (podcast platforms allow 1 LU)."""
DEFAULT_LIMITER_TOLL_DB = 1.0
"""What the limiter takes from speech at podcast level, before any measurement."""
SILENCE_LUFS = -70.0
"""EBU R128's absolute gate: what ffmpeg reports for audio with nothing above it."""
_MAX_GAIN_DB = 30.0
_MAX_TOLL_DB = 6.0


class Calibration:
    """The limiter's toll per voice, kept in a small JSON file (best effort)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, float]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): float(v) for k, v in data.items() if isinstance(v, (int, float))}

    def toll_db(self, voice: str) -> float:
        return self._read().get(voice, DEFAULT_LIMITER_TOLL_DB)

    def remember(self, voice: str, toll_db: float) -> None:
        data = self._read()
        data[voice] = round(max(0.0, min(_MAX_TOLL_DB, toll_db)), 3)
        temporary = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex[:8]}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            temporary.unlink(missing_ok=True)


def _clamp(gain_db: float) -> float:
    return max(-_MAX_GAIN_DB, min(_MAX_GAIN_DB, gain_db))


def master(
    encode: Callable[[float], EncodeResult],
    speech: Loudness,
    calibration: Calibration,
    voice: str,
) -> EncodeResult:
    """Encode with ``encode(gain_db)`` until the mastered loudness is on target."""
    if not math.isfinite(speech.integrated_lufs) or speech.integrated_lufs <= SILENCE_LUFS:
        return encode(0.0)
    gain = _clamp(gain_to_target(speech) + calibration.toll_db(voice))
    result = encode(gain)
    measured = result.integrated_lufs
    if measured is None or not math.isfinite(measured):
        return result
    miss = TARGET_LUFS - measured
    if abs(miss) > ACCEPT_LU:
        gain = _clamp(gain + miss)
        result = encode(gain)
        measured = result.integrated_lufs
    if measured is not None and math.isfinite(measured):
        calibration.remember(voice, speech.integrated_lufs + gain - measured)
    return result
