"""Heard words aligned to written words (pure): the minimum word edit, as WER counts it.

``align_words`` returns one ``Step`` per written word (``equal``, ``substitute``
or ``delete``) and one per extra heard word (``insert``), in order. jiwer
(rapidfuzz's Levenshtein) finds the alignment; errors are substitutions +
deletions + insertions, so WER = errors / written words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Op", "Step", "align_words", "count_errors"]

Op = Literal["equal", "substitute", "delete", "insert"]


@dataclass(frozen=True, slots=True)
class Step:
    op: Op
    written: int | None
    """Index of the written word; None for an insertion."""
    heard: int | None
    """Index of the heard word; None for a deletion."""
    at: int
    """The written word this step belongs to: its own, or for an insertion the one
    before it (the first, for an insertion before every written word)."""


def align_words(written: Sequence[str], heard: Sequence[str]) -> tuple[Step, ...]:
    """Every written and heard word, aligned with the fewest edits."""
    if not written:
        return tuple(Step("insert", None, j, 0) for j in range(len(heard)))
    if not heard:
        return tuple(Step("delete", i, None, i) for i in range(len(written)))
    import jiwer  # the proof extra; imported here so the base install imports reader.proof

    output = jiwer.process_words(" ".join(written), " ".join(heard))
    steps: list[Step] = []
    for chunk in output.alignments[0]:
        refs = range(chunk.ref_start_idx, chunk.ref_end_idx)
        hyps = range(chunk.hyp_start_idx, chunk.hyp_end_idx)
        if chunk.type == "insert":
            at = max(chunk.ref_start_idx - 1, 0)
            steps.extend(Step("insert", None, j, at) for j in hyps)
        elif chunk.type == "delete":
            steps.extend(Step("delete", i, None, i) for i in refs)
        else:
            op: Op = "equal" if chunk.type == "equal" else "substitute"
            steps.extend(Step(op, i, j, i) for i, j in zip(refs, hyps, strict=True))
    return tuple(steps)


def count_errors(steps: Sequence[Step]) -> int:
    """Substitutions, deletions and insertions."""
    return sum(step.op != "equal" for step in steps)
