"""Make small but real editions on disk for tests that must not wait for speech.

Each edition has a real chaptered MP3 (tones made by ffmpeg), section files,
the text files and a manifest, shaped exactly as ``reader narrate`` writes them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from pathlib import Path

import imageio_ffmpeg

from reader.edition.manifest import (
    MANIFEST_NAME,
    FileEntry,
    Manifest,
    SectionEntry,
    episode_guid,
    manifest_to_json,
)
from reader.edition.model import Chapter
from reader.model import Metadata

CHAPTER_TITLES = ("Opening", "Dehydration", "Overuse", "What causes cramps?")


def _entry(root: Path, rel: str, mime: str, duration_ms: int | None = None) -> FileEntry:
    data = (root / rel).read_bytes()
    return FileEntry(
        path=rel,
        bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        mime=mime,
        duration_ms=duration_ms,
    )


def _tone_mp3(path: Path, seconds: float, freq: int, chapters: list[Chapter] | None = None) -> None:
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    args = [ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i"]
    args.append(f"sine=frequency={freq}:sample_rate=22050:duration={seconds}")
    if chapters:
        meta = path.with_suffix(".ffmeta")
        lines = [";FFMETADATA1"]
        for c in chapters:
            lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={c.start_ms}", f"END={c.end_ms}"]
            lines.append(f"title={c.title}")
        meta.write_text("\n".join(lines) + "\n")
        args += ["-i", str(meta), "-map", "0", "-map_metadata", "1", "-map_chapters", "1"]
    args += ["-ac", "1", "-b:a", "64k", "-id3v2_version", "4", str(path)]
    subprocess.run(args, check=True)
    if chapters:
        path.with_suffix(".ffmeta").unlink()


def make_edition(
    out_dir: Path,
    slug: str = "inner-thigh-cramps",
    *,
    title: str = "What Causes Inner Thigh Cramps?",
    author: str | None = "Osgood",
    date: dt.date | None = dt.date(2022, 12, 29),
    chapter_seconds: float = 2.0,
) -> Manifest:
    """Write ``out_dir/slug/`` with four chapters of tones; return its manifest."""
    root = out_dir / slug
    (root / "sections").mkdir(parents=True, exist_ok=True)
    step = int(chapter_seconds * 1000)
    chapters = [
        Chapter(
            title=t,
            start_ms=i * step,
            end_ms=(i + 1) * step,
            kind="opening" if i == 0 else ("faq" if t.endswith("?") else "section"),
            level=0 if i == 0 else 2,
        )
        for i, t in enumerate(CHAPTER_TITLES)
    ]
    total_ms = step * len(chapters)
    _tone_mp3(root / "episode.mp3", total_ms / 1000, 440, chapters)
    sections = []
    for i, c in enumerate(chapters, start=1):
        rel = f"sections/{i:02d}-{slug}-{i}.mp3"
        _tone_mp3(root / rel, chapter_seconds, 300 + 100 * i)
        entry = _entry(root, rel, "audio/mpeg", step)
        sections.append(
            SectionEntry(
                number=i, title=c.title, kind=c.kind, level=c.level, start_ms=c.start_ms, file=entry
            )
        )
    (root / "chapters.json").write_text(
        '{"version": "1.2", "chapters": ['
        + ", ".join(f'{{"startTime": {c.start_ms / 1000}, "title": "{c.title}"}}' for c in chapters)
        + "]}\n"
    )
    cues = "\n".join(
        f"00:00:{c.start_ms // 1000:02d}.000 --> 00:00:{c.end_ms // 1000:02d}.000\n{c.title}\n"
        for c in chapters
    )
    (root / "chapters.vtt").write_text("WEBVTT\n\n" + cues)
    (root / "transcript.vtt").write_text("WEBVTT\n\n" + cues)
    srt = "\n".join(
        f"{i}\n00:00:{c.start_ms // 1000:02d},000 --> 00:00:{c.end_ms // 1000:02d},000\n{c.title}\n"
        for i, c in enumerate(chapters, start=1)
    )
    (root / "transcript.srt").write_text(srt)
    metadata = Metadata(title=title, slug=slug, author=author, date=date, language="en")
    manifest = Manifest(
        slug=slug,
        guid=episode_guid(metadata),
        metadata=metadata,
        narrated_at="2026-11-23T12:00:00Z",
        duration_ms=total_ms,
        voice={"profile": "default", "engine": "fake", "engine_version": "0"},
        episode=_entry(root, "episode.mp3", "audio/mpeg", total_ms),
        chapters=tuple(chapters),
        sections=tuple(sections),
        files={
            "chapters_json": _entry(root, "chapters.json", "application/json+chapters"),
            "chapters_vtt": _entry(root, "chapters.vtt", "text/vtt"),
            "transcript_vtt": _entry(root, "transcript.vtt", "text/vtt"),
            "transcript_srt": _entry(root, "transcript.srt", "application/x-subrip"),
        },
        source_sha256=hashlib.sha256(slug.encode()).hexdigest(),
        content_sha256=hashlib.sha256(title.encode()).hexdigest(),
    )
    (root / MANIFEST_NAME).write_text(manifest_to_json(manifest))
    return manifest
