"""``FakeEngine``: deterministic tones of a plausible length, for tests of other stages.

About 60 ms per character at 175 words per minute: a tone for each letter
and silence for each space, its frequency set by the pitch, so the roles of a
profile sound (and hash) different. Voice ``silent`` returns silence, to
exercise the empty-audio check.

A test double, outside the product: ``tests/conftest.py`` registers it as the
engine named ``fake``, so a voice profile with ``engine = "fake"`` speaks with
it, in a spawned worker process too (the worker imports it by its path).
"""

from __future__ import annotations

import math
from array import array

from reader.speech.clip import SAMPLE_RATE_HZ, Clip
from reader.speech.engine import VoiceInfo, find_voice
from reader.speech.profile import VoiceSettings

__all__ = ["FAKE_ENGINE", "FAKE_LANGUAGES", "FakeEngine"]

FAKE_ENGINE = "support.fake_engine:FakeEngine"
"""Its import path, for ``register_engine`` and for profiles."""

FAKE_LANGUAGES = ("en", "en-us", "en-gb", "de", "fr", "es", "it", "nl", "pt")
_MS_PER_CHAR = 60
_DEFAULT_RATE_WPM = 175


class FakeEngine:
    name = "fake"

    def version(self) -> str:
        return "fake 1"

    def list_voices(self) -> list[VoiceInfo]:
        return [
            VoiceInfo(id="tone", name="Tone", languages=FAKE_LANGUAGES),
            VoiceInfo(id="silent", name="Silence", languages=FAKE_LANGUAGES),
        ]

    def synthesize(self, text: str, settings: VoiceSettings) -> Clip:
        text = text.strip()
        if not text:
            return Clip(b"")
        voice = find_voice(self.list_voices(), settings, engine=self.name)
        samples_per_char = round(
            SAMPLE_RATE_HZ * _MS_PER_CHAR / 1000 * _DEFAULT_RATE_WPM / settings.rate_wpm
        )
        gap = bytes(2 * samples_per_char)
        if voice.id == "silent":
            return Clip(gap * len(text))
        tone = _tone(200 + 4 * settings.pitch, samples_per_char, settings.volume)
        return Clip(b"".join(gap if ch.isspace() else tone for ch in text))


def _tone(frequency_hz: int, samples: int, volume: float) -> bytes:
    amplitude = 8000 * volume
    step = 2 * math.pi * frequency_hz / SAMPLE_RATE_HZ
    return array("h", (round(amplitude * math.sin(step * i)) for i in range(samples))).tobytes()
