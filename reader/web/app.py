"""``create_app(settings)``: the feeds, the edition files, the cover, the player and
the publisher API in one FastAPI application.

On start (lifespan) the catalog is synced with the editions on disk and the
job supervisor starts; on stop it ends any running job, which then runs
again on the next start.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from starlette.responses import FileResponse

from reader import __version__
from reader.catalog import sync_catalog
from reader.config import Settings
from reader.errors import ConfigError
from reader.storage import edition_key
from reader.web.api import build_api_router
from reader.web.files import CONTENT_TYPES, find_file, is_not_modified, serve_file
from reader.web.limits import BodyLimitMiddleware
from reader.web.objects import serve_object
from reader.web.player import build_player_router
from reader.web.site import CachedFeed, Site
from reader.web.worker import JobRunner

__all__ = ["DEFAULT_COVER", "create_app"]

log = logging.getLogger("reader.web")

DEFAULT_COVER = Path(__file__).with_name("cover.png")
_FEED_TYPE = "application/rss+xml; charset=utf-8"
_RSS: dict[str, Any] = {
    "response_class": Response,
    "responses": {200: {"content": {"application/rss+xml": {}}}},
}
_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def create_app(settings: Settings | None = None) -> FastAPI:
    """The whole server for ``settings`` (the defaults when None)."""
    settings = settings or Settings()
    cover = settings.cover_image or DEFAULT_COVER
    if cover.suffix.lower() not in _IMAGE_TYPES or not cover.is_file():
        raise ConfigError(f"cover image {cover} is not a readable PNG or JPEG file")
    site = Site(settings)
    runner = JobRunner(settings, site.catalog)
    queue = None
    if settings.broker_url:  # distributed mode: Celery workers narrate API jobs
        from reader.queue import create_celery

        queue = create_celery(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.out_dir.mkdir(parents=True, exist_ok=True)
        if site.local:  # editions elsewhere are recorded by whoever uploads them
            report = await run_in_threadpool(sync_catalog, settings.out_dir, catalog=site.catalog)
            for problem in report.errors:
                log.warning("skipped edition: %s", problem)
            log.info(
                "catalog: %d added, %d updated, %d removed",
                len(report.added),
                len(report.updated),
                len(report.removed),
            )
        if queue is None:
            requeued = runner.start()
            if requeued:
                log.info("running %d interrupted job(s) again", len(requeued))
        try:
            yield
        finally:
            await run_in_threadpool(runner.stop)

    app = FastAPI(
        title="reader",
        version=__version__,
        summary="Narrated articles as a podcast: feeds, files, player and publisher API.",
        lifespan=lifespan,
    )
    app.state.site = site
    app.state.runner = runner
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.include_router(build_api_router(site, runner, queue=queue))

    @app.head("/feed.xml", include_in_schema=False)
    @app.get("/feed.xml", tags=["feeds"], summary="The podcast", **_RSS)
    async def feed(request: Request) -> Response:
        cached = site.feed() if site.has_feed() else await run_in_threadpool(site.feed)
        return _feed_response(request, cached)

    @app.head("/episodes/{slug}/feed.xml", include_in_schema=False)
    @app.get(
        "/episodes/{slug}/feed.xml",
        tags=["feeds"],
        summary="One article as a feed with one item per section",
        **_RSS,
    )
    def episode_feed(request: Request, slug: str) -> Response:
        cached = site.episode_feed(slug)
        if cached is None:
            return Response(f"no episode {slug!r}\n", status_code=404, media_type="text/plain")
        return _feed_response(request, cached)

    @app.head("/episodes/{slug}/{path:path}", include_in_schema=False)
    @app.get(
        "/episodes/{slug}/{path:path}",
        tags=["files"],
        summary="A file of an edition: audio, chapters or transcript (byte ranges, 304)",
        response_class=Response,
        responses={200: {"content": {t: {} for t in CONTENT_TYPES.values()}}},
    )
    async def edition_file(request: Request, slug: str, path: str) -> Response:
        manifest = site.manifest(slug)
        if manifest is not None and not site.local:
            entry = {e.path: e for e in manifest.all_files()}.get(path)
            if entry is not None:
                return await run_in_threadpool(
                    serve_object,
                    request.headers,
                    request.method,
                    site.storage,
                    edition_key(slug, path),
                    entry,
                    redirect=settings.storage_redirect,
                )
        found = find_file(site.out_dir, manifest, path) if manifest is not None else None
        if found is None:
            return Response(f"no file {path!r} in {slug!r}\n", 404, media_type="text/plain")
        return serve_file(request.headers, *found)

    @app.head("/cover.png", include_in_schema=False)
    @app.get(
        "/cover.png",
        tags=["files"],
        summary="Cover art",
        response_class=Response,
        responses={200: {"content": {"image/png": {}, "image/jpeg": {}}}},
    )
    async def cover_image(request: Request) -> Response:
        media_type = _IMAGE_TYPES[cover.suffix.lower()]
        response = FileResponse(cover, media_type=media_type, stat_result=cover.stat())
        headers = response.headers
        if is_not_modified(request.headers, headers["etag"], headers["last-modified"]):
            return Response(status_code=304, headers={"etag": headers["etag"]})
        return response

    _include_player(app, site)
    return app


def _include_player(app: FastAPI, site: Site) -> None:
    """The accessible player: ``GET /`` and ``GET /episodes/{slug}``."""
    app.include_router(
        build_player_router(site.manifests, site.manifest, edition_dir=site.edition_dir)
    )


async def _validation_error(request: Request, exc: Exception) -> Response:
    """FastAPI's 422 shape, without echoing the input back (an article can be
    megabytes) and safe for any characters the client sent."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    detail = [
        {"type": e.get("type"), "loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg")}
        for e in errors
    ]
    return Response(
        json.dumps({"detail": detail}, ensure_ascii=True),
        status_code=422,
        media_type="application/json",
    )


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
        return Response(cached.gzipped, headers=headers, media_type=_FEED_TYPE)
    return Response(cached.body, headers=headers, media_type=_FEED_TYPE)
