"""``LocalSpeaker``: espeak-ng in the narrating process, clip for clip as its worker speaks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.errors import SpeechError
from reader.speech import load_voice_profile
from reader.speech.local import LocalSpeaker

VOICES_DIR = Path(__file__).resolve().parents[2] / "voices"

# libespeak-ng's output depends on what the library spoke before in the process
# (a few samples more or less), so both sides start from a fresh library: a fresh
# worker, and the in-process speaker in a fresh interpreter. The profile switches
# rate and pitch between roles, but no variant: alternating variants makes
# libespeak-ng differ from one run to the next, worker or not.
_COMPARE = """
import sys
from reader.speech import open_speaker
from reader.speech.local import open_local_speaker
from reader.speech.profile import VoiceProfile, VoiceSettings
base = VoiceSettings(language="en-US", rate_wpm=175)
profile = VoiceProfile(name="plain", engine="espeak", roles={
    "narrator": base,
    "heading": VoiceSettings(language="en-US", rate_wpm=160, pitch=46),
    "question": VoiceSettings(language="en-US", rate_wpm=175, pitch=62),
    "answer": VoiceSettings(language="en-US", rate_wpm=170),
})
sentences = [
    "What causes inner thigh cramps?", "Dehydration.",
    "Dehydration can be a major cause of inner thigh cramps.",
    "Can dehydration cause inner thigh cramps?",
    "Yes, dehydration can cause inner thigh cramps.",
]
items = [(s, r) for s in sentences for r in ("narrator", "heading", "question", "answer")]
with open_local_speaker(profile, language="en") as local:
    here = [c.pcm for c in local.synthesize_many(items)]
    identity = local.identity("question"), local.engine_version, local.voices
with open_speaker(profile, language="en") as worker:
    there = [c.pcm for c in worker.synthesize_many(items)]
    assert (worker.identity("question"), worker.engine_version, worker.voices) == identity
print("same" if here == there else "different", len(here))
"""


def test_in_process_clips_are_the_workers_clips() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _COMPARE], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["same", "20"]


def test_engines_that_need_a_process_of_their_own_are_refused() -> None:
    profile = load_voice_profile(VOICES_DIR / "pyttsx3.toml")
    with pytest.raises(SpeechError, match="worker process"):
        LocalSpeaker(profile, language="en")
