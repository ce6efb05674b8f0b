"""Proof an edition: each section's audio through the recogniser, compared with its text.

The recogniser is passed in (``reader.proof.recognise``), so this runs with a
fake one in tests; everything else here is pure.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.proof.edition import EditionSection, ProofInput, read_proof_input
from reader.proof.recognise import Recogniser
from reader.proof.report import ProofReport, SectionProof, proof_section
from reader.script.lexicon import Lexicon

__all__ = ["proof_edition", "proof_input"]


def proof_edition(
    edition_dir: Path,
    recogniser: Recogniser,
    *,
    lexicon: Lexicon | None = None,
    on_section: Callable[[EditionSection], None] | None = None,
) -> ProofReport:
    """The proof report of the edition in ``edition_dir``; ``lexicon``, the lexicons
    it was narrated with, lets suggestions say what the lexicon made of a word."""
    return proof_input(
        read_proof_input(edition_dir), recogniser, lexicon=lexicon, on_section=on_section
    )


def proof_input(
    edition: ProofInput,
    recogniser: Recogniser,
    *,
    lexicon: Lexicon | None = None,
    on_section: Callable[[EditionSection], None] | None = None,
) -> ProofReport:
    sections: list[SectionProof] = []
    for section in edition.sections:
        if on_section is not None:
            on_section(section)
        heard = recogniser.transcribe(section.audio, language=edition.language)
        sections.append(
            proof_section(
                number=section.number,
                title=section.title,
                file=section.file,
                start_ms=section.start_ms,
                sentences=section.sentences,
                heard=heard,
                lang=edition.language,
                lexicon=lexicon,
            )
        )
    manifest = edition.manifest
    return ProofReport(
        slug=manifest.slug,
        title=manifest.metadata.title,
        voice=manifest.voice.get("profile", ""),
        model=recogniser.name,
        sections=tuple(sections),
    )
