"""An edition on disk proofed with a fake recogniser: sections, their sentences and times."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.editions import SECTION_TITLES, make_edition

from reader.errors import InputError
from reader.proof import proof_edition, read_proof_input


class ScriptedRecogniser:
    """Hears each section's transcript as written, but for the words ``mishear`` changes."""

    name = "scripted"

    def __init__(self, texts: dict[Path, str], mishear: dict[str, str]) -> None:
        self.texts = texts
        self.mishear = mishear
        self.heard: list[tuple[Path, str]] = []

    def transcribe(self, audio: Path, *, language: str) -> str:
        self.heard.append((audio, language))
        text = self.texts[audio]
        for written, heard in self.mishear.items():
            text = text.replace(written, heard, 1)
        return text


@pytest.fixture
def edition_dir(tmp_path: Path) -> Path:
    manifest = make_edition(tmp_path)
    return tmp_path / manifest.slug


def test_each_section_gets_the_cues_spoken_in_it(edition_dir: Path) -> None:
    edition = read_proof_input(edition_dir)
    manifest = edition.manifest
    assert [s.title for s in edition.sections] == [c.title for c in manifest.chapters]
    assert [s.title for s in edition.sections][1:3] == list(SECTION_TITLES)
    for section, chapter in zip(edition.sections, manifest.chapters, strict=True):
        assert section.audio.is_file()
        assert section.sentences, section.title
        assert all(chapter.start_ms <= s.start_ms < chapter.end_ms for s in section.sentences)
    assert edition.sections[1].sentences[0].text == "Dehydration"
    assert edition.language == "en"


def test_a_misheard_word_is_found_in_its_section_at_its_time(edition_dir: Path) -> None:
    edition = read_proof_input(edition_dir)
    texts = {s.audio: " ".join(x.text for x in s.sentences) for s in edition.sections}
    second = edition.sections[1]
    recogniser = ScriptedRecogniser(texts, {})
    texts[second.audio] = texts[second.audio].replace("night", "knight", 1)
    report = proof_edition(edition_dir, recogniser)
    assert [a for a, _ in recogniser.heard] == [s.audio for s in edition.sections]
    assert {lang for _, lang in recogniser.heard} == {"en"}
    (finding,) = report.findings()
    assert finding.suggestion is not None and finding.suggestion.word == "night"
    sentence = second.sentences[1]
    assert (finding.start_ms, finding.offset_ms) == (
        sentence.start_ms,
        sentence.start_ms - second.start_ms,
    )
    assert report.sections[1].errors == 1 and report.errors == 1
    assert report.voice == "fake"
    assert report.model == "scripted"


def test_a_folder_without_a_manifest_is_an_input_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="manifest.json: no manifest.json"):
        read_proof_input(tmp_path)


def test_a_missing_section_file_is_an_input_error_naming_it(edition_dir: Path) -> None:
    manifest = json.loads((edition_dir / "manifest.json").read_text())
    missing = edition_dir / manifest["sections"][1]["file"]["path"]
    missing.unlink()
    with pytest.raises(InputError, match=f"{missing}: section audio"):
        read_proof_input(edition_dir)
