"""The seed article's EPUB 3, built by the real pipeline (fake engine), read back
by EPUBCheck and by the checks a reading system makes."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest
from support.books import NS, Epub, clock_ms, vtt_cues
from support.epubcheck import problems, run_epubcheck
from support.seed import SAMPLE, SECTIONS, TITLE

from reader.model import Faq
from reader.narrate import NarrateResult, narrate_article
from reader.parse import parse_article

from .conftest import fake_settings


def _questions() -> list[str]:
    doc = parse_article(SAMPLE.read_text(encoding="utf-8"), source=SAMPLE.name)
    return [b.question for b in doc.blocks() if isinstance(b, Faq)]


def test_epubcheck_finds_no_error_and_no_warning(seed_book: NarrateResult, tmp_path: Path) -> None:
    result = run_epubcheck(seed_book.edition_dir / "book.epub", tmp_path / "report.json")
    assert problems(result) == []
    assert result["checker"]["nFatal"] == 0
    assert result["checker"]["nError"] == 0
    assert result["checker"]["nWarning"] == 0
    assert result["publication"]["hasAudio"] is True


def test_the_zip_opens_with_the_stored_mimetype(seed_book: NarrateResult) -> None:
    with zipfile.ZipFile(seed_book.edition_dir / "book.epub") as book:
        first = book.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert book.read("mimetype") == b"application/epub+zip"
        audio = book.getinfo("EPUB/audio/episode.mp3")
        assert audio.compress_type == zipfile.ZIP_STORED
        episode = (seed_book.edition_dir / "episode.mp3").read_bytes()
        assert book.read(audio) == episode


def test_one_par_per_sentence_at_its_transcript_time(seed_book: NarrateResult) -> None:
    """The overlays and transcript.vtt come from the same cues: same sentences, same
    starts. Each clip runs on to the next one's start, so playing the book clip after
    clip keeps the pauses between sentences and sections instead of skipping them."""
    cues = vtt_cues(seed_book.edition_dir / "transcript.vtt")
    pars = Epub(seed_book.edition_dir / "book.epub").pars()
    assert [p.begin_ms for p in pars] == [s for s, _, _ in cues]
    assert [p.end_ms for p in pars[:-1]] == [p.begin_ms for p in pars[1:]]
    assert pars[-1].end_ms == cues[-1][1]
    assert all(p.end_ms >= e for p, (_, e, _) in zip(pars, cues, strict=True))
    # The seed has no table or image that is read: every par points at its sentence's span.
    assert [p.text for p in pars] == [text for _, _, text in cues]
    assert {p.audio for p in pars} == {"EPUB/audio/episode.mp3"}


def test_media_durations_add_up(seed_book: NarrateResult) -> None:
    book = Epub(seed_book.edition_dir / "book.epub")
    cues = vtt_cues(seed_book.edition_dir / "transcript.vtt")
    [total] = book.meta("media:duration")
    assert clock_ms(total) == cues[-1][1] - cues[0][0]  # the pauses between clips included
    each = book.opf.xpath("//opf:meta[@property='media:duration'][@refines]", namespaces=NS)
    overlays = {i.get("media-overlay") for i in book.spine()} - {None}
    assert {m.get("refines").lstrip("#") for m in each} == overlays
    assert sum(clock_ms(m.text) for m in each) == clock_ms(total)
    [active] = book.meta("media:active-class")
    assert f".{active} " in book.zip.read("EPUB/css/book.css").decode()


def test_nav_mirrors_the_headings_with_the_questions_nested(seed_book: NarrateResult) -> None:
    toc = Epub(seed_book.edition_dir / "book.epub").toc()
    assert toc[0] == (1, TITLE)
    assert toc[1 : 1 + len(SECTIONS)] == [(2, s) for s in SECTIONS]
    assert toc[1 + len(SECTIONS) :] == [(3, q) for q in _questions()]


def test_headings_keep_their_levels_and_the_faq_is_a_list(seed_book: NarrateResult) -> None:
    book = Epub(seed_book.edition_dir / "book.epub")
    pages = [book.xml(book.path(i)) for i in book.spine()]
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    h2 = [" ".join(h.itertext()) for p in pages for h in p.xpath("//x:h2", namespaces=ns)]
    assert h2 == SECTIONS
    dts = [" ".join(d.itertext()) for p in pages for d in p.xpath("//x:dl/x:dt", namespaces=ns)]
    assert dts == _questions()


def test_accessibility_metadata(seed_book: NarrateResult) -> None:
    book = Epub(seed_book.edition_dir / "book.epub")
    assert set(book.meta("schema:accessMode")) == {"textual", "auditory"}
    assert {"textual", "auditory"} <= set(book.meta("schema:accessModeSufficient"))
    assert {"synchronizedAudioText", "tableOfContents", "structuralNavigation"} <= set(
        book.meta("schema:accessibilityFeature")
    )
    assert book.meta("schema:accessibilityHazard") == ["none"]
    assert book.meta("schema:accessibilitySummary")[0]
    assert book.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]


def test_the_manifest_lists_the_book(seed_book: NarrateResult) -> None:
    entry = seed_book.manifest.files["epub"]
    path = seed_book.edition_dir / entry.path
    assert entry.path == "book.epub"
    assert entry.mime == "application/epub+zip"
    assert entry.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert entry in seed_book.manifest.all_files()


def test_editing_one_paragraph_rebuilds_the_book_speaking_only_it(
    seed_book: NarrateResult, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_book.edition_dir.parent / ".cache", out / ".cache")
    old = "This can lead to cramping of the muscles."
    new = "This can lead to painful cramping of the muscles."
    article = tmp_path / "inner-thigh-cramps.md"
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    article.write_text(text.replace(old, new), encoding="utf-8")
    result = narrate_article(str(article), settings=fake_settings(out, tmp_path / "v", "epub"))
    assert result.status == "narrated"
    assert result.synthesized == 1
    texts = [p.text for p in Epub(result.edition_dir / "book.epub").pars()]
    assert new in texts and old not in texts


@pytest.mark.parametrize("name", ["book.epub"])
def test_no_temporary_file_is_left_behind(seed_book: NarrateResult, name: str) -> None:
    assert [p.name for p in seed_book.edition_dir.iterdir() if p.name.startswith(".")] == []
    assert (seed_book.edition_dir / name).is_file()
