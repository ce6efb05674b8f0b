"""The one-line notice when an article is read by the default profile's fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model import Document
from reader.narrate.pipeline import fallback_notice
from reader.parse import parse_article
from reader.speech import load_voice_profile

VOICES = Path(__file__).resolve().parents[2] / "voices"


def _doc() -> Document:
    return parse_article("---\ntitle: Krämpfe\nlanguage: de\n---\n\nText.\n", source="de.md")


def test_the_notice_names_the_article_the_language_and_the_fallback() -> None:
    default, espeak = (load_voice_profile(n, voices_dir=VOICES) for n in ("default", "espeak"))
    notice = fallback_notice(_doc(), default, espeak, "de")
    assert notice == (
        "'Krämpfe' is in de, which the 'default' voice (piper) does not speak: "
        "read by the 'espeak' voice (espeak) instead"
    )
    assert "\n" not in notice


def test_the_notice_says_when_the_engine_has_no_voice_at_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("reader.narrate.pipeline.engine_languages", lambda name: ())
    default, espeak = (load_voice_profile(n, voices_dir=VOICES) for n in ("default", "espeak"))
    notice = fallback_notice(_doc(), default, espeak, "en")
    assert "'Krämpfe'" in notice and "(piper) has no voice installed" in notice
    assert "'espeak' voice (espeak) instead" in notice
