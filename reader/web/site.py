"""What the server knows between requests: the catalog, the edition files, and
feeds and manifests cached until the catalog's version changes.

Routes reach it through ``Depends(get_site)``. Parsed manifests are kept by
slug and modification time, so a change to one episode parses one manifest
again, not all of them.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request

from reader.catalog import Catalog
from reader.config import Settings
from reader.edition.manifest import Manifest
from reader.errors import StorageError
from reader.feed import ChannelInfo, build_episode_feed, build_feed
from reader.storage import LocalStorage, file_key, is_out_dir, open_storage
from reader.web.files import EditionFiles, LocalEditionFiles
from reader.web.objects import StoredEditionFiles

__all__ = [
    "DEFAULT_COVER",
    "DEFAULT_FAVICON",
    "IMAGE_TYPES",
    "CachedFeed",
    "Site",
    "channel_info",
    "get_site",
]

DEFAULT_COVER = Path(__file__).with_name("cover.png")
DEFAULT_FAVICON = Path(__file__).with_name("favicon.ico")
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}

log = logging.getLogger("reader.web")


@dataclass(frozen=True, slots=True)
class CachedFeed:
    body: bytes
    gzipped: bytes
    etag: str
    """Strong ETag of ``body``; the gzipped variant is ``etag`` with ``-gzip`` inside."""

    @property
    def gzip_etag(self) -> str:
        return self.etag[:-1] + '-gzip"'


def channel_info(settings: Settings) -> ChannelInfo:
    return ChannelInfo(
        title=settings.title,
        description=settings.description,
        author=settings.author,
        language=settings.language,
        category=settings.category,
        explicit=settings.explicit,
        owner_name=settings.owner_name,
        owner_email=settings.owner_email,
        image_path="/cover.png",
        locked=settings.locked,
    )


def _cached(body: bytes) -> CachedFeed:
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return CachedFeed(body=body, gzipped=gzip.compress(body, 6, mtime=0), etag=etag)


class Site:
    """The catalog plus caches keyed by its version; shared by every request."""

    def __init__(self, settings: Settings, files: EditionFiles | None = None) -> None:
        self.settings = settings
        self.out_dir = settings.out_dir.resolve()
        self.catalog = Catalog(settings.catalog_location)
        self.storage = open_storage(settings)
        self.local = is_out_dir(self.storage, self.out_dir)
        """Whether editions are served from ``out_dir`` (else from ``storage``)."""
        self.media_base_url = None if self.local else settings.storage_public_base_url
        """Where enclosures point when the storage is public; else at this server."""
        if files is None:
            stored = StoredEditionFiles(self.storage, redirect=settings.storage_redirect)
            files = LocalEditionFiles(self.out_dir) if self.local else stored
        self.files = files
        """Where the edition files are served from: ``out_dir``, or the storage."""
        self.channel = channel_info(settings)
        self.cover = settings.cover_image or DEFAULT_COVER
        """The show's cover art, a PNG or JPEG file."""
        self.icon = (self.cover, IMAGE_TYPES[self.cover.suffix.lower()])
        if settings.cover_image is None:
            self.icon = (DEFAULT_FAVICON, "image/x-icon")
        """The icon browsers ask for on every page, and its type: the packaged icon, or
        the show's own cover when one is configured."""
        self._lock = threading.Lock()
        self._version = -1
        self._parsed: dict[str, tuple[str, Manifest]] = {}
        """slug -> (modification time in the catalog, parsed manifest)."""
        self._manifests: dict[str, Manifest] = {}
        self._ordered: tuple[Manifest, ...] = ()
        self._feed: CachedFeed | None = None
        self._episode_feeds: dict[str, CachedFeed] = {}

    def _refresh(self) -> None:
        version = self.catalog.version()
        if version == self._version:
            return
        with self._lock:
            if version == self._version:
                return
            stamps = self.catalog.stamps()
            stale = [slug for slug, stamp in stamps if self._parsed.get(slug, ("",))[0] != stamp]
            fresh = self.catalog.manifests_of(stale) if stale else {}
            parsed = {}
            for slug, stamp in stamps:
                if slug in fresh:
                    parsed[slug] = (stamp, fresh[slug])
                elif slug in self._parsed and slug not in stale:
                    parsed[slug] = self._parsed[slug]
            self._parsed = parsed
            ordered = tuple(manifest for _, manifest in parsed.values())
            self._ordered = ordered
            self._manifests = {m.slug: m for m in ordered}
            self._feed = None
            self._episode_feeds = {}
            self._version = version

    def manifests(self) -> tuple[Manifest, ...]:
        """Every episode, newest first."""
        self._refresh()
        return self._ordered

    def manifest(self, slug: str) -> Manifest | None:
        self._refresh()
        return self._manifests.get(slug)

    def edition_dir(self, slug: str) -> Path:
        """The edition's folder, for the player's transcript. With editions in other
        storage, a local mirror of the episode's ``transcript.vtt``, fetched when
        missing or changed."""
        if self.local:
            return self.out_dir / slug
        mirror = self.out_dir / ".storage-mirror" / slug
        manifest = self.manifest(slug)
        entry = manifest.files.get("transcript_vtt") if manifest is not None else None
        if entry is None:
            return mirror
        copy = mirror / entry.path
        try:
            if not copy.is_file() or copy.stat().st_size != entry.bytes:
                data = self.storage.get_bytes(file_key(slug, entry.path))
                if data is not None:
                    LocalStorage(mirror).put_bytes(entry.path, data)
        except (StorageError, OSError) as e:
            log.warning("transcript of %s not fetched from storage: %s", slug, e)
        return mirror

    def feed(self) -> CachedFeed:
        """The show's feed, rebuilt only when the catalog changed since the last call."""
        self._refresh()
        feed = self._feed
        if feed is None:
            with self._lock:
                feed = self._feed
                if feed is None:
                    body = build_feed(
                        self.channel,
                        self._ordered,
                        base_url=self.settings.base_url,
                        media_base_url=self.media_base_url,
                    )
                    feed = self._feed = _cached(body)
        return feed

    def episode_feed(self, slug: str) -> CachedFeed | None:
        """The episode's section feed; None when there is no such episode, or when its
        manifest is too broken to write one (logged: the server answers 404, not 500)."""
        manifest = self.manifest(slug)
        if manifest is None:
            return None
        feed = self._episode_feeds.get(slug)
        if feed is None:
            try:
                body = build_episode_feed(
                    self.channel,
                    manifest,
                    base_url=self.settings.base_url,
                    media_base_url=self.media_base_url,
                )
            except Exception as e:  # a broken manifest must not answer 500
                log.warning("section feed of %r cannot be written: %s", slug, e)
                return None
            feed = self._episode_feeds[slug] = _cached(body)
        return feed


def get_site(request: Request) -> Site:
    """The application's ``Site``, for ``Depends``."""
    site: Site = request.app.state.site
    return site
