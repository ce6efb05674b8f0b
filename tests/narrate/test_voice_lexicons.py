"""A voice profile's own lexicons: applied to what that voice speaks, under the
project's and the article's lexicons, and part of what an edition is made from."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.narrate import NarrateSettings, narrate_text
from reader.narrate.current import input_sha256

ARTICLE = "---\ntitle: Short\n---\n\nThe thigh hurts.\n"


@pytest.fixture
def voices(tmp_path: Path) -> Path:
    directory = tmp_path / "voices"
    (directory / "lexicons").mkdir(parents=True)
    (directory / "lexicons" / "long.toml").write_text(
        'thigh = "thigh thigh thigh thigh thigh"\n', encoding="utf-8"
    )
    (directory / "plain.toml").write_text('engine = "fake"\n', encoding="utf-8")
    (directory / "lexed.toml").write_text(
        'engine = "fake"\nlexicons = ["lexicons/long.toml"]\n', encoding="utf-8"
    )
    return directory


def _narrate(tmp_path: Path, voices: Path, voice: str, **changes: object) -> int:
    settings = NarrateSettings(
        out_dir=tmp_path / voice, voice=voice, voices_dir=voices, speech_workers=1, **changes
    )
    return narrate_text(ARTICLE, settings=settings, format="markdown").manifest.duration_ms


def test_the_voices_lexicon_changes_what_it_says(tmp_path: Path, voices: Path) -> None:
    assert _narrate(tmp_path, voices, "lexed") > _narrate(tmp_path, voices, "plain") + 1000


def test_a_project_lexicon_wins_over_the_voices(tmp_path: Path, voices: Path) -> None:
    project = tmp_path / "project.toml"
    project.write_text('thigh = "thigh"\n', encoding="utf-8")
    plain = _narrate(tmp_path, voices, "plain")
    assert _narrate(tmp_path, voices, "lexed", lexicons=(project,)) == plain


def test_the_voices_lexicon_is_part_of_the_input(tmp_path: Path, voices: Path) -> None:
    settings = NarrateSettings(voice="lexed", voices_dir=voices)
    before = input_sha256(ARTICLE.encode(), settings=settings)
    (voices / "lexicons" / "long.toml").write_text('thigh = "thy"\n', encoding="utf-8")
    assert input_sha256(ARTICLE.encode(), settings=settings) != before
