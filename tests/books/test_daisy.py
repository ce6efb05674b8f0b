"""The seed article's DAISY 2.02 book, read back by the independent reader daisy-dtb."""

from __future__ import annotations

import types
import typing
import zipfile
from typing import Any

import pytest
from support.books import vtt_cues
from support.seed import SAMPLE, SECTIONS, TITLE

from reader.model import Faq
from reader.narrate import NarrateResult
from reader.parse import parse_article

if not hasattr(typing, "override"):  # daisy-dtb imports typing.override (Python 3.12+)
    typing.override = lambda f: f  # type: ignore[attr-defined]

# daisy-dtb calls chardet.universaldetector.UniversalDetector without importing the
# submodule, which chardet 7 deprecates and no longer binds: give it the class.
import chardet  # noqa: E402

if not hasattr(chardet, "universaldetector"):
    chardet.universaldetector = types.SimpleNamespace(UniversalDetector=chardet.UniversalDetector)

from daisy_dtb import DaisyBook, FolderDtbSource, ZipDtbSource  # noqa: E402


def _questions() -> list[str]:
    doc = parse_article(SAMPLE.read_text(encoding="utf-8"), source=SAMPLE.name)
    return [b.question for b in doc.blocks() if isinstance(b, Faq)]


@pytest.fixture(scope="module")
def daisy(seed_book: NarrateResult) -> Any:
    return DaisyBook(FolderDtbSource(str(seed_book.edition_dir / "daisy")))


def test_every_heading_is_listed_at_its_level(daisy: Any) -> None:
    entries = [(e.level, e.text) for e in daisy.toc_entries]
    assert entries == [(1, TITLE), *[(2, s) for s in SECTIONS], *[(3, q) for q in _questions()]]
    assert len(entries) == 20  # the seed's 20 chapters
    assert daisy.title == TITLE
    assert daisy.navigation_depth == 3


def test_the_ncc_carries_the_metadata_players_show(daisy: Any, seed_book: NarrateResult) -> None:
    meta = {m.name: m.content for m in daisy.metadata}
    assert meta["dc:title"] == TITLE
    assert meta["dc:creator"] == "Osgood"
    assert meta["dc:format"] == "Daisy 2.02"
    assert meta["ncc:multimediaType"] == "audioFullText"
    assert meta["ncc:narrator"]
    h, m, s = (int(x) for x in meta["ncc:totalTime"].split(":"))
    assert abs((h * 3600 + m * 60 + s) * 1000 - seed_book.manifest.duration_ms) <= 500


def test_every_section_reaches_its_audio_and_text(daisy: Any, seed_book: NarrateResult) -> None:
    """Same sentences and starts as the transcript. Each clip runs on to the next one's
    start, and a section's last clip to the end of its file, so a player going clip
    after clip keeps the pauses between sentences instead of skipping them."""
    cues = vtt_cues(seed_book.edition_dir / "transcript.vtt")
    sections = seed_book.manifest.sections
    ends = [s.start_ms for s in sections[1:]] + [seed_book.manifest.duration_ms]
    reached = []
    for entry, section, section_end in zip(daisy.toc_entries, sections, ends, strict=True):
        pars = entry.smil.sections
        assert pars, entry.text
        sound = pars[0].clips[0].get_sound()
        assert sound == (seed_book.edition_dir / section.file.path).read_bytes()
        clips = []
        for par in pars:
            [clip] = par.clips
            start, end = (round(t * 1000) + section.start_ms for t in (clip.begin, clip.end))
            clips.append((start, end, par.text.content))
        assert [end for _, end, _ in clips[:-1]] == [start for start, _, _ in clips[1:]]
        assert abs(clips[-1][1] - section_end) <= 2
        reached += clips
    assert [(s, t) for s, _, t in reached] == [(s, t) for s, _, t in cues]
    assert all(end >= e for (_, end, _), (_, e, _) in zip(reached, cues, strict=True))


def test_the_zip_holds_the_same_book(seed_book: NarrateResult) -> None:
    path = seed_book.edition_dir / "daisy.zip"
    book = DaisyBook(ZipDtbSource(str(path)))
    assert [e.text for e in book.toc_entries][1:] == SECTIONS + _questions()
    with zipfile.ZipFile(path) as archive:
        names = sorted(n.split("/", 1)[1] for n in archive.namelist())
    folder = sorted(p.name for p in (seed_book.edition_dir / "daisy").iterdir())
    assert names == folder


def test_the_manifest_lists_the_daisy_files(seed_book: NarrateResult) -> None:
    files = seed_book.manifest.files
    assert files["daisy"].path == "daisy.zip"
    listed = {e.path for e in seed_book.manifest.all_files()}
    on_disk = {f"daisy/{p.name}" for p in (seed_book.edition_dir / "daisy").iterdir()}
    assert on_disk <= listed
