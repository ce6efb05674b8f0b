"""Narration: an article in, a complete edition directory out.

The effectful shell around the pure stages: read -> parse -> script ->
speak (cached) -> plan -> encode -> write, atomically.
"""

from reader.narrate.pipeline import (
    NarrateResult,
    NarrateSettings,
    narrate_article,
    narrate_document,
    narrate_text,
)

__all__ = [
    "NarrateResult",
    "NarrateSettings",
    "narrate_article",
    "narrate_document",
    "narrate_text",
]
