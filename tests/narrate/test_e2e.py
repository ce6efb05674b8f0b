"""Narrate the seed article with the real default engine (Piper) and real ffmpeg,
then read everything back the way players and apps do. The narration is the
session's ``seed_edition``, shared with the other tests that need the seed."""

from __future__ import annotations

import json
import re
import subprocess
from array import array
from pathlib import Path

import imageio_ffmpeg
import mutagen.mp3
import mutagen.mp4
import pytest
from mutagen.id3 import CTOC
from support.books import Epub, vtt_cues
from support.epubcheck import problems, run_epubcheck
from support.seed import SAMPLE as SEED
from support.seed import SECTIONS, warm_speech_cache

from reader.cli import main
from reader.edition.manifest import manifest_from_json
from reader.model import Faq, Paragraph
from reader.narrate import NarrateResult, NarrateSettings, narrate_article
from reader.narrate.cache import cache_stats
from reader.parse import parse_article
from reader.storage import LocalStorage

pytestmark = pytest.mark.e2e

RATE = 22050
FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()


@pytest.fixture(scope="module")
def edition(seed_edition: NarrateResult) -> NarrateResult:
    return seed_edition


def test_the_default_voice_is_neural(edition: NarrateResult) -> None:
    assert edition.manifest.voice["profile"] == "default"
    assert edition.manifest.voice["engine"] == "piper"
    assert "joe" in edition.manifest.voice["identity"]
    assert edition.notices == ()


@pytest.fixture(scope="module")
def decoded(edition: NarrateResult) -> array[int]:
    pcm = subprocess.run(
        [FFMPEG, "-v", "error", "-i", str(edition.edition_dir / "episode.mp3")]
        + ["-f", "s16le", "-ac", "1", "-ar", str(RATE), "-"],
        check=True,
        capture_output=True,
    ).stdout
    return array("h", pcm)


def _questions() -> list[str]:
    doc = parse_article(SEED.read_text(encoding="utf-8"), source=SEED.name)
    return [b.question for b in doc.blocks() if isinstance(b, Faq)]


def test_every_file_of_the_edition_is_written(edition: NarrateResult) -> None:
    root = edition.edition_dir
    for name in (
        "episode.mp3",
        "episode.m4b",
        "chapters.json",
        "chapters.vtt",
        "transcript.vtt",
        "transcript.srt",
        "transcript.json",
        "transcript-segments.json",
        "book.epub",
        "manifest.json",
    ):
        assert (root / name).is_file(), name
    sections = sorted((root / "sections").glob("*.mp3"))
    assert len(sections) == 1 + len(SECTIONS) + len(_questions())
    assert re.fullmatch(r"02-dehydration\.mp3", sections[1].name)
    assert not [p for p in root.parent.iterdir() if p.name.startswith((".work-", ".old-"))]


def test_chapters_in_id3_are_ordered_and_complete(edition: NarrateResult) -> None:
    tags = mutagen.mp3.MP3(edition.edition_dir / "episode.mp3").tags
    assert tags is not None and tags.version[:2] == (2, 4)
    tocs = [f for f in tags.values() if isinstance(f, CTOC)]
    assert len(tocs) == 1
    titles = [str(tags[f"CHAP:{cid}"].sub_frames["TIT2"]) for cid in tocs[0].child_element_ids]
    assert titles[1:] == SECTIONS + _questions()
    assert str(tags["TIT2"]) == "What Causes Inner Thigh Cramps?"
    assert str(tags["TPE1"]) == "Osgood"
    assert str(tags["TDRC"]) == "2022-12-29"
    starts = [tags[f"CHAP:{cid}"].start_time for cid in tocs[0].child_element_ids]
    assert starts == sorted(starts)


def test_ffmpeg_lists_the_chapters_in_order(edition: NarrateResult) -> None:
    meta = subprocess.run(
        [FFMPEG, "-v", "error", "-i", str(edition.edition_dir / "episode.mp3")]
        + ["-f", "ffmetadata", "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    titles = re.findall(r"^\[CHAPTER\]\n(?:(?!\[)[^\n]*\n)*?title=([^\n]*)$", meta, re.M)
    assert titles[1:] == SECTIONS + _questions()


def test_m4b_has_the_same_chapters(edition: NarrateResult) -> None:
    m4b = mutagen.mp4.MP4(edition.edition_dir / "episode.m4b")
    assert m4b.chapters is not None
    assert [c.title for c in m4b.chapters][1:] == SECTIONS + _questions()


def _rms(samples: array[int]) -> float:
    return (sum(s * s for s in samples) / max(1, len(samples))) ** 0.5


def test_each_chapter_starts_in_a_pause_just_before_its_sound(
    edition: NarrateResult, decoded: array[int]
) -> None:
    threshold = 400  # about -38 dBFS: speech is far above, encoded silence far below
    window = RATE // 200  # 5 ms
    for chapter in edition.manifest.chapters[1:]:
        start = chapter.start_ms * RATE // 1000
        assert _rms(decoded[start - window : start + window]) < threshold, chapter.title
        first = next(
            i
            for i in range(start, start + RATE, RATE // 1000)
            if _rms(decoded[i : i + window]) >= threshold
        )
        assert (first - start) * 1000 / RATE <= 50, chapter.title
        end = chapter.end_ms * RATE // 1000
        assert max(decoded[start:end]) > 4 * threshold, f"{chapter.title} holds no sound"


def test_durations_agree(edition: NarrateResult) -> None:
    root = edition.edition_dir
    manifest = manifest_from_json((root / "manifest.json").read_text())
    episode_ms = mutagen.mp3.MP3(root / "episode.mp3").info.length * 1000
    chapters = json.loads((root / "chapters.json").read_text())
    assert chapters["version"] == "1.2"
    assert abs(manifest.duration_ms - episode_ms) <= 100
    assert abs(manifest.chapters[-1].end_ms - episode_ms) <= 100
    assert abs(chapters["chapters"][-1]["endTime"] * 1000 - episode_ms) <= 100
    # The section files tile the episode: their exact lengths add up to it.
    section_ms = sum(s.file.duration_ms or 0 for s in manifest.sections)
    assert abs(section_ms - manifest.duration_ms) <= len(manifest.sections)
    for section in manifest.sections:
        real = mutagen.mp3.MP3(root / section.file.path).info.length * 1000
        assert section.file.duration_ms is not None
        assert abs(section.file.duration_ms - real) <= 100
        assert section.file.bytes == (root / section.file.path).stat().st_size


def _cue_texts(vtt: str) -> list[str]:
    blocks = vtt.strip().split("\n\n")[1:]
    texts = []
    for block in blocks:
        lines = block.splitlines()
        timing = next(i for i, line in enumerate(lines) if "-->" in line)
        texts.append(re.sub(r"</?v[^>]*>", "", " ".join(lines[timing + 1 :])))
    return texts


def test_transcript_covers_every_sentence(edition: NarrateResult) -> None:
    root = edition.edition_dir
    vtt = (root / "transcript.vtt").read_text()
    assert vtt.startswith("WEBVTT")
    spoken = " ".join(_cue_texts(vtt)).replace("&amp;", "&")
    doc = parse_article(SEED.read_text(encoding="utf-8"), source=SEED.name)
    for block in doc.blocks():
        texts = [block.text] if isinstance(block, Paragraph) else []
        if isinstance(block, Faq):
            texts = [block.question, block.answer]
        for text in texts:
            for sentence in re.split(r"(?<=[.?!])\s+", text.strip()):
                assert sentence in spoken, sentence
    srt = (root / "transcript.srt").read_text()
    assert srt.count(" --> ") == vtt.count(" --> ")


def test_loudness_is_in_podcast_range(edition: NarrateResult) -> None:
    report = subprocess.run(
        [FFMPEG, "-nostats", "-i", str(edition.edition_dir / "episode.mp3")]
        + ["-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    summary = report[report.rindex("Summary:") :]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))  # type: ignore[union-attr]
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))  # type: ignore[union-attr]
    assert -17.0 <= integrated <= -15.0
    assert peak <= -1.0


def test_the_talking_book_is_valid_and_in_step_with_the_transcript(
    edition: NarrateResult, tmp_path: Path
) -> None:
    book = edition.edition_dir / "book.epub"
    result = run_epubcheck(book, tmp_path / "epubcheck.json")
    assert problems(result) == []
    assert (result["checker"]["nError"], result["checker"]["nWarning"]) == (0, 0)
    cues = vtt_cues(edition.edition_dir / "transcript.vtt")
    pars = Epub(book).pars()
    assert [(p.begin_ms, p.text) for p in pars] == [(start, text) for start, _, text in cues]
    # Each clip runs on to the next one, so the pauses between sentences are played.
    assert [p.end_ms for p in pars[:-1]] == [p.begin_ms for p in pars[1:]]
    assert pars[-1].end_ms == cues[-1][1]


def test_second_run_synthesises_nothing(edition: NarrateResult) -> None:
    again = narrate_article(
        str(SEED),
        settings=NarrateSettings(
            out_dir=edition.edition_dir.parent, formats=("mp3", "m4b", "epub")
        ),
    )
    assert again.status == "unchanged"
    assert again.synthesized == 0
    assert again.manifest.guid == edition.manifest.guid


def test_editing_one_paragraph_resynthesises_only_it(
    edition: NarrateResult, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    warm_speech_cache(edition.edition_dir.parent, out)
    article = tmp_path / "inner-thigh-cramps.md"
    text = SEED.read_text(encoding="utf-8")
    old = "This can lead to cramping of the muscles."
    assert old in text
    article.write_text(text.replace(old, "This can lead to painful cramping of the muscles."))
    result = narrate_article(str(article), settings=NarrateSettings(out_dir=out))
    assert result.status == "narrated"
    assert result.synthesized == 1


def test_cli_narrates_and_reports(
    edition: NarrateResult, capsys: pytest.CaptureFixture[str]
) -> None:
    out = edition.edition_dir.parent
    assert main(["narrate", str(SEED), "--out", str(out), "--format", "mp3,m4b", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "unchanged" in err and "0 failed" in err


def test_the_speech_cache_is_opus_at_most_half_the_edition(edition: NarrateResult) -> None:
    """Issue 11: raw PCM took 2.5 times the edition; compressed, at most half of it
    (measured against the MP3 edition alone, without the M4B)."""
    storage = LocalStorage(edition.edition_dir.parent)
    stats = cache_stats(storage)
    mp3_edition = sum(f.bytes for f in edition.manifest.all_files() if not f.path.endswith(".m4b"))
    assert stats.packs == 1 and stats.clips > 0
    assert stats.size_bytes <= 0.5 * mp3_edition
    assert not list(storage.iter_objects(".cache/speech/clips/00/x")), "sanity"
    assert not [i for i in storage.iter_objects(".cache/speech/") if i.key.endswith(".pcm")]
