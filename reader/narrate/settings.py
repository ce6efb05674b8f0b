"""How a narration is made: the settings the CLI, the API and tests build once
and pass down (pure data)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["NarrateSettings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class NarrateSettings:
    out_dir: Path = Path("output")
    voice: str = "default"
    """Voice profile name (``voices/<name>.toml``) or a path to a profile."""
    voices_dir: Path | None = None
    """Where profiles live; the project's ``voices/`` when None."""
    formats: tuple[str, ...] = ("mp3",)
    """``mp3`` always; ``m4b`` adds an AAC audiobook with the same chapters."""
    force: bool = False
    """Ignore the speech cache and re-narrate even when nothing changed."""
    lexicons: tuple[Path, ...] = ()
    """Project pronunciation lexicons (TOML or PLS); later ones win."""
    cache_dir: Path | None = None
    """Synthesised speech by content; ``<out_dir>/.cache/speech`` when None."""
    timeout_s: float = 30.0
    """Longest one synthesis call may take."""
    max_bytes: int = 10 * 1024 * 1024
    speech_workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    """Engine processes speaking one article at once (engines that use one core each)."""
    read_references: bool = False
    """Read lists of references out instead of announcing their length."""
    language_dirs: tuple[Path, ...] = ()
    """Directories of extra language files (``<code>.toml``, see ``reader.languages``);
    a file there adds a language or replaces a shipped one."""
