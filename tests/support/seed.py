"""The seed article and what every test knows about it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "data" / "parse" / "inner-thigh-cramps.md"
"""A copy of ``../shared/corpus/inner-thigh-cramps.md`` (``reader/samples`` has another)."""
SAMPLE = ROOT / "reader" / "samples" / "inner-thigh-cramps.md"
"""The copy the README's run command narrates."""

TITLE = "What Causes Inner Thigh Cramps?"
SECTIONS = [
    "Dehydration",
    "Electrolyte Imbalance",
    "Overuse",
    "Muscle Fatigue",
    "Treatment for Inner Thigh Cramps",
    "Frequently Asked Questions",
]
