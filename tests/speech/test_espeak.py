import pytest

from reader.errors import VoiceNotFoundError
from reader.speech import EspeakEngine, VoiceSettings, check_audio, trim_silence
from reader.speech.engine import resolve_settings
from reader.speech.words import speech_tokens


@pytest.fixture(scope="module")
def engine() -> EspeakEngine:
    return EspeakEngine()


def test_audio_comes_out_for_every_sentence_of_the_seed(
    engine: EspeakEngine, sentences: list[str]
) -> None:
    assert len(sentences) > 20
    settings = resolve_settings(engine, VoiceSettings(language="en-US"), language="en")
    for sentence in sentences:
        clip = check_audio(engine.synthesize(sentence, settings), sentence, engine="espeak")
        # at least ~25 ms per character: a cut-off clip would be far shorter
        assert clip.duration_ms > 25 * len(sentence.split()) * 4, sentence


def test_german_article_gets_a_german_voice(engine: EspeakEngine) -> None:
    settings = resolve_settings(engine, VoiceSettings(language="en-US"), language="de")
    assert settings.voice == "gmw/de"
    text = "Die Wadenkrämpfe kommen meistens in der Nacht."
    german = engine.synthesize(text, settings)
    english = engine.synthesize(text, VoiceSettings(voice="gmw/en-US"))
    check_audio(german, text, engine="espeak")
    assert german.pcm != english.pcm


def test_voice_variant_and_pitch_change_the_sound(engine: EspeakEngine) -> None:
    text = "Can I stretch every day?"
    plain = engine.synthesize(text, VoiceSettings(voice="gmw/en-US"))
    question = engine.synthesize(text, VoiceSettings(voice="gmw/en-US", variant="f3", pitch=62))
    assert plain.pcm != question.pcm


def test_slower_rate_is_longer(engine: EspeakEngine) -> None:
    text = "Stretch your muscles gently before and after exercise."
    slow = engine.synthesize(text, VoiceSettings(voice="gmw/en-US", rate_wpm=120))
    fast = engine.synthesize(text, VoiceSettings(voice="gmw/en-US", rate_wpm=240))
    assert slow.samples > 1.5 * fast.samples


def test_unknown_voice_is_a_clear_error(engine: EspeakEngine) -> None:
    with pytest.raises(VoiceNotFoundError, match="no voice 'klingon-x'.*gmw/en-US"):
        engine.synthesize("Hello.", VoiceSettings(voice="klingon-x"))


def test_language_espeak_lacks_is_a_clear_error(engine: EspeakEngine) -> None:
    with pytest.raises(VoiceNotFoundError, match="no voice for language 'tlh'"):
        resolve_settings(engine, VoiceSettings(), language="tlh")


def test_lists_about_a_hundred_languages(engine: EspeakEngine) -> None:
    voices = engine.list_voices()
    languages = {lang.split("-")[0] for v in voices for lang in v.languages}
    assert len(languages) > 90
    assert any(v.id == "gmw/en-US" and "en-us" in v.languages for v in voices)
    assert engine.version().startswith("espeak-ng 1.")


def test_empty_text_gives_an_empty_clip(engine: EspeakEngine) -> None:
    assert engine.synthesize("  ", VoiceSettings()).samples == 0


def test_every_word_is_timed_from_espeaks_word_events(engine: EspeakEngine) -> None:
    text = "Café naïve, the thigh's twenty-two kilometres; of the cramps."
    clip = trim_silence(engine.synthesize(text, VoiceSettings()))
    assert [text[w.start_char : w.end_char] for w in clip.words] == [
        text[a:b] for a, b in speech_tokens(text)
    ], "character offsets count characters, not UTF-8 bytes"
    starts = [w.start_sample for w in clip.words]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert all(0 <= w.start_sample < w.end_sample <= clip.samples for w in clip.words)
    gap = clip.words[2].start_sample - clip.words[1].end_sample
    assert gap > 22050 * 0.05, "the comma's pause belongs to neither word"
    again = trim_silence(engine.synthesize("One more sentence.", VoiceSettings()))
    assert len(again.words) == 3, "events of one call never leak into the next"
