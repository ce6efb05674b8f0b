"""An edition directory read for proofing: its sections' audio and written sentences.

The one effectful step on the written side: it reads ``manifest.json`` and
``transcript.vtt`` and splits the transcript's cues among the section files
(each cue belongs to the section it starts in).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.edition.manifest import MANIFEST_NAME, Manifest, manifest_from_json
from reader.errors import InputError
from reader.proof.report import Sentence
from reader.web.player.transcript import parse_transcript_vtt

__all__ = ["EditionSection", "ProofInput", "read_proof_input"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EditionSection:
    number: int
    title: str
    file: str
    """Relative to the edition directory."""
    audio: Path
    start_ms: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProofInput:
    manifest: Manifest
    sections: tuple[EditionSection, ...]

    @property
    def language(self) -> str:
        """The article's language code (``en``), from its BCP 47 tag."""
        tag = self.manifest.metadata.language or "en"
        return tag.replace("_", "-").split("-")[0].lower() or "en"


def _read_text(path: Path, *, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), f"no {what}: is this a reader edition directory?") from None
    except OSError as e:
        raise InputError(str(path), f"cannot read the {what} ({e.strerror or e})") from None


def read_proof_input(edition_dir: Path) -> ProofInput:
    """The sections of the edition in ``edition_dir``; InputError naming the file that
    is missing or broken."""
    manifest_path = edition_dir / MANIFEST_NAME
    manifest = manifest_from_json(
        _read_text(manifest_path, what="manifest.json"), source=str(manifest_path)
    )
    entry = manifest.files.get("transcript_vtt")
    vtt_path = edition_dir / (entry.path if entry else "transcript.vtt")
    cues = parse_transcript_vtt(_read_text(vtt_path, what="transcript"), source=str(vtt_path))
    if not manifest.sections:
        raise InputError(str(manifest_path), "the edition has no sections to proof")
    ordered = sorted(manifest.sections, key=lambda s: s.start_ms)
    sections = []
    for n, section in enumerate(ordered):
        end_ms = ordered[n + 1].start_ms if n + 1 < len(ordered) else None
        audio = edition_dir / section.file.path
        if not audio.is_file():
            raise InputError(str(audio), "section audio named in manifest.json is missing")
        sections.append(
            EditionSection(
                number=section.number,
                title=section.title,
                file=section.file.path,
                audio=audio,
                start_ms=section.start_ms,
                sentences=tuple(
                    Sentence(start_ms=c.start_ms, text=c.text)
                    for c in cues
                    if c.start_ms >= (section.start_ms if n else 0)
                    and (end_ms is None or c.start_ms < end_ms)
                ),
            )
        )
    return ProofInput(manifest=manifest, sections=tuple(sections))
