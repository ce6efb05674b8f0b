"""Every error reader raises on purpose.

Library code raises these and never prints or exits; only the CLI (stderr and
exit code) and the web layer (HTTP status) catch them. Adapters wrap
third-party failures with ``raise ... from e``. A message says what went
wrong, where, and what to do::

    ReaderError
     ├── InputError (ValueError)          an article we cannot read
     │    ├── FrontMatterError             YAML/TOML front matter is broken
     │    └── FetchError                   a URL could not be fetched
     ├── ConfigError (ValueError)          a voice profile, lexicon or reader.toml is wrong
     ├── SlugError (ValueError)            a slug that names no edition directory
     ├── SpeechError (RuntimeError)        the speech engine failed
     │    ├── EngineNotFoundError          engine not installed (says how to install it)
     │    ├── VoiceNotFoundError           the engine has no such voice / language
     │    ├── EngineTimeoutError           a synthesis call did not finish in time
     │    └── EmptyAudioError              a synthesis call produced no audio
     ├── AudioError (RuntimeError)         ffmpeg failed, or audio could not be written
     ├── RecogniserError (RuntimeError)    `reader proof`'s speech recogniser is not installed
     │                                     (says how to install it) or failed
     ├── StorageError (OSError)            the edition storage (folder or S3) failed
     └── QueueError (RuntimeError)         the broker cannot be reached, or a queued article
                                           failed on a worker (the message is the reason)
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AudioError",
    "ConfigError",
    "EmptyAudioError",
    "EngineNotFoundError",
    "EngineTimeoutError",
    "FetchError",
    "FrontMatterError",
    "InputError",
    "QueueError",
    "ReaderError",
    "RecogniserError",
    "SlugError",
    "SpeechError",
    "StorageError",
    "VoiceNotFoundError",
]


class ReaderError(Exception):
    """Base of every error reader raises on purpose."""

    def arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """The constructor's arguments: ``type(e)(*args, **kwargs)`` rebuilds ``e``, in
        another process too (pickling uses them, so every subclass round-trips)."""
        return self.args, {}

    def __reduce__(self) -> tuple[Any, ...]:
        args, kwargs = self.arguments()
        return (_rebuild, (type(self), args, kwargs))


def _rebuild(cls: type[ReaderError], args: tuple[Any, ...], kwargs: dict[str, Any]) -> ReaderError:
    return cls(*args, **kwargs)


class InputError(ReaderError, ValueError):
    """An article that cannot be read: the message starts with its name."""

    def __init__(self, source: str, problem: str, *, line: int | None = None) -> None:
        self.source = source
        self.problem = problem
        self.line = line
        where = f"{source} line {line}" if line is not None else source
        super().__init__(f"{where}: {problem}")

    def arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.source, self.problem), {"line": self.line}


class FrontMatterError(InputError):
    """The front matter block is not valid YAML or TOML."""


class FetchError(InputError):
    """A URL could not be fetched (bad scheme, timeout, too large, HTTP error)."""


class ConfigError(ReaderError, ValueError):
    """A voice profile, lexicon or settings file is missing or invalid."""


class SlugError(ReaderError, ValueError):
    """A slug that cannot name an edition: empty, ``.``/``..``, or a path that leaves
    the editions directory."""


class SpeechError(ReaderError, RuntimeError):
    """The speech engine failed."""


class EngineNotFoundError(SpeechError):
    """The engine is not installed; the message says how to install it."""


class VoiceNotFoundError(SpeechError):
    """The engine has no voice with that name or for that language."""


class EngineTimeoutError(SpeechError):
    """A synthesis call did not finish within its timeout."""


class EmptyAudioError(SpeechError):
    """A synthesis call for non-empty text produced no audio."""


class AudioError(ReaderError, RuntimeError):
    """ffmpeg failed, or an audio file could not be written or read."""


class RecogniserError(ReaderError, RuntimeError):
    """The speech recogniser ``reader proof`` uses is not installed (the message says how
    to install it), or it failed on an audio file."""


class StorageError(ReaderError, OSError):
    """Storage (a folder or an S3 bucket) failed to read, write, list or delete an
    object; the message names the object. Often transient: worth a retry."""


class QueueError(ReaderError, RuntimeError):
    """The broker cannot be reached, or a queued article failed on a worker: the
    message says why (a worker's failure reason reaches the submitter as this)."""
