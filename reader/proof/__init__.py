"""``reader proof``: find what listeners would mishear, before they do.

Each section's audio goes through a speech recogniser (``recognise``, the
only stage that needs the ``proof`` extra); what it heard is aligned with
what the article wrote (``words``, ``align``) and reported sentence by
sentence, with the word error rate and suggested lexicon entries
(``report``, ``format``)::

    edition dir -> read_proof_input   manifest + transcript + section audio   effect
                -> Recogniser         section audio -> heard text             effect
                -> proof_section      written vs heard -> findings, WER       pure
                -> format_report / ProofReport.to_dict                        pure

faster-whisper loads only when a ``WhisperRecogniser`` is made, so the base
install imports this package without the extra.
"""

from reader.proof.check import proof_edition, proof_input
from reader.proof.edition import EditionSection, ProofInput, read_proof_input
from reader.proof.format import format_report, format_time
from reader.proof.recognise import Recogniser, WhisperRecogniser, default_model_dir
from reader.proof.report import (
    REPORT_VERSION,
    Difference,
    Finding,
    ProofReport,
    SectionProof,
    Sentence,
    SuggestedEntry,
    Suggestion,
    lexicon_key,
    proof_section,
)
from reader.proof.words import Word, normalize_text, strip_vtt_tags, words_of

__all__ = [
    "REPORT_VERSION",
    "Difference",
    "EditionSection",
    "Finding",
    "ProofInput",
    "ProofReport",
    "Recogniser",
    "SectionProof",
    "Sentence",
    "SuggestedEntry",
    "Suggestion",
    "WhisperRecogniser",
    "Word",
    "default_model_dir",
    "format_report",
    "format_time",
    "lexicon_key",
    "normalize_text",
    "proof_edition",
    "proof_input",
    "proof_section",
    "read_proof_input",
    "strip_vtt_tags",
    "words_of",
]
