"""How many engine processes speak an article, and on how many threads each."""

from __future__ import annotations

import pytest

from reader.narrate.speak import plan_speakers


@pytest.mark.parametrize(
    ("engine", "characters", "cores", "expected"),
    [
        ("piper", 6_000, 2, (1, 2)),  # the seed alone on 2 cores: one process, 2 threads
        ("piper", 6_000, 1, (1, 1)),  # --jobs 2 on 2 cores: each article 1 x 1
        ("piper", 100_000, 8, (1, 8)),
        ("espeak", 6_000, 2, (1, None)),  # espeak: one core a process, started for 20k chars
        ("espeak", 50_000, 2, (2, None)),
        ("pyttsx3", 50_000, 2, (1, None)),
        ("fake", 50_000, 2, (1, None)),
    ],
)
def test_speakers_and_threads_fit_the_cores(
    engine: str, characters: int, cores: int, expected: tuple[int, int | None]
) -> None:
    assert plan_speakers(engine, characters=characters, cores=cores) == expected


class _Cache:
    def __init__(self) -> None:
        self.clips: dict[str, bytes] = {}

    def put(self, key: str, pcm: bytes, words: tuple[object, ...] = ()) -> None:
        self.clips[key] = pcm


def test_engine_processes_speaking_side_by_side_are_kept_for_the_next_article() -> None:
    from reader.narrate import speak
    from reader.speech import load_voice_profile

    profile = load_voice_profile("espeak")
    todo = {f"k{n}": (f"Sentence number {n} of the article.", "narrator") for n in range(6)}
    speak.close_speakers()
    try:
        cache = _Cache()
        speak._speak_in_parallel(todo, cache, profile, "en", 30, 2, None)  # type: ignore[arg-type]
        assert set(cache.clips) == set(todo) and all(cache.clips.values())
        first = {key: s._process.pid for key, s in speak._SPEAKERS.items()}
        assert sorted(key[-1] for key in first) == [0, 1]
        speak._speak_in_parallel(todo, _Cache(), profile, "en", 30, 2, None)  # type: ignore[arg-type]
        assert {key: s._process.pid for key, s in speak._SPEAKERS.items()} == first
    finally:
        speak.close_speakers()
    assert speak._SPEAKERS == {}
