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

``tighten_to_sound`` fits each word to its sound: its start moves on from
any silence it begins in (after a comma, Piper's pause runs past the phoneme
durations, and espeak-ng marks a word before its stop's closure), its end
back from the pause after it (a comma's silence belongs to no word).
``shift_words`` follows a clip when its silence is trimmed.
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
    "tighten_to_sound",
    "words_from_marks",
    "words_from_phonemes",
]

_TOKEN = re.compile(r"[\w'’]*\w[\w'’]*")
"""A word as the engines count them: letters and digits, with apostrophes inside
("thigh's"); hyphens and other punctuation separate words ("twenty-two" is two)."""

_STRESS = frozenset("ˈˌ")
_LEAD_IN = _STRESS | {"_"}
"""Symbols whose time belongs to the sound after them (Piper's stress marks and pads)."""
_SPEECH_GAP_S = 0.010
"""Silence this long (seconds) at the start of a word's span starts the word after it;
inside the span, it ends the word there."""


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
            else max(w.start_sample, min(w.end_sample, _sound_end(phones, indices[span[1]]))),
        )
        for w, span in zip(words, spans, strict=True)
    )


def _onset(phones: Sequence[Phone], index: int) -> int:
    """Where the word whose first phoneme is ``phones[index]`` begins to sound.

    Piper gives the stress marks and pads ("_") before a phoneme their own
    durations. After a pause (punctuation, or the start of the text) the word's
    sound may begin there, so it starts with them, and ``tighten_to_sound`` moves
    it on to the sound if the pause runs past them. Between two words they are
    the glide from one to the next, which the two words share: the word starts
    halfway through it. Measured on the seed against the audio after pauses and
    against a recogniser elsewhere, that beats both the glide's start (every
    word early, 29 ms more than the recogniser says) and its end (words after
    a stop's closure late)."""
    lead = index
    while lead > 0 and phones[lead - 1].symbol in _LEAD_IN:
        lead -= 1
    before = lead
    while before > 0 and phones[before - 1].symbol in _LEAD_IN | {" "}:
        before -= 1
    if before > 0 and _sounds(phones[before - 1].symbol):
        return (phones[lead].start_sample + phones[index].start_sample) // 2
    return phones[lead].start_sample


def _sound_end(phones: Sequence[Phone], index: int) -> int:
    """Where the word whose last aligned phoneme is ``phones[index]`` stops sounding:
    with the last phoneme before the next space or punctuation. Alone, a word may
    be phonemised otherwise than in its sentence ("to" is "tuː" alone, "tə" in
    "to walk"), and its phonemes that did not align still sound before the next word."""
    end = phones[index].end_sample
    for phone in phones[index + 1 :]:
        if _sounds(phone.symbol):
            end = phone.end_sample
        elif phone.symbol not in _LEAD_IN:
            break
    return end


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


def tighten_to_sound(
    words: Sequence[WordTiming],
    first_loud: Callable[[int, int], int],
    last_loud: Callable[[int, int], int],
    *,
    sample_rate_hz: int,
) -> tuple[WordTiming, ...]:
    """Each word starting at its first sound when its span opens with a silence of
    ``_SPEECH_GAP_S``, and ending at its last sound before any such silence.

    ``first_loud(start, end)`` gives the index of the first loud sample in
    ``[start, end)`` (``end`` if none); ``last_loud(start, end)`` the index just
    after the last one (``start`` if none). Words whose span holds no sound keep it.
    """
    gap = max(1, round(_SPEECH_GAP_S * sample_rate_hz))
    out = []
    for w in words:
        start, end = w.start_sample, w.end_sample
        if end - start > gap:
            first = first_loud(start, end)
            if first - start >= gap and first < end:
                start = first
            last = last_loud(start, end)
            if last > start and end - last > gap:
                end = last
        out.append(WordTiming(w.start_char, w.end_char, start, end))
    return tuple(out)
