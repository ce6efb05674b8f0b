"""``transcript.json``: every sentence and every word of the edition, timed (pure).

The engine times the words it spoke (``WordTiming``: spans of the spoken
text, in samples of the sentence's clip). The transcript shows the article's
own words, which normalisation changed ("5 km" is spoken "five
kilometres"), so spoken words are mapped back to shown words: the two word
sequences are aligned; words that match, or runs of equal length between
matches ("5 km" / "five kilometres"), pair up in order; any other run of shown
words shares the time of the spoken run it stands for ("1,250" takes the
time of "one thousand, two hundred and fifty"). A shown word that was not
spoken at all (an emoji's name, a link's address) gets an empty span where it
stands.

Each sentence records where its word times come from: ``"engine"`` (the
engine's own events or phoneme durations) or ``"estimated"`` (the sentence's
time spread over its words by length, for engines that give no timings and
clips cached before timings were kept; ``reader narrate --force`` speaks
them again).

The JSON, times in seconds from the start of the episode::

    {"version": 1, "language": "en", "duration": 325.41,
     "sections": [{"number": 1, "title": "...", "start": 0.0, "end": 12.5,
                   "file": "sections/01-....mp3"}, ...],
     "sentences": [{"section": 1, "start": 0.25, "end": 2.1, "speaker": "heading",
                    "timing": "engine", "text": "Inner thigh cramps",
                    "words": [{"text": "Inner", "start": 0.25, "end": 0.52,
                               "offset": 0, "spoken": "inner"}, ...]}, ...]}

A word's ``offset`` is where it starts in its sentence's ``text``; ``spoken``
is what the engine said for it, given only where it differs from ``text``.
A time within a section file is the episode time less the section's start.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from reader.edition.plan import Layout
from reader.script.model import Script
from reader.speech.words import WordTiming, speech_tokens

__all__ = [
    "TRANSCRIPT_JSON_VERSION",
    "ShownWord",
    "SpokenTiming",
    "build_transcript_json",
    "format_transcript_json",
    "shown_words",
    "transcript_data",
]

TRANSCRIPT_JSON_VERSION = 1

Timing = Literal["engine", "estimated"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SpokenTiming:
    """The word timings of one utterance's clip, and where they come from."""

    words: tuple[WordTiming, ...]
    timing: Timing


@dataclass(frozen=True, slots=True, kw_only=True)
class ShownWord:
    """A word of the shown sentence, ``text[start_char:end_char]``, with its samples
    in the clip and the spoken words it stands for."""

    start_char: int
    end_char: int
    start_sample: int
    end_sample: int
    spoken: str


def _key(word: str) -> str:
    return word.lower().replace("’", "'").replace("'", "")


def shown_words(shown: str, spoken: str, words: Sequence[WordTiming]) -> tuple[ShownWord, ...]:
    """The words of ``shown`` timed by the timings of ``spoken``'s words (see module doc)."""
    shown_spans = speech_tokens(shown)
    if not shown_spans:
        return ()
    timed = [w for w in words if w.end_char <= len(spoken)]
    if not timed:
        return tuple(ShownWord(start_char=a, end_char=b, start_sample=0, end_sample=0, spoken="")
                     for a, b in shown_spans)  # fmt: skip
    shown_keys = [_key(shown[a:b]) for a, b in shown_spans]
    spoken_keys = [_key(spoken[w.start_char : w.end_char]) for w in timed]
    matcher = difflib.SequenceMatcher(None, shown_keys, spoken_keys, autojunk=False)
    out: list[ShownWord] = []
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        m, n = i2 - i1, j2 - j1
        if m == 0:
            continue  # spoken words with no shown word (a link's "link to")
        for k in range(m):
            a, b = shown_spans[i1 + k]
            if n == 0:  # not spoken: an empty span where it stands
                at = timed[j1].start_sample if j1 < len(timed) else timed[-1].end_sample
                out.append(ShownWord(start_char=a, end_char=b, start_sample=at, end_sample=at,
                                     spoken=""))  # fmt: skip
                continue
            lo, hi = k * n // m, max((k + 1) * n // m, k * n // m + 1)
            group = timed[j1 + lo : j1 + min(hi, n)]
            out.append(
                ShownWord(
                    start_char=a,
                    end_char=b,
                    start_sample=group[0].start_sample,
                    end_sample=max(group[-1].end_sample, group[0].start_sample),
                    spoken=" ".join(spoken[w.start_char : w.end_char] for w in group),
                )
            )
    return tuple(out)


def _s(samples: int, rate: int) -> float:
    return round(samples / rate, 3)


def build_transcript_json(script: Script, layout: Layout, timings: Sequence[SpokenTiming]) -> str:
    """``transcript.json`` for an edition laid out as ``layout``; ``timings`` has one
    entry per utterance of ``script``, in order."""
    return format_transcript_json(transcript_data(script, layout, timings))


def format_transcript_json(data: Mapping[str, Any]) -> str:
    """``transcript.json``'s text for its data (``transcript_data``)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def transcript_data(
    script: Script, layout: Layout, timings: Sequence[SpokenTiming]
) -> dict[str, Any]:
    """What ``build_transcript_json`` writes, as JSON-ready data (see module doc)."""
    utterances = script.utterances()
    if len(timings) != len(utterances):
        raise ValueError(f"{len(timings)} timings for {len(utterances)} utterances")
    rate = layout.sample_rate_hz
    section_of = [n for n, t in enumerate(script.tracks, start=1) for _ in t.utterances]
    sentences = []
    for index, (utterance, placement, timing) in enumerate(
        zip(utterances, layout.placements, timings, strict=True)
    ):
        shown = " ".join(utterance.display.split())
        base = placement.start_sample
        words = []
        for w in shown_words(shown, utterance.text, timing.words):
            text = shown[w.start_char : w.end_char]
            word: dict[str, object] = {
                "text": text,
                "start": _s(base + w.start_sample, rate),
                "end": _s(base + w.end_sample, rate),
                "offset": w.start_char,
            }
            if w.spoken != text:
                word["spoken"] = w.spoken
            words.append(word)
        sentences.append(
            {
                "section": section_of[index],
                "start": _s(base, rate),
                "end": _s(base + placement.samples, rate),
                "speaker": utterance.role,
                "timing": timing.timing,
                "text": shown,
                "words": words,
            }
        )
    return {
        "version": TRANSCRIPT_JSON_VERSION,
        "language": script.language,
        "duration": _s(layout.total_samples, rate),
        "sections": [
            {
                "number": span.number,
                "title": span.title,
                "start": _s(span.start_sample, rate),
                "end": _s(span.end_sample, rate),
                "file": span.filename,
            }
            for span in layout.sections
        ],
        "sentences": sentences,
    }
