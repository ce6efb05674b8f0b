"""A talking book of the seed article, made by the real pipeline with the fake engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.seed import SAMPLE

from reader.narrate import NarrateResult, NarrateSettings, narrate_article

FAKE_VOICE = 'name = "fake"\nengine = "fake"\n\n[voice]\nvoice = "tone"\nrate = 350\n'


def fake_settings(out: Path, voices: Path, *formats: str) -> NarrateSettings:
    voices.mkdir(parents=True, exist_ok=True)
    (voices / "fake.toml").write_text(FAKE_VOICE, encoding="utf-8")
    return NarrateSettings(
        out_dir=out, voice="fake", voices_dir=voices, formats=("mp3", *formats), speech_workers=1
    )


@pytest.fixture(scope="module")
def seed_book(tmp_path_factory: pytest.TempPathFactory) -> NarrateResult:
    root = tmp_path_factory.mktemp("books")
    settings = fake_settings(root / "out", root / "voices", "epub", "daisy")
    return narrate_article(str(SAMPLE), settings=settings)
