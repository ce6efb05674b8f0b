"""How a narration is made: the settings the CLI, the API and tests build once
and pass down (pure data)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.storage.open import StorageConfig, cache_storage_for

if TYPE_CHECKING:  # pydantic loads only where settings are read (reader.config)
    from reader.config import Settings

__all__ = ["NarrateSettings", "narrate_settings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class NarrateSettings:
    out_dir: Path = Path("output")
    voice: str = "default"
    """Voice profile name (``voices/<name>.toml``) or a path to a profile."""
    voices_dir: Path | None = None
    """Where profiles live; the project's ``voices/`` when None."""
    formats: tuple[str, ...] = ("mp3",)
    """``mp3`` always; ``m4b`` adds an AAC audiobook with the same chapters, ``epub`` an
    EPUB 3 talking book, ``daisy`` a DAISY 2.02 one (text and narration in sync,
    ``reader.books``)."""
    force: bool = False
    """Ignore the speech cache and re-narrate even when nothing changed."""
    lexicons: tuple[Path, ...] = ()
    """Project pronunciation lexicons (TOML or PLS); later ones win."""
    cache_dir: Path | None = None
    """A folder for the speech cache of its own; else the cache lives in
    ``cache_storage`` (``<out_dir>/.cache/speech`` when that is None too)."""
    cache_storage: StorageConfig | None = None
    """The storage that holds the speech cache shared by every worker, under
    ``.cache/speech`` (``reader.narrate.cache``): the editions' storage, S3 in
    the distributed mode. The ``out_dir`` folder when None."""
    timeout_s: float = 30.0
    """Longest one synthesis call may take."""
    max_bytes: int = 10 * 1024 * 1024
    speech_workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    """Cores for speaking one article: as many espeak processes, or Piper processes
    whose threads add up to it (``reader.narrate.speak.plan_speakers``)."""
    speech_in_process: bool = False
    """Let an engine that is safe in-process (espeak-ng) speak in the narrating process,
    without a worker process to start; a crash or a hang of the engine is then not
    isolated. ``run_batch`` sets it when it narrates a single article itself."""
    read_references: bool = False
    """Read lists of references out instead of announcing their length."""
    language_dirs: tuple[Path, ...] = ()
    """Directories of extra language files (``<code>.toml``, see ``reader.languages``);
    a file there adds a language or replaces a shipped one."""


def narrate_settings(config: Settings | None, **changes: Any) -> NarrateSettings:
    """How ``reader narrate`` and API jobs narrate under the server's ``config``
    (``reader.toml [narrate]``, ``[server] out_dir``), with ``changes`` on top.
    ``config=None`` stands for the default settings (no settings file, no
    ``READER_`` variable), which are ``NarrateSettings``' own defaults: the
    command line then narrates without loading the settings' validation."""
    if config is None:
        return replace(NarrateSettings(), **changes)
    settings = NarrateSettings(
        out_dir=config.out_dir,
        cache_storage=cache_storage_for(config),
        voices_dir=config.voices_dir,
        formats=config.formats,
        lexicons=config.lexicons,
        read_references=config.read_references,
        language_dirs=config.language_dirs,
    )
    return replace(settings, **changes)
