"""``manifest.json``: what a narrated edition holds, for the server and later runs.

Pure: JSON text in and out. The narrator writes it last, after every file it
names is complete, so a manifest on disk always describes a whole edition::

    output/<slug>/
        manifest.json          this file
        episode.mp3            whole article, chaptered
        episode.m4b            when asked for
        sections/NN-<slug>.mp3 one per chapter
        chapters.json chapters.vtt transcript.vtt transcript.srt
        transcript.json transcript-segments.json

The server publishes the audio files under names unique to the article
(``public_path``): ``<slug>.mp3``, ``<slug>.m4b``, ``sections/<slug>-NN-....mp3``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, replace
from typing import Any

from reader.edition.model import Chapter
from reader.errors import InputError
from reader.model import Metadata

__all__ = [
    "AUDIO_SUFFIXES",
    "MANIFEST_NAME",
    "MANIFEST_VERSION",
    "FileEntry",
    "Manifest",
    "SectionEntry",
    "episode_guid",
    "manifest_from_json",
    "manifest_to_json",
    "public_path",
]

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1

_GUID_NAMESPACE = uuid.UUID("8f5e3d2a-6c1b-5e4f-9a0d-3b7c2e1f4a6d")


AUDIO_SUFFIXES = (".mp3", ".m4b", ".m4a")


def public_path(slug: str, path: str) -> str:
    """The name an edition file is published under (in URLs) for the one at ``path``.

    Podcast apps name a download after the last segment of its URL, so every
    audio file goes out under a name unique to its article: ``episode.mp3`` as
    ``<slug>.mp3``, ``sections/03-overuse.mp3`` as ``sections/<slug>-03-overuse.mp3``.
    Other files keep their names. Applying it twice changes nothing more.
    """
    folder, _, name = path.rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    if not dot or f".{suffix.lower()}" not in AUDIO_SUFFIXES:
        return path
    if stem == "episode":
        name = f"{slug}.{suffix}"
    elif not name.startswith(f"{slug}-") and name != f"{slug}.{suffix}":
        name = f"{slug}-{name}"
    return f"{folder}/{name}" if folder else name


def episode_guid(metadata: Metadata) -> str:
    """A stable GUID: from the canonical URL when known, else from the slug.

    Computed once, at first narration; later runs keep the GUID of the
    previous manifest, so it never changes once published.
    """
    key = metadata.canonical_url or f"slug:{metadata.slug}"
    return str(uuid.uuid5(_GUID_NAMESPACE, key))


@dataclass(frozen=True, slots=True, kw_only=True)
class FileEntry:
    path: str
    """Relative to the edition directory, with ``/`` separators."""
    bytes: int
    sha256: str
    mime: str
    duration_ms: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "bytes": self.bytes,
            "sha256": self.sha256,
            "mime": self.mime,
            "duration_ms": self.duration_ms,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FileEntry:
        return cls(
            path=str(d["path"]),
            bytes=int(d["bytes"]),
            sha256=str(d["sha256"]),
            mime=str(d["mime"]),
            duration_ms=None if d.get("duration_ms") is None else int(d["duration_ms"]),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SectionEntry:
    """One section file: a chapter as its own MP3."""

    number: int
    title: str
    kind: str
    level: int
    start_ms: int
    """Where this section starts in the episode."""
    file: FileEntry

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "kind": self.kind,
            "level": self.level,
            "start_ms": self.start_ms,
            "file": self.file.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SectionEntry:
        return cls(
            number=int(d["number"]),
            title=str(d["title"]),
            kind=str(d["kind"]),
            level=int(d["level"]),
            start_ms=int(d["start_ms"]),
            file=FileEntry.from_dict(d["file"]),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Manifest:
    slug: str
    guid: str
    metadata: Metadata
    narrated_at: str
    """ISO 8601 UTC time the edition was completed."""
    duration_ms: int
    voice: dict[str, str]
    """``profile``, ``engine``, ``engine_version``."""
    episode: FileEntry
    chapters: tuple[Chapter, ...]
    sections: tuple[SectionEntry, ...]
    files: dict[str, FileEntry]
    """The text files by role: ``chapters_json``, ``chapters_vtt``, ``transcript_vtt``,
    ``transcript_srt``, ``transcript_json`` (every word timed), ``transcript_segments``
    (the Podcasting 2.0 JSON transcript)."""
    m4b: FileEntry | None = None
    source: str = ""
    """Where the article was read from: an absolute path or a URL ("" when handed over)."""
    source_sha256: str = ""
    """Hash of the article bytes as read."""
    input_sha256: str = ""
    """Hash of every input (article bytes, voice, formats, lexicon files, reader version):
    when it matches, a batch knows the edition is current without parsing the article."""
    content_sha256: str = ""
    """Hash of everything that decides the audio: script, voices, lexicon, formats."""
    version: int = MANIFEST_VERSION

    def all_files(self) -> tuple[FileEntry, ...]:
        extra = (self.m4b,) if self.m4b else ()
        return (self.episode, *extra, *(s.file for s in self.sections), *self.files.values())

    def with_guid(self, guid: str) -> Manifest:
        return replace(self, guid=guid)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "slug": self.slug,
            "guid": self.guid,
            "metadata": self.metadata.to_dict(),
            "narrated_at": self.narrated_at,
            "duration_ms": self.duration_ms,
            "voice": dict(self.voice),
            "episode": self.episode.to_dict(),
            "m4b": self.m4b.to_dict() if self.m4b else None,
            "chapters": [c.to_dict() for c in self.chapters],
            "sections": [s.to_dict() for s in self.sections],
            "files": {k: v.to_dict() for k, v in self.files.items()},
            "source": self.source,
            "source_sha256": self.source_sha256,
            "input_sha256": self.input_sha256,
            "content_sha256": self.content_sha256,
        }


def manifest_to_json(manifest: Manifest) -> str:
    return json.dumps(manifest.to_dict(), indent=2, ensure_ascii=False) + "\n"


def manifest_from_json(text: str, *, source: str = MANIFEST_NAME) -> Manifest:
    """Parse a manifest; a broken or foreign one is an InputError naming ``source``."""
    try:
        d = json.loads(text)
        if d.get("version") != MANIFEST_VERSION:
            raise InputError(source, f"unsupported manifest version {d.get('version')!r}")
        m = d["metadata"]
        metadata = Metadata(
            title=m["title"],
            slug=m["slug"],
            author=m.get("author"),
            date=dt.date.fromisoformat(m["date"]) if m.get("date") else None,
            description=m.get("description"),
            tags=tuple(m.get("tags") or ()),
            language=m.get("language"),
            canonical_url=m.get("canonical_url"),
            cover_image=m.get("cover_image"),
        )
        return Manifest(
            slug=str(d["slug"]),
            guid=str(d["guid"]),
            metadata=metadata,
            narrated_at=str(d["narrated_at"]),
            duration_ms=int(d["duration_ms"]),
            voice={str(k): str(v) for k, v in d["voice"].items()},
            episode=FileEntry.from_dict(d["episode"]),
            m4b=FileEntry.from_dict(d["m4b"]) if d.get("m4b") else None,
            chapters=tuple(
                Chapter(
                    title=c["title"],
                    start_ms=int(c["start_ms"]),
                    end_ms=int(c["end_ms"]),
                    kind=c.get("kind", "section"),
                    level=int(c.get("level", 0)),
                )
                for c in d["chapters"]
            ),
            sections=tuple(SectionEntry.from_dict(s) for s in d["sections"]),
            files={str(k): FileEntry.from_dict(v) for k, v in d["files"].items()},
            source=str(d.get("source", "")),
            source_sha256=str(d.get("source_sha256", "")),
            input_sha256=str(d.get("input_sha256", "")),
            content_sha256=str(d.get("content_sha256", "")),
        )
    except InputError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise InputError(source, f"not a valid reader manifest ({e})") from e
