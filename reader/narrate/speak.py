"""Speak a script into the speech cache, metering its loudness on the way (effects).

Only utterances the cache lacks are sent to the engine (all of them with
``force``). Every clip, cached or new, is fed in reading order to a sink the
caller owns (``ClipSink``) the moment it and every clip before it are ready:
a ``LoudnessMeter``, so the episode's loudness is known when the last sentence
has been spoken, or the episode's encoders (``reader.narrate.stream``).

Engine processes are kept for the next article of a batch. ``workers`` is
the cores left to this article (a batch of N articles at a time on C cores
gives each C / N). Long articles are spoken by several espeak processes at
once, one a core; Piper speaks with one process whose onnxruntime computes on
that many threads (two processes of one thread each measured no faster on the
seed article: 11.2 s against 11.1 s on two idle cores, for twice the memory).
With ``in_process``, an engine that is safe in this process (espeak-ng)
speaks here, without a worker to start: what ``reader narrate`` does for a
single article (see ``reader.speech.local``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

from reader.narrate.cache import SpeechCache
from reader.script import Role, Script
from reader.speech import Clip, Speaker, VoiceProfile
from reader.speech.local import IN_PROCESS_ENGINES, LocalSpeaker, open_local_speaker

__all__ = ["ClipSink", "close_speakers", "plan_speakers", "speak_script"]

_CHARACTERS_PER_WORKER = {"espeak": 20_000}
"""Text worth another engine process: seconds of espeak work against the third of a
second an espeak worker takes to start. Engines not named here get one process."""
_THREADED_ENGINES = frozenset({"piper"})
"""Engines that compute on several threads: each is told how many it may use."""


class ClipSink(Protocol):
    """Takes every utterance's clip in script order: a ``LoudnessMeter``, or an
    episode being encoded as it is spoken (``reader.narrate.stream.EpisodeFeed``)."""

    def write(self, pcm: bytes) -> None: ...


Request = tuple[str, Role]
Chunk = list[tuple[str, Request]]


def speak_script(
    script: Script,
    keys: Sequence[str],
    cache: SpeechCache,
    *,
    profile: VoiceProfile,
    language: str,
    timeout_s: float,
    workers: int,
    force: bool,
    meter: ClipSink,
    in_process: bool = False,
) -> int:
    """Fill the cache for every utterance, feed ``meter``; return how many were spoken.
    ``in_process`` lets an engine that is safe in this process speak here, unisolated."""
    todo: dict[str, Request] = {}
    for key, utterance in zip(keys, script.utterances(), strict=True):
        if key not in todo and (force or not cache.has(key)):
            todo[key] = (utterance.text, utterance.role)
    spoken_count = len(todo)
    characters = sum(len(text) for text, _ in todo.values())
    count, threads = plan_speakers(profile.engine, characters=characters, cores=workers)
    if count > 1:
        _speak_in_parallel(todo, keys, cache, profile, language, timeout_s, count, threads, meter)
        return spoken_count
    fresh: Iterator[tuple[str, Clip]] = iter(())
    if todo:
        speaker: Speaker | LocalSpeaker
        if in_process and profile.engine in IN_PROCESS_ENGINES:
            speaker = open_local_speaker(profile, language=language)
        else:
            speaker = _shared_speaker(profile, language, timeout_s, threads)
        clips = speaker.synthesize_many(todo.values())
        fresh = zip(todo, clips, strict=True)
    spoken: set[str] = set()
    try:
        for key in keys:
            if key in todo and key not in spoken:
                # todo is in order of first appearance, so the next clip is this one.
                made, clip = next(fresh)
                assert made == key
                cache.put(key, clip.pcm, clip.words)
                spoken.add(key)
                meter.write(clip.pcm)
            else:
                meter.write(cache.read(key))
    except BaseException:
        # Stopped with requests in flight (the cache could not be written...): the
        # kept engine process would answer them to the next article. End it.
        _drop_speaker(profile, language, timeout_s)
        raise
    return spoken_count


def plan_speakers(engine: str, *, characters: int, cores: int) -> tuple[int, int | None]:
    """How many engine processes speak ``characters`` of text on ``cores`` cores, and
    how many threads each may use (None: the engine computes on one)."""
    per_worker = _CHARACTERS_PER_WORKER.get(engine)
    count = max(1, min(cores, characters // per_worker)) if per_worker else 1
    threads = max(1, cores // count) if engine in _THREADED_ENGINES else None
    return count, threads


def _speak_in_parallel(
    todo: dict[str, Request],
    keys: Sequence[str],
    cache: SpeechCache,
    profile: VoiceProfile,
    language: str,
    timeout_s: float,
    count: int,
    threads: int | None,
    meter: ClipSink,
) -> None:
    """Speak ``todo`` with ``count`` kept engine processes at once, one run of it each,
    and feed ``meter`` every clip in script order as soon as it and every clip before
    it are in the cache: the runs finish in any order, only the in-order prefix goes."""
    ready: set[str] = set()
    changed = threading.Condition()

    def speak(slot: int, chunk: Chunk) -> None:
        speaker = _shared_speaker(profile, language, timeout_s, threads, slot)
        clips = speaker.synthesize_many(request for _, request in chunk)
        for (key, _), clip in zip(chunk, clips, strict=True):
            cache.put(key, clip.pcm, clip.words)
            with changed:
                ready.add(key)
                changed.notify_all()

    def wake(_: Future[None]) -> None:
        with changed:
            changed.notify_all()

    def failed() -> bool:
        return any(f.done() and f.exception() is not None for f in futures)

    chunks = _balanced_chunks(list(todo.items()), count)
    pool = ThreadPoolExecutor(max_workers=count)
    futures: list[Future[None]] = []
    try:
        futures += [pool.submit(speak, slot, c) for slot, c in enumerate(chunks)]
        for future in futures:
            future.add_done_callback(wake)
        for key in keys:
            if key in todo:
                with changed:
                    while key not in ready and not failed():
                        changed.wait()
                if key not in ready:
                    break
            meter.write(cache.read(key))
        for future in futures:
            future.result()  # raises what a run raised
    except BaseException:
        for slot in range(count):  # their requests in flight would answer the next article
            _drop_speaker(profile, language, timeout_s, slot)
        raise
    finally:
        pool.shutdown(wait=True)


def _balanced_chunks(items: Chunk, count: int) -> list[Chunk]:
    """``items`` cut into ``count`` runs in order, of about equal text length."""
    total = sum(len(text) for _, (text, _) in items)
    chunks: list[Chunk] = [[]]
    done = 0
    for item in items:
        if done >= total * len(chunks) / count and len(chunks) < count:
            chunks.append([])
        chunks[-1].append(item)
        done += len(item[1][0])
    return chunks


SpeakerKey = tuple[str, str, float, int]
_SPEAKERS: dict[SpeakerKey, Speaker] = {}
"""Engine processes kept for the next article of a batch (one process start each): a
loaded Piper model is a second and a half of CPU an article need not pay again."""
_SPEAKERS_LOCK = threading.Lock()
_MAX_SPEAKERS = 2
"""Kept processes of other voices or languages; one voice speaking an article may
keep one a core."""


def _shared_speaker(
    profile: VoiceProfile, language: str, timeout_s: float, threads: int | None, slot: int = 0
) -> Speaker:
    """A running speaker for ``profile`` and ``language`` (the ``slot``-th of those
    speaking one article side by side), reused across articles; it exits with this
    process (it is a daemon and stops when its pipe closes). One kept with another
    thread count is reused all the same: loading a model again costs more than
    threads that do not quite fit the cores."""
    key: SpeakerKey = (repr(profile), language, timeout_s, slot)
    with _SPEAKERS_LOCK:
        speaker = _SPEAKERS.get(key)
        if speaker is None:
            others = [k for k in _SPEAKERS if k[:3] != key[:3]]
            while others and len(_SPEAKERS) >= _MAX_SPEAKERS:
                _SPEAKERS.pop(others.pop(0)).close()
            speaker = _SPEAKERS[key] = Speaker(
                profile, language=language, timeout_s=timeout_s, threads=threads
            )
    try:
        speaker.start()  # outside the lock: engines side by side load side by side
    except BaseException:
        _drop_speaker(profile, language, timeout_s, slot)
        raise
    return speaker


def _drop_speaker(profile: VoiceProfile, language: str, timeout_s: float, slot: int = 0) -> None:
    with _SPEAKERS_LOCK:
        speaker = _SPEAKERS.pop((repr(profile), language, timeout_s, slot), None)
    if speaker is not None:
        speaker.close()


def close_speakers() -> None:
    """Stop the engine processes kept for later articles."""
    with _SPEAKERS_LOCK:
        speakers = list(_SPEAKERS.values())
        _SPEAKERS.clear()
    for speaker in speakers:
        speaker.close()
