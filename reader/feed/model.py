"""The show as a feed presents it, and the small pure helpers the feeds share."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import quote

from reader.edition.manifest import public_path

__all__ = [
    "PODCAST_GUID_NAMESPACE",
    "ChannelInfo",
    "edition_url",
    "format_npt",
    "podcast_guid",
]

PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
"""The Podcasting 2.0 namespace's own UUID namespace for ``podcast:guid``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelInfo:
    title: str
    description: str
    """Plain text: apps show it as is and screen readers read tags aloud."""
    author: str
    language: str
    category: str
    """Apple category; ``"Parent > Child"`` for a subcategory."""
    explicit: bool = False
    owner_name: str | None = None
    owner_email: str | None = None
    image_path: str = "/cover.png"
    """Path of the cover below the base URL (or an absolute URL)."""
    locked: bool = False


def podcast_guid(feed_url: str) -> str:
    """``podcast:guid``: UUIDv5 of the feed URL without scheme and trailing slashes."""
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def edition_url(base_url: str, slug: str, path: str = "") -> str:
    """Absolute URL of an edition's page (``path`` empty) or of the file at ``path`` in
    it, under its published name (``public_path``: audio files carry the slug)."""
    url = f"{base_url.rstrip('/')}/episodes/{quote(slug, safe='')}"
    return f"{url}/{quote(public_path(slug, path), safe='/')}" if path else url


def format_npt(ms: int) -> str:
    """``HH:MM:SS.mmm`` (Normal Play Time), as Podlove Simple Chapters wants it."""
    seconds, millis = divmod(max(ms, 0), 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
