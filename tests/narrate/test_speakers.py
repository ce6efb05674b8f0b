"""How many engine processes speak an article, and on how many threads each."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

import pytest

from reader.narrate.speak import plan_speakers
from reader.speech import Clip


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

    def read(self, key: str) -> bytes:
        return self.clips[key]


class _Sink:
    def __init__(self) -> None:
        self.clips: list[bytes] = []

    def write(self, pcm: bytes) -> None:
        self.clips.append(pcm)


def test_engine_processes_speaking_side_by_side_are_kept_for_the_next_article() -> None:
    from reader.narrate import speak
    from reader.speech import load_voice_profile

    profile = load_voice_profile("espeak")
    todo = {f"k{n}": (f"Sentence number {n} of the article.", "narrator") for n in range(6)}
    speak.close_speakers()
    try:
        cache, sink = _Cache(), _Sink()
        keys = [*todo, "k0"]
        speak._speak_in_parallel(todo, keys, cache, profile, "en", 30, 2, None, sink)  # type: ignore[arg-type]
        assert set(cache.clips) == set(todo) and all(cache.clips.values())
        assert sink.clips == [cache.clips[k] for k in keys]
        first = {key: s._process.pid for key, s in speak._SPEAKERS.items()}
        assert sorted(key[-1] for key in first) == [0, 1]
        speak._speak_in_parallel(todo, keys, _Cache(), profile, "en", 30, 2, None, _Sink())  # type: ignore[arg-type]
        assert {key: s._process.pid for key, s in speak._SPEAKERS.items()} == first
    finally:
        speak.close_speakers()
    assert speak._SPEAKERS == {}


class _OrderedSpeaker:
    """Speaks a run of requests as a clip holding the request's text; the first run
    waits until the second has finished, so the runs complete out of order."""

    def __init__(self, slot: int, second_done: threading.Event) -> None:
        self.slot = slot
        self.second_done = second_done

    def synthesize_many(self, requests: Iterable[tuple[str, str]]) -> Iterator[Clip]:
        if self.slot == 0:
            assert self.second_done.wait(timeout=30)
        for text, _ in requests:
            yield Clip(pcm=text.encode().ljust(64, b" "), sample_rate_hz=22050)
        if self.slot == 1:
            self.second_done.set()


def test_runs_finishing_out_of_order_feed_the_clips_in_script_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Piper's and espeak-ng's processes side by side finish in any order; the sink (the
    episode being encoded) gets only the in-order prefix, each clip once per use."""
    from reader.narrate import speak
    from reader.speech import load_voice_profile

    second_done = threading.Event()
    monkeypatch.setattr(
        speak,
        "_shared_speaker",
        lambda profile, language, timeout_s, threads, slot=0: _OrderedSpeaker(slot, second_done),
    )
    todo = {f"k{n}": (f"sentence {n}", "narrator") for n in range(6)}
    keys = ["k0", "k1", "k0", "k2", "k3", "k4", "k5", "k3"]
    cache, sink = _Cache(), _Sink()
    speak._speak_in_parallel(
        todo,  # type: ignore[arg-type]
        keys,
        cache,  # type: ignore[arg-type]
        load_voice_profile("espeak"),
        "en",
        30,
        2,
        None,
        sink,
    )
    assert second_done.is_set()
    assert [c.decode().strip() for c in sink.clips] == [todo[k][0] for k in keys]
