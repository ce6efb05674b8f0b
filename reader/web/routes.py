"""The feeds, the edition files and the cover art: one router on the shared ``Site``.

Plain ``def`` routes: the catalog and the disk block, so FastAPI runs them in
its thread pool, never on the event loop. ``/episodes/{slug}/feed.xml`` comes
before the catch-all ``/episodes/{slug}/{path}`` of the edition files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from starlette.responses import FileResponse, RedirectResponse

from reader.feed import edition_url
from reader.web.files import CONTENT_TYPES, is_not_modified, moved_file
from reader.web.site import IMAGE_TYPES, CachedFeed, Site, get_site

__all__ = ["router"]

FEED_TYPE = "application/rss+xml; charset=utf-8"


def _answers(*media_types: str) -> dict[str, Any]:
    """Route options for a raw ``Response`` of these types, as OpenAPI shows them."""
    return {
        "response_class": Response,
        "responses": {200: {"content": {t: {} for t in media_types}}},
    }


_RSS = _answers("application/rss+xml")

router = APIRouter()
SiteDep = Annotated[Site, Depends(get_site)]


@router.head("/feed.xml", include_in_schema=False)
@router.get("/feed.xml", tags=["feeds"], summary="The podcast", **_RSS)
def feed(request: Request, site: SiteDep) -> Response:
    return _feed_response(request, site.feed())


@router.head("/episodes/{slug}/feed.xml", include_in_schema=False)
@router.get(
    "/episodes/{slug}/feed.xml",
    tags=["feeds"],
    summary="One article as a feed with one item per section",
    **_RSS,
)
def episode_feed(request: Request, slug: str, site: SiteDep) -> Response:
    cached = site.episode_feed(slug)
    if cached is None:
        return Response(f"no episode {slug!r}\n", status_code=404, media_type="text/plain")
    return _feed_response(request, cached)


@router.head("/episodes/{slug}/{path:path}", include_in_schema=False)
@router.get(
    "/episodes/{slug}/{path:path}",
    tags=["files"],
    summary="A file of an edition: audio, chapters or transcript (byte ranges, 304)",
    response_class=Response,
    responses={
        200: {"content": {t: {} for t in (*CONTENT_TYPES.values(), "application/json")}},
        301: {
            "description": "An old name of an audio file (``episode.mp3``): it moved "
            "to the name unique to its article (``<slug>.mp3``)"
        },
    },
)
def edition_file(request: Request, slug: str, path: str, site: SiteDep) -> Response:
    manifest = site.manifest(slug)
    if manifest is None:
        return Response(f"no episode {slug!r}\n", 404, media_type="text/plain")
    answer = site.files.response(request, manifest, path)
    if answer is not None:
        return answer
    moved = moved_file(manifest, path)
    if moved is not None:  # an enclosure URL from before names were unique
        location = edition_url(site.settings.base_url, slug, moved)
        query = request.url.query
        return RedirectResponse(f"{location}?{query}" if query else location, 301)
    return Response(f"no file {path!r} in {slug!r}\n", 404, media_type="text/plain")


@router.head("/cover.png", include_in_schema=False)
@router.get(
    "/cover.png",
    tags=["files"],
    summary="Cover art",
    **_answers(*IMAGE_TYPES.values()),
)
def cover_image(request: Request, site: SiteDep) -> Response:
    return _static_file(request, site.cover, IMAGE_TYPES[site.cover.suffix.lower()])


@router.head("/favicon.ico", include_in_schema=False)
@router.get("/favicon.ico", include_in_schema=False)
def favicon(request: Request, site: SiteDep) -> Response:
    """The icon browsers ask for on every page: the packaged icon, or the show's
    own cover when one is configured."""
    return _static_file(request, *site.icon)


def _static_file(request: Request, path: Path, media_type: str) -> Response:
    """One of the server's own files, with 304 answers to conditional requests."""
    response = FileResponse(path, media_type=media_type, stat_result=path.stat())
    headers = response.headers
    if is_not_modified(request.headers, headers["etag"], headers["last-modified"]):
        return Response(status_code=304, headers={"etag": headers["etag"]})
    return response


def _accepts_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            q = params.strip().removeprefix("q=").strip()
            try:
                return not q or float(q) > 0
            except ValueError:
                return True
    return False


def _feed_response(request: Request, cached: CachedFeed) -> Response:
    gzipped = _accepts_gzip(request)
    etag = cached.gzip_etag if gzipped else cached.etag
    headers = {"etag": etag, "vary": "Accept-Encoding", "cache-control": "no-cache"}
    if is_not_modified(request.headers, etag, ""):
        return Response(status_code=304, headers=headers)
    if gzipped:
        headers["content-encoding"] = "gzip"
        return Response(cached.gzipped, headers=headers, media_type=FEED_TYPE)
    return Response(cached.body, headers=headers, media_type=FEED_TYPE)
