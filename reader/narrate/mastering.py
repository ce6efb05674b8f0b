"""Master an episode to podcast loudness, in one encode most of the time (effects).

The gain comes from the speech's own loudness (metered while it was spoken)
plus what the peak limiter took away the last time this voice was mastered.
The encode measures the mastered audio as it goes; when that misses
``TARGET_LUFS`` by more than ``ACCEPT_LU``, the episode is encoded once more
with the gain corrected by the miss. What the limiter took is remembered per
voice in the speech cache (from episodes of half a minute or more), so the
first guess is usually the last; before a voice has been mastered once, the
guess is what its engine's limiter typically takes, so a fresh install's
first episode is encoded once too.

An episode encoded while it is spoken (``reader.narrate.stream``) cannot wait
for its speech's loudness: its gain is predicted (``predicted_gain_db``) from
the voice's offset, what its episodes measured once mastered less the gain
they were given, averaged over its episodes (``Calibration.remember_offset``).
``master_streamed`` keeps that episode when it is on target and otherwise
masters it again, as above, from the episode's PCM.
"""

from __future__ import annotations

import json
import math
import os
import uuid
from collections.abc import Callable
from pathlib import Path

from reader.audio import TARGET_LUFS, EncodeResult, Loudness, gain_to_target

__all__ = [
    "ACCEPT_LU",
    "MIN_CALIBRATION_MS",
    "Calibration",
    "limiter_oversampling",
    "master",
    "master_streamed",
    "predicted_gain_db",
    "typical_offset_lufs",
    "typical_toll_db",
]

ACCEPT_LU = 0.5
"""How far from the target a mastered episode may be (podcast platforms allow 1 LU)."""
DEFAULT_LIMITER_TOLL_DB = 1.0
"""What the limiter takes from speech at podcast level, for an engine not measured."""
_TYPICAL_TOLL_DB = {"espeak": 1.8, "piper": 3.0}
"""What the limiter took from each engine's speech, measured over the corpus
(espeak 1.5 to 2.1 dB, Piper's joe 3.1 dB): Piper's voices have higher peaks."""
MIN_CALIBRATION_MS = 30_000
"""The shortest episode whose limiter toll is remembered. On a few seconds of speech
the toll is noise: a 2.5 s article measured 5.2 dB, where espeak-ng's longer
articles measured 1.8 to 2.2, and the next three episodes were encoded twice."""
SILENCE_LUFS = -70.0
"""EBU R128's absolute gate: what ffmpeg reports for audio with nothing above it."""
_MAX_GAIN_DB = 30.0
_MAX_TOLL_DB = 6.0
_MAX_OFFSET_LUFS = 70.0
_OFFSETS = "offsets"
OFFSET_WEIGHT = 0.25
"""How much one episode moves a voice's remembered offset, once it has a few."""
_TYPICAL_OFFSET_LUFS = {"espeak": -20.75 - 1.8, "piper": -24.2}
"""The first guess at each engine's offset (``predicted_gain_db``): its speech's
loudness less the limiter's toll (espeak-ng: -20.75 LUFS, 1.8 dB; the seed measured
-22.7), and for Piper's joe as the seed measured it (-24.2; its speech is about
-21 LUFS and the true-peak limiter takes about 3 dB)."""


class Calibration:
    """Per voice, kept in a small JSON file (best effort): the limiter's toll (for
    ``master``) and the mastering offset (for ``predicted_gain_db``)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, object]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _read(self) -> dict[str, float]:
        return {str(k): float(v) for k, v in self._load().items() if isinstance(v, (int, float))}

    def _offsets(self) -> dict[str, tuple[float, int]]:
        offsets = self._load().get(_OFFSETS)
        if not isinstance(offsets, dict):
            return {}
        return {
            str(k): (float(v[0]), int(v[1]))
            for k, v in offsets.items()
            if isinstance(v, list) and len(v) == 2 and all(isinstance(x, (int, float)) for x in v)
        }

    def toll_db(self, voice: str, *, default: float = DEFAULT_LIMITER_TOLL_DB) -> float:
        return self._read().get(voice, default)

    def offset_lufs(self, voice: str, *, default: float) -> float:
        """What the voice's episodes measure once mastered, less the gain applied."""
        remembered = self._offsets().get(voice)
        return remembered[0] if remembered else default

    def remember_offset(self, voice: str, offset_lufs: float) -> None:
        """Fold one episode's offset into the voice's average: the first replaces the
        engine's guess, then a running mean that settles to an exponential one
        (``OFFSET_WEIGHT``), so one odd article moves it a quarter of its miss."""
        offsets = self._offsets()
        old, count = offsets.get(voice, (offset_lufs, 0))
        weight = max(OFFSET_WEIGHT, 1 / (count + 1))
        value = max(-_MAX_OFFSET_LUFS, min(0.0, old + weight * (offset_lufs - old)))
        data = self._load()
        stored = data.get(_OFFSETS)
        voices = dict(stored) if isinstance(stored, dict) else {}
        voices[voice] = [round(value, 3), count + 1]
        data[_OFFSETS] = voices
        self._write(data)

    def remember(self, voice: str, toll_db: float) -> None:
        data = self._load()
        data[voice] = round(max(0.0, min(_MAX_TOLL_DB, toll_db)), 3)
        self._write(data)

    def _write(self, data: dict[str, object]) -> None:
        temporary = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex[:8]}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            temporary.unlink(missing_ok=True)


_LIMITER_OVERSAMPLING = {"piper": 4}
"""Voices whose peaks between samples need a true-peak limiter: Piper's episodes
came out at -0.5 dBTP with the plain one, -1.6 to -2.1 with it; espeak-ng's stay
under -1 dBTP without it, and its encode is kept cheap."""


def limiter_oversampling(engine: str) -> int:
    """How many times the limiter oversamples a voice of ``engine`` (1: not at all)."""
    return _LIMITER_OVERSAMPLING.get(engine, 1)


def typical_toll_db(engine: str) -> float:
    """The first guess at the limiter's toll for a voice of ``engine``."""
    return _TYPICAL_TOLL_DB.get(engine, DEFAULT_LIMITER_TOLL_DB)


def typical_offset_lufs(engine: str) -> float:
    """The first guess at a voice's offset, before one of its episodes was measured."""
    return _TYPICAL_OFFSET_LUFS.get(engine, -20.0 - DEFAULT_LIMITER_TOLL_DB)


def predicted_gain_db(calibration: Calibration, voice: str, *, engine: str) -> float:
    """The gain that should bring the voice's next episode to ``TARGET_LUFS``, chosen
    before it is spoken: the target less the voice's remembered offset."""
    offset = calibration.offset_lufs(voice, default=typical_offset_lufs(engine))
    return _clamp(TARGET_LUFS - offset)


def _clamp(gain_db: float) -> float:
    return max(-_MAX_GAIN_DB, min(_MAX_GAIN_DB, gain_db))


def master(
    encode: Callable[[float], EncodeResult],
    speech: Loudness,
    calibration: Calibration,
    voice: str,
    *,
    first_guess_toll_db: float = DEFAULT_LIMITER_TOLL_DB,
) -> EncodeResult:
    """Encode with ``encode(gain_db)`` until the mastered loudness is on target;
    ``first_guess_toll_db`` is the limiter's toll for a voice not mastered before."""
    if not math.isfinite(speech.integrated_lufs) or speech.integrated_lufs <= SILENCE_LUFS:
        return encode(0.0)
    toll = calibration.toll_db(voice, default=first_guess_toll_db)
    gain = _clamp(gain_to_target(speech) + toll)
    result = encode(gain)
    measured = result.integrated_lufs
    if measured is None or not math.isfinite(measured):
        return result
    miss = TARGET_LUFS - measured
    if abs(miss) > ACCEPT_LU:
        gain = _clamp(gain + miss)
        result = encode(gain)
        measured = result.integrated_lufs
    long_enough = result.episode.duration_ms >= MIN_CALIBRATION_MS
    if measured is not None and math.isfinite(measured) and long_enough:
        calibration.remember(voice, speech.integrated_lufs + gain - measured)
    return result


def master_streamed(
    measured_lufs: float,
    gain_db: float,
    *,
    finish: Callable[[], EncodeResult],
    encode: Callable[[float], EncodeResult],
    speech: Callable[[], Loudness],
    calibration: Calibration,
    voice: str,
    first_guess_toll_db: float = DEFAULT_LIMITER_TOLL_DB,
) -> EncodeResult:
    """Check an episode encoded while it was spoken with the predicted ``gain_db``
    (``measured_lufs``, once mastered): on target, ``finish()`` writes it; otherwise
    it is mastered again as ``master`` does, from the loudness of its speech
    (``speech()``, measured then) with ``encode(gain_db)``: far off, the limiter
    bends the loudness, so the miss alone does not say the gain. Either way the
    voice's offset is remembered from what the edition measures."""
    if not math.isfinite(measured_lufs) or measured_lufs <= SILENCE_LUFS:
        return finish()  # silence: no gain brings it to the target
    if abs(TARGET_LUFS - measured_lufs) <= ACCEPT_LU:
        result = finish()
    else:
        gains: list[float] = []

        def encode_again(gain: float) -> EncodeResult:
            gains.append(gain)
            return encode(gain)

        result = master(
            encode_again, speech(), calibration, voice, first_guess_toll_db=first_guess_toll_db
        )
        gain_db = gains[-1]
    measured = result.integrated_lufs
    long_enough = result.episode.duration_ms >= MIN_CALIBRATION_MS
    if measured is not None and math.isfinite(measured) and long_enough:
        calibration.remember_offset(voice, measured - gain_db)
    return result
