"""Narration: an article in, a complete edition directory out.

The effectful shell around the pure stages: read -> parse -> script ->
speak (cached) -> plan -> encode -> write, atomically.

The settings load eagerly; the pipeline loads on first use, so a batch whose
articles are all unchanged (``reader.narrate.current``) starts fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from reader.narrate.settings import NarrateSettings, narrate_settings

if TYPE_CHECKING:
    from reader.narrate.pipeline import (
        NarrateResult,
        narrate_article,
        narrate_document,
        narrate_text,
    )

__all__ = [
    "NarrateResult",
    "NarrateSettings",
    "narrate_article",
    "narrate_document",
    "narrate_settings",
    "narrate_text",
]

_LAZY = frozenset({"NarrateResult", "narrate_article", "narrate_document", "narrate_text"})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module("reader.narrate.pipeline"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
