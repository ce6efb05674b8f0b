"""The messages a ``Speaker`` and its worker process exchange, one dataclass each.

Parent to worker: ``Resolve`` once (pick each role's voice for the language),
then ``Synthesize`` per clip, and ``Stop``. Worker to parent: ``Ready`` for
``Resolve``, ``Spoken`` or ``Failed`` for each ``Synthesize``, in order.
A ``Failed`` carries a reader error as its class and constructor arguments,
so the parent raises the very error the engine raised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reader.errors import ReaderError, SpeechError
from reader.script.model import Role
from reader.speech.profile import VoiceSettings
from reader.speech.words import WordTiming

__all__ = [
    "Failed",
    "Ready",
    "Reply",
    "Request",
    "Resolve",
    "Spoken",
    "Stop",
    "Synthesize",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolve:
    """Pick each role's voice for the article's language; answered by ``Ready``."""

    roles: Mapping[Role, VoiceSettings]
    """Each role's settings as the profile gives them."""
    language: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Synthesize:
    """Speak ``text`` with ``role``'s voice; answered by ``Spoken`` or ``Failed``."""

    request_id: int
    text: str
    role: Role


@dataclass(frozen=True, slots=True)
class Stop:
    """Exit the worker's loop."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Ready:
    """The engine started and chose its voices."""

    engine_version: str
    voices: Mapping[Role, VoiceSettings]
    """Each role's settings with the voice the engine chose for the language."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Spoken:
    """The clip for the ``Synthesize`` with the same ``request_id``: checked for sound
    and trimmed of leading and trailing silence."""

    request_id: int
    pcm: bytes
    words: tuple[WordTiming, ...] = ()
    """Where the words of the text sound in ``pcm``; empty when the engine does not say."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Failed:
    """A request failed; ``error()`` is what the parent raises."""

    request_id: int | None
    """The ``Synthesize`` that failed; None when starting or resolving failed."""
    error_type: type[ReaderError] | None
    """The reader error raised; None for any other exception, described in ``message``."""
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    message: str = ""

    @classmethod
    def of(cls, request_id: int | None, error: BaseException) -> Failed:
        if isinstance(error, ReaderError):
            args, kwargs = error.arguments()
            return cls(request_id=request_id, error_type=type(error), args=args, kwargs=kwargs)
        message = f"{type(error).__name__}: {error}"
        return cls(request_id=request_id, error_type=None, message=message)

    def error(self, engine: str) -> ReaderError:
        """The error to raise in the parent (a ``SpeechError`` naming ``engine`` if not ours)."""
        if self.error_type is None:
            return SpeechError(f"{engine}: {self.message}")
        return self.error_type(*self.args, **self.kwargs)


Request = Resolve | Synthesize | Stop
Reply = Ready | Spoken | Failed
