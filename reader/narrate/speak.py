"""Speak a script into the speech cache, metering its loudness on the way (effects).

Only utterances the cache lacks are sent to the engine (all of them with
``force``). Every clip, cached or new, is fed in reading order to a
``LoudnessMeter``, so the episode's loudness is known when the last sentence
has been spoken, without another pass over the audio.

Engine processes are kept for the next article of a batch. Long articles are
spoken by several espeak processes at once; Piper's onnxruntime already uses
every core, so it gets one. With ``in_process``, an engine that is safe in
this process (espeak-ng) speaks here, without a worker to start: what
``reader narrate`` does for a single article (see ``reader.speech.local``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

from reader.audio import LoudnessMeter
from reader.narrate.cache import SpeechCache
from reader.script import Role, Script
from reader.speech import Clip, Speaker, VoiceProfile, open_speaker
from reader.speech.local import IN_PROCESS_ENGINES, LocalSpeaker, open_local_speaker

__all__ = ["close_speakers", "speak_script"]

_ONE_CORE_ENGINES = frozenset({"espeak"})
_CHARACTERS_PER_WORKER = 20_000
"""Text worth another engine process: seconds of espeak work, against the third of a
second a worker takes to start."""

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
    meter: LoudnessMeter,
    in_process: bool = False,
) -> int:
    """Fill the cache for every utterance, feed ``meter``; return how many were spoken.
    ``in_process`` lets an engine that is safe in this process speak here, unisolated."""
    todo: dict[str, Request] = {}
    for key, utterance in zip(keys, script.utterances(), strict=True):
        if key not in todo and (force or not cache.has(key)):
            todo[key] = (utterance.text, utterance.role)
    spoken_count = len(todo)
    workers = workers if profile.engine in _ONE_CORE_ENGINES else 1
    characters = sum(len(text) for text, _ in todo.values())
    count = max(1, min(workers, characters // _CHARACTERS_PER_WORKER))
    if count > 1:
        _speak_in_parallel(todo, cache, profile, language, timeout_s, count)
        fresh: Iterator[tuple[str, Clip]] = iter(())
        todo = {}
    elif todo:
        speaker: Speaker | LocalSpeaker
        if in_process and profile.engine in IN_PROCESS_ENGINES:
            speaker = open_local_speaker(profile, language=language)
        else:
            speaker = _shared_speaker(profile, language, timeout_s)
        clips = speaker.synthesize_many(todo.values())
        fresh = zip(todo, clips, strict=True)
    else:
        fresh = iter(())
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


def _speak_in_parallel(
    todo: dict[str, Request],
    cache: SpeechCache,
    profile: VoiceProfile,
    language: str,
    timeout_s: float,
    count: int,
) -> None:
    def speak(chunk: list[tuple[str, Request]]) -> None:
        with open_speaker(profile, language=language, timeout_s=timeout_s) as speaker:
            clips = speaker.synthesize_many(request for _, request in chunk)
            for (key, _), clip in zip(chunk, clips, strict=True):
                cache.put(key, clip.pcm, clip.words)

    with ThreadPoolExecutor(max_workers=count) as pool:
        for done in [pool.submit(speak, c) for c in _balanced_chunks(list(todo.items()), count)]:
            done.result()


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


_SPEAKERS: dict[tuple[str, str, float], Speaker] = {}
"""Engine processes kept for the next article of a batch (one process start each)."""
_MAX_SPEAKERS = 2


def _shared_speaker(profile: VoiceProfile, language: str, timeout_s: float) -> Speaker:
    """A running speaker for ``profile`` and ``language``, reused across articles; it
    exits with this process (it is a daemon and stops when its pipe closes)."""
    key = (repr(profile), language, timeout_s)
    speaker = _SPEAKERS.get(key)
    if speaker is None:
        while len(_SPEAKERS) >= _MAX_SPEAKERS:
            _SPEAKERS.pop(next(iter(_SPEAKERS))).close()
        speaker = _SPEAKERS[key] = open_speaker(profile, language=language, timeout_s=timeout_s)
    return speaker


def _drop_speaker(profile: VoiceProfile, language: str, timeout_s: float) -> None:
    speaker = _SPEAKERS.pop((repr(profile), language, timeout_s), None)
    if speaker is not None:
        speaker.close()


def close_speakers() -> None:
    """Stop the engine processes kept for later articles."""
    while _SPEAKERS:
        _SPEAKERS.popitem()[1].close()
