"""Fixed manifests for feed tests: no disk, no clock, so golden files stay put."""

from __future__ import annotations

import datetime as dt

from reader.edition.manifest import FileEntry, Manifest, SectionEntry
from reader.edition.model import Chapter
from reader.feed import ChannelInfo
from reader.model import Metadata

BASE_URL = "https://podcast.example.org/reader"

CHANNEL = ChannelInfo(
    title="Osgood's articles",
    description="Articles about muscles & cramps, narrated.",
    author="Osgood",
    language="en",
    category="Health & Fitness > Medicine",
    explicit=False,
    owner_name="Osgood",
    owner_email="osgood@example.org",
    locked=True,
)


def _file(path: str, size: int, mime: str, duration_ms: int | None = None) -> FileEntry:
    return FileEntry(
        path=path, bytes=size, sha256=f"{size:064x}", mime=mime, duration_ms=duration_ms
    )


def sample_manifest(
    slug: str = "inner-thigh-cramps",
    *,
    title: str = "What Causes Inner Thigh Cramps?",
    author: str | None = "Osgood",
    date: dt.date | None = dt.date(2022, 12, 29),
    description: str | None = "Why the inner thigh cramps, and what helps.",
    canonical_url: str | None = "https://example.org/posts/inner-thigh-cramps",
    guid: str = "1d2dfe4d-fe90-52a5-9e4b-6152a42a5186",
    chapter_titles: tuple[str, ...] = ("Opening", "Dehydration", "Overuse", "What causes cramps?"),
    chapter_ms: int = 61_234,
) -> Manifest:
    chapters = tuple(
        Chapter(
            title=t,
            start_ms=i * chapter_ms,
            end_ms=(i + 1) * chapter_ms,
            kind="opening" if i == 0 else "section",
            level=0 if i == 0 else 2,
        )
        for i, t in enumerate(chapter_titles)
    )
    total_ms = chapter_ms * len(chapters)
    sections = tuple(
        SectionEntry(
            number=i,
            title=c.title,
            kind=c.kind,
            level=c.level,
            start_ms=c.start_ms,
            file=_file(f"sections/{i:02d}-{slug}.mp3", 490_000 + i, "audio/mpeg", chapter_ms),
        )
        for i, c in enumerate(chapters, start=1)
    )
    metadata = Metadata(
        title=title,
        slug=slug,
        author=author,
        date=date,
        description=description,
        language="en",
        canonical_url=canonical_url,
    )
    return Manifest(
        slug=slug,
        guid=guid,
        metadata=metadata,
        narrated_at="2026-11-23T12:00:00Z",
        duration_ms=total_ms,
        voice={"profile": "default", "engine": "fake", "engine_version": "0"},
        episode=_file("episode.mp3", 1_960_123, "audio/mpeg", total_ms),
        chapters=chapters,
        sections=sections,
        files={
            "chapters_json": _file("chapters.json", 512, "application/json+chapters"),
            "chapters_vtt": _file("chapters.vtt", 300, "text/vtt"),
            "transcript_vtt": _file("transcript.vtt", 4096, "text/vtt"),
            "transcript_srt": _file("transcript.srt", 4000, "application/x-subrip"),
            "transcript_segments": _file("transcript-segments.json", 9000, "application/json"),
        },
    )


def sample_episodes() -> list[Manifest]:
    return [
        sample_manifest(),
        sample_manifest(
            "calf-cramps-at-night",
            title="Calf cramps at night: <causes> & \u201cfixes\u201d",
            author=None,
            date=None,
            description=None,
            canonical_url=None,
            guid="0b6c1a52-8f7e-5b8e-9d55-4f3a2c1e0d9b",
            chapter_titles=("Opening", "Why at night?", "Stretching"),
            chapter_ms=3_725_500,
        ),
    ]
