"""Narrate one article into ``<out_dir>/<slug>/`` (stub: being written)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reader.edition.manifest import Manifest
from reader.model import Document

__all__ = [
    "NarrateResult",
    "NarrateSettings",
    "narrate_article",
    "narrate_document",
    "narrate_text",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class NarrateSettings:
    out_dir: Path = Path("output")
    voice: str = "default"
    """Voice profile name (``voices/<name>.toml``) or a path to a profile."""
    voices_dir: Path | None = None
    formats: tuple[str, ...] = ("mp3",)
    force: bool = False
    """Ignore the speech cache and re-narrate even when nothing changed."""
    lexicons: tuple[Path, ...] = ()
    timeout_s: float = 30.0
    max_bytes: int = 10 * 1024 * 1024
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class NarrateResult:
    slug: str
    status: Literal["narrated", "unchanged"]
    manifest: Manifest
    edition_dir: Path


def narrate_document(
    doc: Document, *, settings: NarrateSettings, source_sha256: str = ""
) -> NarrateResult:
    raise NotImplementedError


def narrate_text(
    text: str,
    *,
    settings: NarrateSettings,
    format: Literal["markdown", "html"] | None = None,
    source: str = "<api>",
) -> NarrateResult:
    raise NotImplementedError


def narrate_article(location: str, *, settings: NarrateSettings) -> NarrateResult:
    raise NotImplementedError
