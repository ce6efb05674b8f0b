"""Word timings of a clip: where each spoken word starts and ends (pure).

A ``WordTiming`` ties a span of the text sent to the engine (character
offsets) to a span of the clip's samples. Engines report them in their own
terms, and the functions here turn those into words:

- espeak-ng reports a WORD event per word with its character position and
  its sample: ``words_from_marks``.
- Piper reports how many samples each phoneme took (``include_alignments``),
  and phonemises with espeak-ng, so words are the phoneme groups between
  spaces: ``words_from_phonemes``. When espeak joins or splits words (it runs
  "of the" together), the words' own phonemes are aligned to the sentence's.
- Any other engine, or a clip cached before timings were kept, gets
  ``spread_words``: the clip's time shared by the words in proportion to
  their length, which callers record as an estimate.

``tighten_ends`` moves each word's end back from the pause after it (a
comma's silence belongs to no word), and ``shift_words`` follows a clip
when its silence is trimmed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = [
    "Phone",
    "WordTiming",
    "shift_words",
    "speech_tokens",
    "spread_words",
    "tighten_ends",
    "words_from_marks",
    "words_from_phonemes",
]

_TOKEN = re.compile(r"[\w'’]*\w[\w'’]*")
"""A word as the engines count them: letters and digits, with apostrophes inside
("thigh's"); hyphens and other punctuation separate words ("twenty-two" is two)."""

_STRESS = frozenset("ˈˌ")
_LEAD_IN = _STRESS | {"_"}
"""Symbols whose time belongs to the sound after them (Piper's stress marks and pads)."""
_SPEECH_END_GAP = 0.010
"""Silence this long (seconds) inside a word's span ends the word there."""


@dataclass(frozen=True, slots=True)
class WordTiming:
    """One spoken word: ``text[start_char:end_char]`` sounds in samples
    ``[start_sample, end_sample)`` of its clip."""

    start_char: int
    end_char: int
    start_sample: int
    end_sample: int

    def to_list(self) -> list[int]:
        """Compact form for JSON: ``[start_char, end_char, start_sample, end_sample]``."""
        return [self.start_char, self.end_char, self.start_sample, self.end_sample]

    @classmethod
    def from_list(cls, values: Sequence[int]) -> WordTiming:
        a, b, c, d = (int(v) for v in values)
        return cls(a, b, c, d)


def speech_tokens(text: str) -> list[tuple[int, int]]:
    """The character spans of the words in ``text``."""
    return [m.span() for m in _TOKEN.finditer(text)]


def _finish(
    tokens: Sequence[tuple[int, int]], starts: Sequence[int], total_samples: int
) -> tuple[WordTiming, ...]:
    """Words from each token's start sample: a word ends where the next begins."""
    ends = [*starts[1:], total_samples]
    return tuple(
        WordTiming(a, b, max(0, min(s, total_samples)), max(0, min(max(e, s), total_samples)))
        for (a, b), s, e in zip(tokens, starts, ends, strict=True)
    )


def words_from_marks(
    text: str, marks: Sequence[tuple[int, int]], *, total_samples: int
) -> tuple[WordTiming, ...]:
    """Words from an engine's word marks: ``(character offset, sample)`` pairs.

    Each token takes the first mark that falls inside it; a token with no mark
    (the engine read it together with the one before) starts where the time
    between its neighbours' marks is shared out by length. Empty when no
    mark falls in any token.
    """
    tokens = speech_tokens(text)
    if not tokens:
        return ()
    found: list[int | None] = [None] * len(tokens)
    ordered = sorted(marks)
    t = 0
    for char, sample in ordered:
        while t < len(tokens) and tokens[t][1] <= char:
            t += 1
        if t == len(tokens):
            break
        if tokens[t][0] <= char + 1 and found[t] is None:  # a mark may sit on the space before
            found[t] = sample
    if all(s is None for s in found):
        return ()
    starts = _fill(tokens, found, total_samples)
    return _finish(tokens, _monotonic(starts), total_samples)


def _fill(
    tokens: Sequence[tuple[int, int]], found: Sequence[int | None], total_samples: int
) -> list[int]:
    """Starts for tokens without one, shared by length between the known ones."""
    starts = list(found)
    known = [i for i, s in enumerate(starts) if s is not None]
    first = known[0]
    for i in range(first):  # before the first mark: squeezed in front of it
        starts[i] = found[first]
    for left, right in zip(known, [*known[1:], len(tokens)], strict=True):
        if right - left <= 1:
            continue
        begin = found[left]
        end = found[right] if right < len(tokens) else total_samples
        assert begin is not None and end is not None
        lengths = [b - a for a, b in tokens[left:right]]
        total = sum(lengths)
        done = 0
        for i in range(left + 1, right):
            done += lengths[i - left - 1]
            starts[i] = begin + (end - begin) * done // total
    return [int(s or 0) for s in starts]


def _monotonic(starts: Sequence[int]) -> list[int]:
    out: list[int] = []
    for s in starts:
        out.append(max(s, out[-1]) if out else s)
    return out


def spread_words(text: str, total_samples: int) -> tuple[WordTiming, ...]:
    """Words that share ``total_samples`` in proportion to their length: an estimate."""
    tokens = speech_tokens(text)
    if not tokens:
        return ()
    lengths = [b - a + 1 for a, b in tokens]  # +1: a short word still takes a syllable
    total = sum(lengths)
    starts, done = [], 0
    for length in lengths:
        starts.append(total_samples * done // total)
        done += length
    return _finish(tokens, starts, total_samples)


@dataclass(frozen=True, slots=True)
class Phone:
    """One phoneme as an engine spoke it, in samples of the clip."""

    symbol: str
    start_sample: int
    end_sample: int


def words_from_phonemes(
    text: str,
    phones: Sequence[Phone],
    *,
    total_samples: int,
    phonemize: Callable[[str], str],
) -> tuple[WordTiming, ...]:
    """Words from timed phonemes (Piper's, which espeak-ng phonemised).

    Each word is phonemised alone (``phonemize``) and those phonemes are
    aligned to the clip's, so words espeak ran together ("of the") or split
    are found all the same: a word starts at its first aligned phoneme and
    ends with its last. A word none of whose phonemes aligned shares the
    time between its neighbours. Empty when less than half could be aligned.
    """
    tokens = speech_tokens(text)
    indices = [i for i, p in enumerate(phones) if _sounds(p.symbol)]
    if not tokens or not indices:
        return ()
    sounding = [phones[i] for i in indices]
    stream = "".join(p.symbol for p in sounding)
    own = ["".join(c for c in phonemize(text[a:b]) if _sounds(c)) or "?" for a, b in tokens]
    joined = "".join(own)
    matcher = difflib.SequenceMatcher(None, joined, stream, autojunk=False)
    blocks = [m for m in matcher.get_matching_blocks() if m.size]
    if sum(m.size for m in blocks) < len(joined) / 2:
        return ()
    spans: list[tuple[int, int] | None] = []
    offset = 0
    for word in own:
        spans.append(_mapped(blocks, offset, offset + len(word)))
        offset += len(word)
    starts = [None if s is None else _onset(phones, indices[s[0]]) for s in spans]
    words = _finish(tokens, _monotonic(_fill(tokens, starts, total_samples)), total_samples)
    return tuple(
        WordTiming(
            w.start_char,
            w.end_char,
            w.start_sample,
            w.end_sample
            if span is None
            else max(w.start_sample, min(w.end_sample, sounding[span[1]].end_sample)),
        )
        for w, span in zip(words, spans, strict=True)
    )


def _onset(phones: Sequence[Phone], index: int) -> int:
    """Where the sound of ``phones[index]`` begins: at the stress marks and pads ("_")
    just before it. Piper gives each its own duration, and the phoneme after them
    starts sounding there ("Asked" is heard from its "ˈ", 100 ms before its "æ")."""
    while index > 0 and phones[index - 1].symbol in _LEAD_IN:
        index -= 1
    return phones[index].start_sample


def _offset(phones: Sequence[Phone], index: int) -> int:
    """Where the sound of ``phones[index]`` ends: with the pad after it, if any."""
    while index + 1 < len(phones) and phones[index + 1].symbol == "_":
        index += 1
    return phones[index].end_sample


def _sounds(symbol: str) -> bool:
    return symbol not in _STRESS and (symbol.isalpha() or symbol in "ːˑ̃ʰʲ")


def _mapped(blocks: Sequence[difflib.Match], begin: int, end: int) -> tuple[int, int] | None:
    """Where in the stream the first and the last matched of ``joined[begin:end]`` lie."""
    found = [
        (m.b + (max(begin, m.a) - m.a), m.b + (min(end, m.a + m.size) - 1 - m.a))
        for m in blocks
        if max(begin, m.a) < min(end, m.a + m.size)
    ]
    return (found[0][0], found[-1][1]) if found else None


def shift_words(
    words: Sequence[WordTiming], offset_samples: int, total_samples: int
) -> tuple[WordTiming, ...]:
    """``words`` in a clip cut to start ``offset_samples`` later and hold ``total_samples``."""

    def at(sample: int) -> int:
        return max(0, min(sample - offset_samples, total_samples))

    return tuple(
        WordTiming(w.start_char, w.end_char, at(w.start_sample), at(w.end_sample)) for w in words
    )


def tighten_ends(
    words: Sequence[WordTiming],
    loud: Callable[[int, int], int],
    *,
    sample_rate_hz: int,
) -> tuple[WordTiming, ...]:
    """Each word ending at its last sound before any pause of ``_SPEECH_END_GAP``.

    ``loud(start, end)`` gives the index just after the last loud sample in
    ``[start, end)`` (``start`` if none); words whose span holds no sound keep it.
    """
    gap = max(1, round(_SPEECH_END_GAP * sample_rate_hz))
    out = []
    for w in words:
        end = w.end_sample
        if end - w.start_sample > gap:
            last = loud(w.start_sample, end)
            if last > w.start_sample and end - last > gap:
                end = last
        out.append(WordTiming(w.start_char, w.end_char, w.start_sample, end))
    return tuple(out)
