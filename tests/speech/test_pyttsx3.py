import subprocess
import sys
import textwrap

import pytest

from reader.speech import EspeakEngine, VoiceSettings, load_voice_profile, open_speaker

from .conftest import VOICES_DIR, seed_sentences

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="compares against espeak-ng")


def test_pyttsx3_speaks_sentences_at_the_right_rate() -> None:
    profile = load_voice_profile("pyttsx3", voices_dir=VOICES_DIR)
    sentences = seed_sentences()[:6] + ["Short one.", "And another, a little longer."]
    with open_speaker(profile, language="en") as speaker:
        clips = list(speaker.synthesize_many([(s, "narrator") for s in sentences]))
        settings = speaker.voices["narrator"]
        empty = speaker.synthesize("", "narrator")
    assert empty.samples == 0
    # The same espeak-ng speaking directly: a reset rate or a lost file would differ a lot.
    reference = EspeakEngine()
    for sentence, clip in zip(sentences, clips, strict=True):
        direct = reference.synthesize(sentence, settings)
        assert clip.samples == pytest.approx(direct.samples, rel=0.15), sentence


def test_pyttsx3_adapter_times_out_instead_of_hanging() -> None:
    code = textwrap.dedent(
        """
        from reader.errors import EngineTimeoutError
        from reader.speech import Pyttsx3Engine, VoiceSettings
        engine = Pyttsx3Engine(timeout_s=0.001)
        try:
            engine.synthesize("A long sentence. " * 40, VoiceSettings(language="en"))
        except EngineTimeoutError as e:
            print("timeout:", e)
        assert engine.synthesize("", VoiceSettings()).samples == 0
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "timeout: pyttsx3 did not finish" in result.stdout
    assert "Audio saved to" not in result.stdout


def test_pyttsx3_voice_ids_work_in_the_espeak_adapter() -> None:
    engine = EspeakEngine()
    clip = engine.synthesize("Hello there.", VoiceSettings(voice="gmw/en-us"))
    assert clip.samples > 0
