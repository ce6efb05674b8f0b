"""Speech: engines, voice profiles and the worker processes that run them.

``open_speaker(profile, language=...)`` is the entry point the pipeline
uses; ``engine_for(name)`` builds an engine in-process (tests, listings).
Every clip is mono s16le PCM at ``SAMPLE_RATE_HZ``.
"""

from reader.speech.clip import SAMPLE_RATE_HZ, Clip, check_audio, trim_silence
from reader.speech.engine import (
    ENGINES,
    Engine,
    VoiceInfo,
    choose_voice,
    engine_for,
    engine_target,
    profile_for_language,
    register_engine,
)
from reader.speech.espeak import EspeakEngine
from reader.speech.identity import voice_identity
from reader.speech.piper_engine import PiperEngine
from reader.speech.profile import (
    ROLES,
    VoiceProfile,
    VoiceSettings,
    list_voice_profiles,
    load_voice_profile,
)
from reader.speech.pyttsx3_engine import Pyttsx3Engine
from reader.speech.words import WordTiming
from reader.speech.worker import Speaker, open_speaker

__all__ = [
    "ENGINES",
    "ROLES",
    "SAMPLE_RATE_HZ",
    "Clip",
    "Engine",
    "EspeakEngine",
    "PiperEngine",
    "Pyttsx3Engine",
    "Speaker",
    "VoiceInfo",
    "VoiceProfile",
    "VoiceSettings",
    "WordTiming",
    "check_audio",
    "choose_voice",
    "engine_for",
    "engine_target",
    "list_voice_profiles",
    "load_voice_profile",
    "open_speaker",
    "profile_for_language",
    "register_engine",
    "trim_silence",
    "voice_identity",
]
