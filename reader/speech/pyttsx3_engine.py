"""``Pyttsx3Engine``: the system's own voices through pyttsx3.

SAPI5 on Windows, NSSpeechSynthesizer on macOS, espeak-ng on Linux, where the
copy bundled by espeakng-loader is loaded first so pyttsx3 finds it. pyttsx3
on Linux has traps that silently give wrong audio (see FIELD-NOTES.md); each
is handled here:

- the bundled library is loaded and ``ESPEAK_DATA_PATH`` set before ``init()``;
- ``runAndWait`` returns before the WAV is written: we wait for
  ``finished-utterance``, with a timeout (an unwritable path never fires it);
- ``espeak_Cancel`` resets rate and voice: ``Synchronize`` after init, around
  every save and after every ``setProperty``;
- one save per ``runAndWait``; empty text is never sent (it asserts);
- the ``Audio saved to ...`` print is kept off stdout.

``init()`` is a per-process singleton and ``fork`` after it hangs: run this
engine in a worker started with spawn (``open_speaker`` does).
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from reader.errors import EngineNotFoundError, EngineTimeoutError, SpeechError
from reader.installed import installed_versions
from reader.speech.clip import Clip, read_wav_as_clip
from reader.speech.engine import VoiceInfo, find_voice
from reader.speech.profile import VoiceSettings

__all__ = ["Pyttsx3Engine", "pyttsx3_version"]

_lock = threading.Lock()
_bundled_handle: Any = None


def pyttsx3_version() -> str:
    return installed_versions(["pyttsx3"])["pyttsx3"] or "not installed"


def _prepare_linux_espeak() -> None:
    """Make pyttsx3's ``libespeak-ng.so.1`` lookup find the bundled library."""
    global _bundled_handle
    if not sys.platform.startswith("linux") or _bundled_handle is not None:
        return
    try:
        import espeakng_loader
    except ImportError:
        return  # fall back to a system espeak-ng, if any
    os.environ["ESPEAK_DATA_PATH"] = str(espeakng_loader.get_data_path())
    _bundled_handle = ctypes.CDLL(str(espeakng_loader.get_library_path()))


class Pyttsx3Engine:
    name = "pyttsx3"

    def __init__(self, *, timeout_s: float = 30.0) -> None:
        self.timeout_s = timeout_s
        with _lock:
            _prepare_linux_espeak()
            try:
                import pyttsx3
            except ImportError as e:
                raise EngineNotFoundError(
                    "pyttsx3 is not installed: `pip install article-reader` installs it"
                ) from e
            try:
                self._engine: Any = pyttsx3.init()
            except Exception as e:  # pyttsx3 raises bare RuntimeError/OSError on a missing driver
                raise EngineNotFoundError(
                    f"pyttsx3 could not start a system voice: {e}. On Linux install "
                    "espeakng-loader (`pip install espeakng-loader`) or espeak-ng"
                ) from e
        self._driver = getattr(self._engine.proxy, "_driver", None)
        self._espeak: Any = None
        if type(self._driver).__module__.endswith("drivers.espeak"):
            from pyttsx3.drivers import _espeak

            self._espeak = _espeak
        self._sync()
        self._voices: list[VoiceInfo] | None = None

    def version(self) -> str:
        driver = type(self._driver).__module__.rsplit(".", 1)[-1]
        return f"pyttsx3 {pyttsx3_version()} ({driver})"

    def list_voices(self) -> list[VoiceInfo]:
        if self._voices is None:
            voices = []
            for v in self._engine.getProperty("voices"):
                languages = tuple(_tag(lang) for lang in (v.languages or []) if _tag(lang))
                voices.append(
                    VoiceInfo(id=str(v.id), name=str(v.name or v.id), languages=languages)
                )
            self._voices = voices
        return list(self._voices)

    def synthesize(self, text: str, settings: VoiceSettings) -> Clip:
        if not text.strip():
            return Clip(b"")  # pyttsx3 asserts on empty text and writes 0 frames for blanks
        voice = find_voice(self.list_voices(), settings, engine=self.name).id
        if settings.variant and self._espeak is not None:
            voice = f"{voice}+{settings.variant}"
        with _lock, tempfile.TemporaryDirectory(prefix="reader-pyttsx3-") as tmp:
            path = Path(tmp) / "clip.wav"
            self._set("voice", voice)
            self._set("rate", settings.rate_wpm)
            self._set("volume", settings.volume)
            if self._espeak is not None:
                self._set("pitch", settings.pitch)
            done = threading.Event()
            token = self._engine.connect("finished-utterance", lambda **_: done.set())
            try:
                with contextlib.redirect_stdout(io.StringIO()):  # "Audio saved to ..."
                    self._sync()
                    self._engine.save_to_file(text, str(path))
                    self._engine.runAndWait()
                    finished = done.wait(self.timeout_s)
                    self._sync()
            except Exception as e:
                raise SpeechError(f"pyttsx3 failed on {text[:60]!r}: {e}") from e
            finally:
                self._engine.disconnect(token)
            if not finished:
                raise EngineTimeoutError(
                    f"pyttsx3 did not finish {text[:60]!r} within {self.timeout_s:g} s"
                )
            if not path.is_file():
                raise SpeechError(f"pyttsx3 wrote no audio file for {text[:60]!r}")
            return read_wav_as_clip(path, engine=self.name)

    def _set(self, name: str, value: object) -> None:
        self._engine.setProperty(name, value)
        self._sync()

    def _sync(self) -> None:
        if self._espeak is not None:
            self._espeak.Synchronize()


def _tag(language: object) -> str:
    if isinstance(language, bytes):
        language = language.decode(errors="ignore")
    return str(language).strip().replace("_", "-").lower()
