"""Text to sentences: one sentence is one engine call and one transcript cue."""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

# Abbreviations after which a full stop never ends a sentence...
_NEVER_FINAL = frozenset(
    "mr mrs ms dr prof st mt sgt capt col gen gov rev hon fr sr jr no nos fig figs vol "
    "ch sec art pp p vs v e.g i.e cf approx ca al dept est".split()
)
# ...and after which it ends one only when a capitalised word follows.
_MAYBE_FINAL = frozenset("etc inc ltd co corp a.m p.m u.s u.k u.n ph.d".split())

_BOUNDARY = re.compile(r"(?:[.!?…]+|[。！？]+)[\"'”’»)\]]*(?=\s+|$)|[。！？]+")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` in order; each line of ``text`` splits separately."""
    sentences: list[str] = []
    for line in text.splitlines():
        sentences.extend(_split_line(" ".join(line.split())))
    return sentences


def _split_line(line: str) -> list[str]:
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(line):
        end = match.end()
        rest = line[end:].lstrip()
        if not rest:
            break
        if match.group().startswith(".") and not _ends_sentence(line[start : match.start()], rest):
            continue
        if rest[0].islower():
            continue
        out.append(line[start:end].strip())
        start = end
    tail = line[start:].strip()
    if tail:
        out.append(tail)
    return out


def _ends_sentence(before: str, after: str) -> bool:
    found = _WORD_BEFORE.search(before)
    word = found.group(1).lower().rstrip(".") if found else ""
    if word in _NEVER_FINAL:
        return False
    if len(word) == 1 and word.isalpha() and before[-1:].isupper():
        return False  # an initial: "J. R. R. Tolkien"
    if word in _MAYBE_FINAL:
        return after[:1].isupper()
    if word[-1:].isdigit() and after[:1].isdigit():
        return False
    return True
