"""Text to sentences: one sentence is one engine call and one transcript cue.

How a language splits is its unit's ``[sentences]`` (``reader.languages``):
pysbd, the maintained segmenter, or reader's own rules, which break after
``.!?…`` and ``。！？`` unless an abbreviation, an initial, a lower-case word
or a number continues the sentence. The shipped languages keep reader's rules,
so their narrations stay as they were; English's abbreviations serve them all.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from reader.languages import SentenceRules, builtin_languages

if TYPE_CHECKING:
    import pysbd

__all__ = ["split_sentences"]

_BOUNDARY = re.compile(r"(?:[.!?…]+|[。！？]+)[\"'”’»)\]]*(?=\s+|$)|[。！？]+")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def split_sentences(text: str, rules: SentenceRules | None = None) -> list[str]:
    """Sentences of ``text`` in order; each line of ``text`` splits separately,
    by a language's ``rules`` (English's unless given)."""
    rules = rules or builtin_languages().find("en").sentences
    sentences: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if rules.segmenter == "pysbd":
            sentences.extend(
                s.strip() for s in _segmenter(rules.language).segment(line) if s.strip()
            )
        else:
            sentences.extend(_split_line(line, rules))
    return sentences


@cache
def _segmenter(language: str) -> pysbd.Segmenter:
    import pysbd  # only languages that choose it pay for the import

    return pysbd.Segmenter(language=language, clean=False)


def _split_line(line: str, rules: SentenceRules) -> list[str]:
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(line):
        end = match.end()
        rest = line[end:].lstrip()
        if not rest:
            break
        if match.group().startswith(".") and not _ends_sentence(
            line[start : match.start()], rest, rules
        ):
            continue
        if rest[0].islower():
            continue
        out.append(line[start:end].strip())
        start = end
    tail = line[start:].strip()
    if tail:
        out.append(tail)
    return out


def _ends_sentence(before: str, after: str, rules: SentenceRules) -> bool:
    found = _WORD_BEFORE.search(before)
    word = found.group(1).lower().rstrip(".") if found else ""
    if word in rules.never_final:
        return False
    if len(word) == 1 and word.isalpha() and before[-1:].isupper():
        return False  # an initial: "J. R. R. Tolkien"
    if word in rules.maybe_final:
        return after[:1].isupper()
    if word[-1:].isdigit() and after[:1].isdigit():
        return False
    return True
