"""``LocalSpeaker``: espeak-ng in the narrating process, clip for clip as its worker speaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import SpeechError
from reader.speech import load_voice_profile, open_speaker
from reader.speech.local import LocalSpeaker, open_local_speaker
from reader.speech.profile import VoiceProfile

VOICES_DIR = Path(__file__).resolve().parents[2] / "voices"


def espeak_profile() -> VoiceProfile:
    for name in ("espeak", "default"):
        path = VOICES_DIR / f"{name}.toml"
        if path.is_file() and load_voice_profile(path).engine == "espeak":
            return load_voice_profile(path)
    raise AssertionError("no espeak profile in voices/")


def test_in_process_clips_are_the_workers_clips(sentences: list[str]) -> None:
    profile = espeak_profile()
    items = [(s, role) for s, role in zip(sentences[:8], ["narrator", "heading"] * 4, strict=True)]
    with open_speaker(profile, language="en") as worker:
        expected = [clip.pcm for clip in worker.synthesize_many(items)]
        voices, version = worker.voices, worker.engine_version
    with open_local_speaker(profile, language="en") as local:
        assert [clip.pcm for clip in local.synthesize_many(items)] == expected
        assert local.voices == voices
        assert local.engine_version == version
        assert local.identity("narrator") == worker.identity("narrator")


def test_engines_that_need_a_process_of_their_own_are_refused() -> None:
    profile = load_voice_profile(VOICES_DIR / "pyttsx3.toml")
    with pytest.raises(SpeechError, match="worker process"):
        LocalSpeaker(profile, language="en")
