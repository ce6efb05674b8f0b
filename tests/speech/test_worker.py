import pytest
from support.fake_engine import FakeEngine
from support.trouble_engine import CRASH, FAIL, HANG, TROUBLE_ENGINE

from reader.errors import (
    EmptyAudioError,
    EngineNotFoundError,
    EngineTimeoutError,
    SpeechError,
    VoiceNotFoundError,
)
from reader.speech import (
    ROLES,
    VoiceProfile,
    VoiceSettings,
    open_speaker,
    trim_silence,
)

TROUBLE = TROUBLE_ENGINE


def profile(engine: str = TROUBLE, **settings: object) -> VoiceProfile:
    base = VoiceSettings(**settings)  # type: ignore[arg-type]
    roles = {role: base for role in ROLES}
    roles["question"] = VoiceSettings(pitch=70)
    return VoiceProfile(name="test", engine=engine, roles=roles)


def expected(text: str, settings: VoiceSettings) -> bytes:
    return trim_silence(FakeEngine().synthesize(text, settings)).pcm


def test_synthesize_many_keeps_order_and_roles() -> None:
    items = [(f"sentence number {i}", "question" if i % 3 == 0 else "narrator") for i in range(40)]
    with open_speaker(profile("fake"), language="en") as speaker:
        clips = list(speaker.synthesize_many(items))  # type: ignore[arg-type]
    assert len(clips) == len(items)
    for (text, role), clip in zip(items, clips, strict=True):
        settings = VoiceSettings(pitch=70) if role == "question" else VoiceSettings()
        assert clip.pcm == expected(text, settings)


def test_a_crash_is_an_error_and_the_next_call_works() -> None:
    with open_speaker(profile(), language="en") as speaker:
        with pytest.raises(SpeechError, match="died"):
            speaker.synthesize(f"boom {CRASH}", "narrator")
        assert speaker.synthesize("still here", "narrator").pcm == expected(
            "still here", VoiceSettings()
        )


def test_a_hang_times_out_and_the_next_call_works() -> None:
    with open_speaker(profile(), language="en", timeout_s=1) as speaker:
        with pytest.raises(EngineTimeoutError, match="within 1 s"):
            speaker.synthesize(f"wait {HANG}", "narrator")
        assert speaker.synthesize("awake", "narrator").samples > 0


def test_a_crash_inside_a_batch_stops_it_and_the_speaker_recovers() -> None:
    items = [("one", "narrator"), (CRASH, "narrator"), ("three", "narrator")]
    with open_speaker(profile(), language="en") as speaker:
        clips = []
        with pytest.raises(SpeechError):
            for clip in speaker.synthesize_many(items):  # type: ignore[arg-type]
                clips.append(clip)
        assert len(clips) == 1
        assert speaker.synthesize("four", "narrator").pcm == expected("four", VoiceSettings())


def test_an_engine_error_mid_batch_does_not_shift_later_answers() -> None:
    items = [("one", "narrator"), (FAIL, "narrator"), ("three", "narrator"), ("four", "narrator")]
    with open_speaker(profile(), language="en") as speaker:
        with pytest.raises(SpeechError, match="asked to fail"):
            list(speaker.synthesize_many(items))  # type: ignore[arg-type]
        assert speaker.synthesize("five", "narrator").pcm == expected("five", VoiceSettings())


def test_abandoning_a_batch_does_not_shift_later_answers() -> None:
    items = [(f"item {i}", "narrator") for i in range(10)]
    with open_speaker(profile(), language="en") as speaker:
        for _ in speaker.synthesize_many(items):  # type: ignore[arg-type]
            break
        assert speaker.synthesize("fresh", "narrator").pcm == expected("fresh", VoiceSettings())


def test_silence_is_an_empty_audio_error() -> None:
    with open_speaker(profile(voice="silent"), language="en") as speaker:
        with pytest.raises(EmptyAudioError, match="only silence"):
            speaker.synthesize("Hello.", "narrator")


def test_unknown_voice_fails_when_opening() -> None:
    with pytest.raises(VoiceNotFoundError, match="no voice 'bob'"):
        open_speaker(profile(voice="bob"), language="en")


def test_language_without_a_voice_fails_when_opening() -> None:
    with pytest.raises(VoiceNotFoundError, match="no voice for language 'ja'"):
        open_speaker(profile(), language="ja")


def test_missing_engine_fails_when_opening() -> None:
    with pytest.raises(EngineNotFoundError, match="no.such.module"):
        open_speaker(profile("no.such.module:Engine"), language="en")


def test_identity_names_engine_voice_and_settings() -> None:
    with open_speaker(profile("fake"), language="de") as speaker:
        narrator, question = speaker.identity("narrator"), speaker.identity("question")
        assert speaker.voices["narrator"].voice == "tone"
        assert speaker.engine_version == "fake 1"
    assert narrator != question
    assert "fake" in narrator and "language=de" in narrator and "pitch=70" in question
    with open_speaker(profile("fake"), language="de") as again:
        assert again.identity("narrator") == narrator


def test_word_timings_come_back_from_the_worker_trimmed_with_the_clip() -> None:
    text = "Inner thigh cramps, at night."
    with open_speaker(profile("espeak"), language="en") as speaker:
        (clip,) = speaker.synthesize_many([(text, "narrator")])
    assert [text[w.start_char : w.end_char] for w in clip.words] == [
        "Inner", "thigh", "cramps", "at", "night",
    ]  # fmt: skip
    assert clip.words[0].start_sample < 22050 * 0.02, "the clip starts at its first word"
    assert all(0 <= w.start_sample < w.end_sample <= clip.samples for w in clip.words)
