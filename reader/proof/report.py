"""The proof report: where what was heard differs from what was written (pure).

A section's written sentences (its transcript cues) and what the recogniser
heard in its audio go in; out comes the section's word error rate and one
``Finding`` per sentence that was not heard as written, with a suggested
lexicon entry where a single written word was misheard. ``ProofReport.to_dict``
is the JSON report (schema in the README, ``REPORT_VERSION``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reader.proof.align import Step, align_words, count_errors
from reader.proof.words import Word, strip_vtt_tags, words_of
from reader.script.lexicon import Lexicon

__all__ = [
    "REPORT_VERSION",
    "Difference",
    "Finding",
    "ProofReport",
    "SectionProof",
    "Sentence",
    "SuggestedEntry",
    "Suggestion",
    "lexicon_key",
    "proof_section",
]

REPORT_VERSION = 1

_LEXICON_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    """One transcript cue of a section: a sentence as the article wrote it."""

    start_ms: int
    """Where it starts in the episode."""
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Difference:
    """A run of written words heard otherwise (either side may be empty)."""

    written: str
    heard: str

    def to_dict(self) -> dict[str, Any]:
        return {"written": self.written, "heard": self.heard}


@dataclass(frozen=True, slots=True, kw_only=True)
class Suggestion:
    """A lexicon entry for the one written word that was misheard."""

    word: str
    """The word as a lexicon matches it: lower case (any case) unless written with
    inner capitals ("NASA", "iOS"), which match exactly."""
    heard: str
    lexicon: str | None = None
    """The spoken form the lexicons in effect gave the word, when they list it: then
    the lexicon, not the voice, may be what was misheard."""

    @property
    def entry(self) -> str:
        """The TOML line for a lexicon's ``[words]`` table; its spoken form starts as
        the word itself, to be respelt until the voice says it right."""
        return f"{_toml_string(self.word)} = {_toml_string(self.word)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "word": self.word,
            "heard": self.heard,
            "entry": self.entry,
            "lexicon": self.lexicon,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class SuggestedEntry:
    """A suggested lexicon entry over the whole edition."""

    word: str
    heard: tuple[str, ...]
    """What was heard for the word, each form once."""
    sentences: int
    """How many sentences it was misheard in."""
    lexicon: str | None = None
    """The spoken form the lexicons in effect gave it, when they list it."""

    @property
    def entry(self) -> str:
        return Suggestion(word=self.word, heard="").entry

    def to_dict(self) -> dict[str, Any]:
        return {
            "word": self.word,
            "entry": self.entry,
            "heard": list(self.heard),
            "sentences": self.sentences,
            "lexicon": self.lexicon,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """A sentence that was not heard as written."""

    start_ms: int
    """Where the sentence starts in the episode."""
    offset_ms: int
    """Where it starts in its section file."""
    written: str
    """The sentence as the article wrote it."""
    expected: str
    """Its words, normalised."""
    heard: str
    """The words heard there, normalised."""
    errors: int
    differences: tuple[Difference, ...]
    suggestion: Suggestion | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start_ms": self.start_ms,
            "offset_ms": self.offset_ms,
            "written": self.written,
            "expected": self.expected,
            "heard": self.heard,
            "errors": self.errors,
            "differences": [d.to_dict() for d in self.differences],
            "suggestion": self.suggestion.to_dict() if self.suggestion else None,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class SectionProof:
    number: int
    title: str
    file: str
    """The section's audio, relative to the edition directory."""
    start_ms: int
    """Where the section starts in the episode."""
    words: int
    """Written words (normalised), the WER's denominator."""
    errors: int
    """Substituted, deleted and inserted words."""
    heard: str
    """Everything the recogniser heard in the section, as it wrote it."""
    findings: tuple[Finding, ...]

    @property
    def wer(self) -> float:
        return _rate(self.errors, self.words)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "file": self.file,
            "start_ms": self.start_ms,
            "words": self.words,
            "errors": self.errors,
            "wer": round(self.wer, 4),
            "heard": self.heard,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ProofReport:
    slug: str
    title: str
    voice: str
    """The voice profile the edition was narrated with."""
    model: str
    """The recogniser's model: its directory's name."""
    sections: tuple[SectionProof, ...]

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sections)

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.sections)

    @property
    def wer(self) -> float:
        """Errors over written words, the whole edition (sections weighted by length)."""
        return _rate(self.errors, self.words)

    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for s in self.sections for f in s.findings)

    def suggestions(self) -> tuple[SuggestedEntry, ...]:
        """Each suggested entry once, with what was heard for it, most asked-for first."""
        heard: dict[str, list[str]] = {}
        lexicon: dict[str, str | None] = {}
        for finding in self.findings():
            if s := finding.suggestion:
                heard.setdefault(s.word, []).append(s.heard)
                lexicon[s.word] = lexicon.get(s.word) or s.lexicon
        entries = [
            SuggestedEntry(
                word=word,
                heard=tuple(dict.fromkeys(forms)),
                sentences=len(forms),
                lexicon=lexicon[word],
            )
            for word, forms in heard.items()
        ]
        return tuple(sorted(entries, key=lambda e: -e.sentences))

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": REPORT_VERSION,
            "slug": self.slug,
            "title": self.title,
            "voice": self.voice,
            "model": self.model,
            "words": self.words,
            "errors": self.errors,
            "wer": round(self.wer, 4),
            "sections": [s.to_dict() for s in self.sections],
            "suggestions": [e.to_dict() for e in self.suggestions()],
        }


def _rate(errors: int, words: int) -> float:
    return errors / words if words else float(errors > 0)


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _strip_word(token: str) -> str:
    return token.strip(".,;:!?\"'()[]{}\u2018\u2019\u201c\u201d\u2026-\u2013\u2014")


def lexicon_key(token: str) -> str | None:
    """The lexicon word for a written token ("Osgood," -> "osgood"), or None when it is
    not a word a lexicon can respell (a number, a symbol)."""
    word = _strip_word(token)
    if not _LEXICON_WORD.fullmatch(word):
        return None
    return word.lower() if word[1:] == word[1:].lower() else word


def proof_section(
    *,
    number: int,
    title: str,
    file: str,
    start_ms: int,
    sentences: Sequence[Sentence],
    heard: str,
    lang: str = "en",
    lexicon: Lexicon | None = None,
) -> SectionProof:
    """Compare a section's written sentences with what was heard in its audio;
    ``lexicon``, the lexicons the edition was narrated with, if known."""
    written: list[Word] = []
    owner: list[int] = []  # written word -> index of its sentence
    tokens: list[list[str]] = []  # each sentence's written tokens
    for n, sentence in enumerate(sentences):
        text = strip_vtt_tags(sentence.text)
        tokens.append(text.split())
        for word in words_of(text, lang=lang):
            written.append(word)
            owner.append(n)
    heard_words = [w.text for w in words_of(heard, lang=lang)]
    steps = align_words([w.text for w in written], heard_words)
    by_sentence: list[list[Step]] = [[] for _ in sentences]
    for step in steps:
        if owner:
            by_sentence[owner[step.at]].append(step)
    findings = []
    for n, sentence in enumerate(sentences):
        mine = by_sentence[n]
        errors = count_errors(mine)
        if not errors:
            continue
        regions = _regions(mine)
        findings.append(
            Finding(
                start_ms=sentence.start_ms,
                offset_ms=max(0, sentence.start_ms - start_ms),
                written=" ".join(tokens[n]),
                expected=_written_text(mine, written),
                heard=_heard_text(mine, heard_words),
                errors=errors,
                differences=tuple(
                    Difference(written=_written_text(r, written), heard=_heard_text(r, heard_words))
                    for r in regions
                ),
                suggestion=_suggestion(regions, written, tokens[n], heard_words, lexicon),
            )
        )
    unheard = count_errors(steps) if not owner else 0  # heard with nothing written
    return SectionProof(
        number=number,
        title=title,
        file=file,
        start_ms=start_ms,
        words=len(written),
        errors=sum(count_errors(s) for s in by_sentence) + unheard,
        heard=" ".join(heard.split()),
        findings=tuple(findings),
    )


def _written_text(steps: Sequence[Step], written: Sequence[Word]) -> str:
    return " ".join(written[s.written].text for s in steps if s.written is not None)


def _heard_text(steps: Sequence[Step], heard_words: Sequence[str]) -> str:
    return " ".join(heard_words[s.heard] for s in steps if s.heard is not None)


def _regions(steps: Sequence[Step]) -> list[list[Step]]:
    """Maximal runs of steps that are not ``equal``."""
    regions: list[list[Step]] = []
    run: list[Step] = []
    for step in steps:
        if step.op == "equal":
            if run:
                regions.append(run)
            run = []
        else:
            run.append(step)
    if run:
        regions.append(run)
    return regions


def _suggestion(
    regions: Sequence[Sequence[Step]],
    written: Sequence[Word],
    tokens: Sequence[str],
    heard_words: Sequence[str],
    lexicon: Lexicon | None,
) -> Suggestion | None:
    """An entry when one written word alone was misheard (whatever was heard for it)."""
    if len(regions) != 1:
        return None
    sources = {written[s.written].token for s in regions[0] if s.written is not None}
    if len(sources) != 1:
        return None
    token = tokens[sources.pop()]
    key = lexicon_key(token)
    if key is None:
        return None
    word = _strip_word(token)
    spoken = lexicon.apply(word) if lexicon is not None else word
    return Suggestion(
        word=key,
        heard=_heard_text(regions[0], heard_words),
        lexicon=spoken if spoken != word else None,
    )
