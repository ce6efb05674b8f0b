"""Engines that misbehave on purpose, for tests of the worker process.

They live in the package (not in ``tests/``) so a worker started with spawn
can import them: name one in a profile as
``engine = "reader.speech.testing:TroubleEngine"``.
"""

from __future__ import annotations

import os
import time

from reader.errors import SpeechError
from reader.speech.clip import Clip
from reader.speech.fake import FakeEngine
from reader.speech.profile import VoiceSettings

__all__ = ["CRASH", "FAIL", "HANG", "TroubleEngine"]

CRASH = "<crash>"
"""Text containing this makes the engine's process exit at once."""
HANG = "<hang>"
"""Text containing this makes the engine sleep for ten minutes."""
FAIL = "<fail>"
"""Text containing this makes the engine raise ``SpeechError``."""


class TroubleEngine(FakeEngine):
    name = "trouble"

    def version(self) -> str:
        return "trouble 1"

    def synthesize(self, text: str, settings: VoiceSettings) -> Clip:
        if CRASH in text:
            os._exit(3)
        if HANG in text:
            time.sleep(600)
        if FAIL in text:
            raise SpeechError(f"trouble: asked to fail on {text!r}")
        return super().synthesize(text, settings)
