"""The publisher API's request and response bodies (they make its OpenAPI schema)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reader.catalog import Job, published_at
from reader.edition.manifest import Manifest
from reader.feed import edition_url

__all__ = [
    "ArticleRequest",
    "ChapterOut",
    "EpisodeOut",
    "ErrorOut",
    "FileOut",
    "JobOut",
    "VoiceOut",
    "episode_out",
    "job_out",
]


class ArticleRequest(BaseModel):
    """An article to narrate: its ``text`` (with ``format``) or a ``url`` to fetch."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"text": "# Title\n\nFirst paragraph.", "format": "markdown"},
                {"url": "https://example.org/posts/cramps", "voice": "default"},
            ]
        },
    )

    text: str | None = Field(default=None, min_length=1, description="The article itself.")
    format: Literal["markdown", "html"] | None = Field(
        default=None, description="How ``text`` is written; guessed when omitted."
    )
    url: str | None = Field(
        default=None, min_length=1, max_length=2048, description="An http(s) URL to fetch."
    )
    voice: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$",
        description="A voice profile name; the server's default voice when omitted.",
    )

    @model_validator(mode="after")
    def _one_source(self) -> ArticleRequest:
        if (self.text is None) == (self.url is None):
            raise ValueError("give exactly one of 'text' or 'url'")
        if self.url is not None and self.format is not None:
            raise ValueError("'format' goes with 'text'; a fetched URL's format comes from it")
        return self


class ErrorOut(BaseModel):
    detail: str


class JobOut(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    error: str | None = Field(description="Why the job failed, when it did.")
    slug: str | None = Field(description="The episode the job made, when done.")
    attempts: int
    created_at: str
    started_at: str | None
    finished_at: str | None
    job_url: str
    episode_url: str | None = Field(description="API URL of the episode, when done.")
    notices: list[str] = Field(
        default_factory=list,
        description="One line each about how the article was read, when done: the voice "
        "fell back to another profile because the requested one does not speak the "
        "article's language (say, espeak-ng reads a German article instead of Piper).",
    )


class ChapterOut(BaseModel):
    title: str
    start_ms: int
    end_ms: int


class VoiceOut(BaseModel):
    profile: str = Field(description="The voice profile that read the article.")
    engine: str
    fallback_from: str | None = Field(
        description="The profile asked for, when it does not speak the article's language "
        "and ``profile``, its fallback, read it instead."
    )


class FileOut(BaseModel):
    path: str
    bytes: int
    mime: str
    url: str


class EpisodeOut(BaseModel):
    slug: str
    guid: str
    title: str
    author: str | None
    published: str = Field(description="RFC 3339 publication time.")
    duration_ms: int
    page_url: str
    audio_url: str
    sections_feed_url: str
    voice: VoiceOut
    chapters: list[ChapterOut]
    files: list[FileOut]


def job_out(job: Job, *, base_url: str) -> JobOut:
    return JobOut(
        id=job.id,
        status=job.status,
        error=job.error,
        slug=job.slug,
        attempts=job.attempts,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        job_url=f"{base_url}/api/jobs/{job.id}",
        episode_url=f"{base_url}/api/episodes/{job.slug}" if job.slug else None,
        notices=list(job.notices),
    )


def episode_out(manifest: Manifest, *, base_url: str) -> EpisodeOut:
    slug = manifest.slug
    return EpisodeOut(
        slug=slug,
        guid=manifest.guid,
        title=manifest.metadata.title,
        author=manifest.metadata.author,
        published=published_at(manifest).isoformat(),
        duration_ms=manifest.duration_ms,
        page_url=edition_url(base_url, slug),
        audio_url=edition_url(base_url, slug, manifest.episode.path),
        sections_feed_url=edition_url(base_url, slug, "feed.xml"),
        voice=VoiceOut(
            profile=str(manifest.voice.get("profile", "")),
            engine=str(manifest.voice.get("engine", "")),
            fallback_from=manifest.voice.get("fallback_from") or None,
        ),
        chapters=[
            ChapterOut(title=c.title, start_ms=c.start_ms, end_ms=c.end_ms)
            for c in manifest.chapters
        ],
        files=[
            FileOut(
                path=f.path, bytes=f.bytes, mime=f.mime, url=edition_url(base_url, slug, f.path)
            )
            for f in manifest.all_files()
        ],
    )
