"""Engines that misbehave on purpose, for tests of the worker process.

A worker started with spawn imports it by its path: name it in a profile as
``engine = TROUBLE_ENGINE`` (``support.trouble_engine:TroubleEngine``).
"""

from __future__ import annotations

import os
import time

from reader.errors import FrontMatterError, SpeechError
from reader.speech.clip import Clip
from reader.speech.profile import VoiceSettings
from support.fake_engine import FakeEngine

__all__ = ["CRASH", "FAIL", "FAIL_INPUT", "HANG", "STALL", "TROUBLE_ENGINE", "TroubleEngine"]

TROUBLE_ENGINE = "support.trouble_engine:TroubleEngine"

CRASH = "<crash>"
"""Text containing this makes the engine's process exit at once."""
HANG = "<hang>"
"""Text containing this makes the engine sleep for ten minutes."""
STALL = "stallsforever"
"""Like ``HANG``, as a plain word: it reaches the engine through a whole article
(parsing and speech normalisation keep it as it is)."""
FAIL = "<fail>"
"""Text containing this makes the engine raise ``SpeechError``."""
FAIL_INPUT = "<fail-input>"
"""Text containing this makes the engine raise ``FrontMatterError`` (an ``InputError``
with a source and a line), to test that errors cross the process boundary intact."""


class TroubleEngine(FakeEngine):
    name = "trouble"

    def version(self) -> str:
        return "trouble 1"

    def synthesize(self, text: str, settings: VoiceSettings) -> Clip:
        if CRASH in text:
            os._exit(3)
        if HANG in text or STALL in text:
            time.sleep(600)
        if FAIL_INPUT in text:
            raise FrontMatterError("speech.md", f"asked to fail on {text!r}", line=4)
        if FAIL in text:
            raise SpeechError(f"trouble: asked to fail on {text!r}")
        return super().synthesize(text, settings)
