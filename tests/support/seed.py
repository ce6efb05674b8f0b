"""The seed article and what every test knows about it."""

from __future__ import annotations

import shutil
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


def warm_speech_cache(seed_out: Path, out: Path) -> None:
    """Give ``out`` a copy of the speech cache the session's seed narration filled
    (``seed_out`` is that narration's ``out_dir``, the ``seed_edition`` fixture's
    ``edition_dir.parent``): narrating the seed into ``out`` with the default voice
    then runs the whole real pipeline without speaking the article again, since
    Piper takes some twenty CPU-seconds to speak it."""
    shutil.copytree(seed_out / ".cache", out / ".cache", dirs_exist_ok=True)
