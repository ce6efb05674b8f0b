"""``EspeakEngine``: a direct ctypes binding to the libespeak-ng of espeakng-loader.

The default engine: about 600x real time and the same audio every time.
``espeak_Initialize`` is called with ``AUDIO_OUTPUT_SYNCHRONOUS`` so synthesis
runs on the calling thread, and with ``0x8000`` so a bad data path is an
error instead of ``exit(1)``. The library is loaded without ``RTLD_GLOBAL``:
Piper's ``espeakbridge.so`` exports the same symbols and a global load makes
a process that also runs Piper segfault. One library state per process, so
``EspeakEngine`` is a per-process singleton underneath.

The synthesis callback also collects espeak's WORD events (character position
and sample of each word), which become the clip's word timings.
"""

from __future__ import annotations

import ctypes
import threading
from ctypes import POINTER, Structure, Union, c_char_p, c_int, c_short, c_uint, c_void_p
from dataclasses import dataclass
from typing import Any

from reader.errors import EngineNotFoundError, SpeechError
from reader.installed import installed_versions
from reader.speech.clip import SAMPLE_RATE_HZ, Clip, tighten_words
from reader.speech.engine import VoiceInfo, find_voice
from reader.speech.profile import VoiceSettings
from reader.speech.words import words_from_marks

__all__ = ["EspeakEngine", "espeak_version"]

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_DONT_EXIT = 0x8000
_BUFFER_MS = 1000
"""How much audio espeak-ng hands over per callback. Each callback takes the GIL, and
waits for it while another thread runs Python; with espeak-ng's default (0: 60 ms
buffers) the seed took 5,185 callbacks, with a second's buffer 436, for the same
samples and word events."""
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE, _VOLUME, _PITCH = 1, 2, 3
_EE_OK = 0
_EVENT_LIST_TERMINATED = 0
_EVENT_WORD = 1
_ESPEAK_VOLUME_NORMAL = 100


class _NumberOrName(Union):
    _fields_ = (("number", c_int), ("name", c_char_p))


class _Event(Structure):
    _fields_ = (
        ("type", c_int),
        ("unique_identifier", c_uint),
        ("text_position", c_int),
        ("length", c_int),
        ("audio_position", c_int),
        ("sample", c_int),
        ("user_data", c_void_p),
        ("id", _NumberOrName),
    )


class _Voice(Structure):
    _fields_ = (
        ("name", c_char_p),
        ("languages", c_void_p),
        ("identifier", c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", c_int),
        ("spare", c_void_p),
    )


_Callback = ctypes.CFUNCTYPE(c_int, POINTER(c_short), c_int, POINTER(_Event))


@dataclass(slots=True)
class _Library:
    dll: Any
    callback: Any
    chunks: list[bytes]
    marks: list[tuple[int, int]]
    """The WORD events of the text being spoken: (character offset, sample)."""
    version: str
    current_voice: str = ""


_lock = threading.Lock()
_library: _Library | None = None


def espeak_version() -> str:
    """The espeakng-loader distribution's version, without loading the library."""
    return installed_versions(["espeakng-loader"])["espeakng-loader"] or "unknown"


def _load() -> _Library:
    global _library
    with _lock:
        if _library is None:
            _library = _open_library()
        return _library


def _open_library() -> _Library:
    try:
        import espeakng_loader
    except ImportError as e:
        raise EngineNotFoundError(
            "espeak: the espeakng-loader package is missing; "
            "reinstall reader with `pip install article-reader`"
        ) from e
    lib_path = espeakng_loader.get_library_path()
    data_path = espeakng_loader.get_data_path()
    try:
        dll = ctypes.CDLL(lib_path)  # RTLD_LOCAL: never RTLD_GLOBAL (see module docstring)
    except OSError as e:
        raise EngineNotFoundError(f"espeak: cannot load {lib_path}: {e}") from e
    dll.espeak_Initialize.argtypes = [c_int, c_int, c_char_p, c_int]
    dll.espeak_Initialize.restype = c_int
    dll.espeak_SetSynthCallback.argtypes = [_Callback]
    dll.espeak_SetSynthCallback.restype = None
    dll.espeak_SetVoiceByName.argtypes = [c_char_p]
    dll.espeak_SetVoiceByName.restype = c_int
    dll.espeak_SetParameter.argtypes = [c_int, c_int, c_int]
    dll.espeak_SetParameter.restype = c_int
    dll.espeak_ListVoices.argtypes = [c_void_p]
    dll.espeak_ListVoices.restype = POINTER(POINTER(_Voice))
    dll.espeak_Synth.argtypes = [
        c_void_p, ctypes.c_size_t, c_uint, c_int, c_uint, c_uint, POINTER(c_uint), c_void_p,
    ]  # fmt: skip
    dll.espeak_Synth.restype = c_int
    dll.espeak_Info.argtypes = [c_void_p]
    dll.espeak_Info.restype = c_char_p
    rate = dll.espeak_Initialize(
        _AUDIO_OUTPUT_SYNCHRONOUS, _BUFFER_MS, str(data_path).encode(), _DONT_EXIT
    )
    if rate <= 0:
        raise EngineNotFoundError(
            f"espeak: espeak_Initialize failed with data at {data_path}; "
            "reinstall espeakng-loader (`pip install --force-reinstall espeakng-loader`)"
        )
    if rate != SAMPLE_RATE_HZ:
        raise SpeechError(f"espeak: library speaks at {rate} Hz, expected {SAMPLE_RATE_HZ} Hz")
    chunks: list[bytes] = []
    marks: list[tuple[int, int]] = []

    def on_synth(wav: Any, numsamples: int, events: Any) -> int:
        if numsamples > 0:
            chunks.append(ctypes.string_at(wav, numsamples * 2))
        if events:
            i = 0
            while (event := events[i]).type != _EVENT_LIST_TERMINATED:
                if event.type == _EVENT_WORD:
                    # text_position counts characters from 1; sample is where the word starts
                    marks.append((event.text_position - 1, event.sample))
                i += 1
        return 0

    callback = _Callback(on_synth)  # kept alive in _Library: espeak holds the pointer
    dll.espeak_SetSynthCallback(callback)
    version = (dll.espeak_Info(None) or b"?").decode()
    return _Library(dll=dll, callback=callback, chunks=chunks, marks=marks, version=version)


def _languages(address: int | None) -> tuple[str, ...]:
    """Decode espeak's ``languages`` field: (priority byte, NUL-terminated tag)*, then 0."""
    found: list[str] = []
    if not address:
        return ()
    offset = 0
    while ctypes.string_at(address + offset, 1) != b"\0":
        tag = ctypes.string_at(address + offset + 1)
        found.append(tag.decode(errors="replace").lower())
        offset += 1 + len(tag) + 1
    return tuple(found)


class EspeakEngine:
    """espeak-ng through ctypes; voices are espeak identifiers (``gmw/en-US``) or names."""

    name = "espeak"

    def __init__(self) -> None:
        self._lib = _load()
        self._voices: list[VoiceInfo] | None = None

    def version(self) -> str:
        return f"espeak-ng {self._lib.version} (espeakng-loader {espeak_version()})"

    def list_voices(self) -> list[VoiceInfo]:
        if self._voices is None:
            with _lock:
                array = self._lib.dll.espeak_ListVoices(None)
                voices: list[VoiceInfo] = []
                i = 0
                while array[i]:
                    v = array[i].contents
                    voices.append(
                        VoiceInfo(
                            id=(v.identifier or b"").decode(errors="replace"),
                            name=(v.name or b"").decode(errors="replace"),
                            languages=_languages(v.languages),
                        )
                    )
                    i += 1
            self._voices = voices
        return list(self._voices)

    def synthesize(self, text: str, settings: VoiceSettings) -> Clip:
        if not text.strip():
            return Clip(b"")
        voice = find_voice(self.list_voices(), settings, engine=self.name).id
        if settings.variant:
            voice = f"{voice}+{settings.variant}"
        dll = self._lib.dll
        data = text.encode("utf-8") + b"\0"
        with _lock:
            if voice != self._lib.current_voice:
                if dll.espeak_SetVoiceByName(voice.encode()) != _EE_OK:
                    raise SpeechError(
                        f"espeak: could not select voice {voice!r}; "
                        "run `reader voices --engine espeak`"
                    )
                self._lib.current_voice = voice
            dll.espeak_SetParameter(_RATE, settings.rate_wpm, 0)
            dll.espeak_SetParameter(_PITCH, settings.pitch, 0)
            dll.espeak_SetParameter(_VOLUME, round(settings.volume * _ESPEAK_VOLUME_NORMAL), 0)
            self._lib.chunks.clear()
            self._lib.marks.clear()
            status = dll.espeak_Synth(
                data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
            )
            pcm = b"".join(self._lib.chunks)
            marks = list(self._lib.marks)
            self._lib.chunks.clear()
            self._lib.marks.clear()
        if status != _EE_OK:
            raise SpeechError(f"espeak: espeak_Synth failed with status {status}")
        words = words_from_marks(text, marks, total_samples=len(pcm) // 2)
        return tighten_words(Clip(pcm, words=words))
