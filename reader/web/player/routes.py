"""The player's routes: ``GET /``, ``GET /episodes/{slug}`` and its two static files.

The static files (``/static/player.css``, ``/static/player.js``) are served by
explicit routes from memory, because a router cannot mount a directory: each
has a strong ETag (304 answers) and the pages link them with ``?v=<hash>``,
so a versioned URL is cached for a year and a bare one is revalidated.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from reader.edition.manifest import Manifest
from reader.edition.model import Cue
from reader.errors import InputError
from reader.web.files import is_not_modified
from reader.web.player.pages import (
    Assets,
    episode_context,
    index_context,
    not_found_context,
    page_environment,
)
from reader.web.player.transcript import parse_transcript_vtt

__all__ = ["STATIC_DIR", "build_player_router", "read_transcript_cues"]

log = logging.getLogger("reader.web.player")

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
"""``player.css`` and ``player.js``: plain files, no build step."""

_STATIC_TYPES = {
    "player.css": "text/css; charset=utf-8",
    "player.js": "text/javascript; charset=utf-8",
}
_PAGE_HEADERS = {
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; media-src 'self'; "
        "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    ),
}


@dataclass(frozen=True, slots=True)
class _StaticFile:
    body: bytes
    media_type: str
    etag: str


def _load_static(directory: Path) -> dict[str, _StaticFile]:
    files = {}
    for name, media_type in _STATIC_TYPES.items():
        body = (directory / name).read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        files[name] = _StaticFile(body=body, media_type=media_type, etag=etag)
    return files


@functools.lru_cache(maxsize=64)
def _cached_cues(path: Path, sha256: str) -> tuple[Cue, ...]:
    return parse_transcript_vtt(path.read_text(encoding="utf-8"), source=str(path))


def read_transcript_cues(edition: Path, manifest: Manifest) -> tuple[Cue, ...] | None:
    """The cues of the edition's ``transcript.vtt`` (cached by its hash), or None when
    it is missing, unreadable or outside ``edition``; the page then offers downloads."""
    entry = manifest.files.get("transcript_vtt")
    if entry is None:
        return None
    root = edition.resolve()
    path = (root / entry.path).resolve()
    if not path.is_relative_to(root):
        return None
    try:
        return _cached_cues(path, entry.sha256)
    except (OSError, UnicodeDecodeError, InputError) as e:
        log.warning("transcript of %s not shown: %s", manifest.slug, e)
        return None


def build_player_router(
    get_manifests: Callable[[], Sequence[Manifest]],
    get_manifest: Callable[[str], Manifest | None],
    *,
    edition_dir: Callable[[str], Path] | None = None,
    static_dir: Path = STATIC_DIR,
) -> APIRouter:
    """The pages (``/``, ``/episodes/{slug}``) and ``/static/player.{css,js}``.

    ``get_manifests`` gives the episodes newest first, ``get_manifest`` one by
    slug. With ``edition_dir`` (slug -> directory of the edition) the episode
    page carries its transcript as text; without it, links to the files.
    """
    static = _load_static(static_dir)
    assets = Assets(
        css_href=f"/static/player.css?v={static['player.css'].etag[1:13]}",
        js_href=f"/static/player.js?v={static['player.js'].etag[1:13]}",
    )
    templates = Jinja2Templates(env=page_environment())
    router = APIRouter(tags=["player"])

    @router.head("/", include_in_schema=False)
    @router.get("/", response_class=HTMLResponse, summary="The episode list")
    def index(request: Request) -> HTMLResponse:
        feed_url = str(request.base_url).rstrip("/") + "/feed.xml"
        context = index_context(get_manifests(), feed_url=feed_url, assets=assets)
        return templates.TemplateResponse(request, "index.html", context, headers=_PAGE_HEADERS)

    @router.head("/episodes/{slug}", include_in_schema=False)
    @router.get(
        "/episodes/{slug}",
        response_class=HTMLResponse,
        summary="One episode: audio, chapters and transcript",
        responses={404: {"content": {"text/html": {}}, "description": "No such episode"}},
    )
    def episode(request: Request, slug: str) -> HTMLResponse:
        manifest = get_manifest(slug)
        if manifest is None:
            context = not_found_context(slug, assets=assets)
            return templates.TemplateResponse(
                request, "not_found.html", context, status_code=404, headers=_PAGE_HEADERS
            )
        cues = read_transcript_cues(edition_dir(slug), manifest) if edition_dir else None
        context = episode_context(manifest, cues=cues, assets=assets)
        return templates.TemplateResponse(request, "episode.html", context, headers=_PAGE_HEADERS)

    @router.head("/static/{name}", include_in_schema=False)
    @router.get(
        "/static/{name}",
        response_class=Response,
        summary="The player's style sheet and script",
        responses={200: {"content": {t.split(";")[0]: {} for t in _STATIC_TYPES.values()}}},
    )
    def static_file(request: Request, name: str) -> Response:
        found = static.get(name)
        if found is None:
            return Response(f"no static file {name!r}\n", 404, media_type="text/plain")
        versioned = request.query_params.get("v") == found.etag[1:13]
        headers = {
            "etag": found.etag,
            "cache-control": "public, max-age=31536000, immutable" if versioned else "no-cache",
            "x-content-type-options": "nosniff",
        }
        if is_not_modified(request.headers, found.etag, ""):
            return Response(status_code=304, headers=headers)
        return Response(found.body, headers=headers, media_type=found.media_type)

    return router
