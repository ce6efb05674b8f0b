"""``LocalSpeaker``: an engine run in this process, for engines that are safe in it.

A ``Speaker`` runs its engine in a worker process, so that a crash or a hang
is an error instead of a dead program; starting that worker (a fresh Python
interpreter re-importing reader) costs more CPU than espeak-ng takes to speak
a whole article. ``LocalSpeaker`` speaks in the calling process instead, with
the same interface and the same checks on every clip (sound, trimmed
silence). The pipeline uses it only where a crash could stop nothing else:
``reader narrate`` on one article (see ``reader.narrate.speak``).

Only engines in ``IN_PROCESS_ENGINES`` may run here: espeak-ng (a C library
that needs no process of its own, loaded without ``RTLD_GLOBAL``). pyttsx3
must be alone in its process and Piper uses every core, so they keep their
worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import TracebackType

from reader.errors import SpeechError
from reader.script.model import Role
from reader.speech.clip import Clip
from reader.speech.engine import Engine, engine_for, resolve_roles, speak_checked
from reader.speech.identity import voice_identity
from reader.speech.profile import ROLES, VoiceProfile, VoiceSettings

__all__ = ["IN_PROCESS_ENGINES", "LocalSpeaker", "open_local_speaker"]

IN_PROCESS_ENGINES = frozenset({"espeak"})
"""Engines that may speak in the narrating process itself."""


def open_local_speaker(profile: VoiceProfile, *, language: str) -> LocalSpeaker:
    """Build ``profile``'s engine in this process, its voices chosen for ``language``."""
    speaker = LocalSpeaker(profile, language=language)
    speaker.start()
    return speaker


class LocalSpeaker:
    """A ``Speaker`` without a worker process (see the module docstring)."""

    def __init__(self, profile: VoiceProfile, *, language: str) -> None:
        if profile.engine not in IN_PROCESS_ENGINES:
            raise SpeechError(f"{profile.engine}: this engine needs a worker process")
        self.profile = profile
        self.language = language
        self.engine_version = ""
        self.voices: dict[Role, VoiceSettings] = {}
        """Each role's settings with the voice the engine chose for the language."""
        self._engine: Engine | None = None

    def __enter__(self) -> LocalSpeaker:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def identity(self, role: Role) -> str:
        """Engine, engine version, voice and settings of ``role``: a cache key part."""
        return voice_identity(self.profile, role, language=self.language)

    def start(self) -> None:
        if self._engine is not None:
            return
        engine = engine_for(self.profile.engine)
        roles = {role: self.profile.settings_for(role) for role in ROLES}
        self.voices = resolve_roles(engine, roles, language=self.language)
        self.engine_version = engine.version()
        self._engine = engine

    def close(self) -> None:
        self._engine = None

    def synthesize(self, text: str, role: Role = "narrator") -> Clip:
        return next(iter(self.synthesize_many([(text, role)])))

    def synthesize_many(self, items: Iterable[tuple[str, Role]]) -> Iterator[Clip]:
        """Clips for ``items`` in order, each checked for sound and trimmed, as a
        worker returns them."""
        self.start()
        engine = self._engine
        assert engine is not None
        for text, role in items:
            yield speak_checked(engine, text, self.voices[role])
