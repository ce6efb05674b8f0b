from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "reader" / "samples" / "inner-thigh-cramps.md"
VOICES_DIR = Path(__file__).resolve().parents[2] / "voices"


def seed_sentences() -> list[str]:
    """The seed article's body split plainly on '. ' (front matter dropped)."""
    text = SEED.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1] if text.startswith("---") else text
    return [s.strip() for s in body.replace("\n", " ").split(". ") if s.strip(" #*-")]


@pytest.fixture
def sentences() -> list[str]:
    return seed_sentences()
