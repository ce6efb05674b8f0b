import pytest

from reader.errors import VoiceNotFoundError
from reader.speech import VoiceSettings, check_audio, load_voice_profile, open_speaker

from .conftest import VOICES_DIR

pytestmark = pytest.mark.neural


def test_piper_speaks_a_sentence_deterministically() -> None:
    from reader.speech import PiperEngine

    engine = PiperEngine(threads=1)
    text = "Inner thigh cramps are common after long runs."
    clip = check_audio(engine.synthesize(text, VoiceSettings()), text, engine="piper")
    assert 1500 < clip.duration_ms < 6000
    assert engine.synthesize(text, VoiceSettings()) == clip
    higher = engine.synthesize(text, VoiceSettings(pitch=62))
    assert higher.samples == pytest.approx(clip.samples, rel=0.1)
    assert higher.pcm != clip.pcm
    slower = engine.synthesize(text, VoiceSettings(rate_wpm=140))
    assert slower.samples > 1.1 * clip.samples


def test_joe_profile_through_a_worker() -> None:
    profile = load_voice_profile("joe", voices_dir=VOICES_DIR)
    with open_speaker(profile, language="en-US") as speaker:
        question, answer = speaker.synthesize_many(
            [("Can I stretch every day?", "question"), ("Yes, gently.", "answer")]
        )
    assert question.samples > 0 and answer.samples > 0


def test_joe_refuses_a_german_article() -> None:
    profile = load_voice_profile("joe", voices_dir=VOICES_DIR)
    with pytest.raises(VoiceNotFoundError, match="no voice for language 'de'.*en"):
        open_speaker(profile, language="de")


def test_missing_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from reader.errors import EngineNotFoundError
    from reader.speech import PiperEngine

    monkeypatch.setitem(sys.modules, "piper", None)
    with pytest.raises(EngineNotFoundError, match=r"pip install 'article-reader\[neural\]'"):
        PiperEngine()
