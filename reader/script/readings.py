"""Text with formulas, as it is spoken and as it is shown, sentence by sentence (pure).

A formula is heard in words ("x squared plus y squared") and shown in its
linear form ("x² + y²", ``reader.formulas``). Sentences are split on the
spoken text, exactly as they were when formulas were only spoken, and each
sentence is then shown with its formulas in the linear form: a sentence cue of
the transcript says what was heard, written as the article wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.formulas import formulas_in, has_formula, linear_formula, replace_formulas
from reader.languages import MathWords, SentenceRules
from reader.script.mathml import read_formula
from reader.script.sentences import split_sentences

__all__ = ["Reading", "read_text"]


@dataclass(frozen=True, slots=True)
class Reading:
    """One text, spoken and shown."""

    spoken: str
    """Formulas in words."""
    shown: str
    """Formulas in their linear form."""
    spoken_spans: tuple[tuple[int, int], ...] = ()
    shown_spans: tuple[tuple[int, int], ...] = ()
    """Where each formula stands in ``spoken`` and in ``shown``."""

    def sentences(self, rules: SentenceRules) -> list[tuple[str, str]]:
        """``(spoken, shown)`` for each sentence of the text."""
        spoken = split_sentences(self.spoken, rules)
        if not self.spoken_spans:
            return [(s, s) for s in spoken]
        located = _locate(spoken, self.spoken)
        if located is None:  # the splitter changed the text: show it as spoken
            return [(s, s) for s in spoken]
        return [(s, self._shown_between(a, b)) for s, (a, b) in zip(spoken, located, strict=True)]

    def _shown_between(self, start: int, end: int) -> str:
        """What ``spoken[start:end]`` shows: a formula cut by a sentence end is shown
        whole in the sentence where it starts."""
        return " ".join(self.shown[self._shown_at(start) : self._shown_at(end)].split())

    def _shown_at(self, position: int) -> int:
        """Where ``position`` of ``spoken`` falls in ``shown``; past the formula when
        it falls inside one."""
        shift = 0
        for (spoken_start, spoken_end), (_, shown_end) in zip(
            self.spoken_spans, self.shown_spans, strict=True
        ):
            if position <= spoken_start:
                break
            if position < spoken_end:
                return shown_end
            shift = shown_end - spoken_end
        return position + shift


def read_text(text: str, words: MathWords) -> Reading:
    """``text`` with its formulas in words and in their linear form."""
    if not has_formula(text):
        return Reading(text, text)
    readings = []
    shown = []
    for math in formulas_in(text):
        reading = read_formula(math, words)
        readings.append(reading)
        shown.append(linear_formula(math) if reading else "")
    spoken_text = replace_formulas(text, readings)
    shown_text = replace_formulas(text, shown)
    return Reading(spoken_text.text, shown_text.text, spoken_text.spans, shown_text.spans)


def _locate(sentences: list[str], text: str) -> list[tuple[int, int]] | None:
    """Where each sentence stands in ``text`` (``start``, ``end``), when they are
    its characters in order with only whitespace changed; None otherwise."""
    found: list[tuple[int, int]] = []
    i = 0
    for sentence in sentences:
        start = None
        for ch in sentence:
            if ch.isspace():
                continue
            while i < len(text) and text[i].isspace():
                i += 1
            if i >= len(text) or text[i] != ch:
                return None
            start = i if start is None else start
            i += 1
        found.append((i if start is None else start, i))
    return found
