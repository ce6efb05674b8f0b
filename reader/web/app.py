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

from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError

from reader import __version__
from reader.catalog import sync_catalog
from reader.config import Settings
from reader.errors import ConfigError
from reader.web.api import build_api_router
from reader.web.limits import BodyLimitMiddleware
from reader.web.player import build_player_router
from reader.web.routes import router
from reader.web.site import DEFAULT_COVER, IMAGE_TYPES, Site
from reader.web.worker import JobRunner

__all__ = ["DEFAULT_COVER", "create_app"]

log = logging.getLogger("reader.web")


def create_app(settings: Settings | None = None) -> FastAPI:
    """The whole server for ``settings`` (the defaults when None)."""
    settings = settings or Settings()
    cover = settings.cover_image or DEFAULT_COVER
    if cover.suffix.lower() not in IMAGE_TYPES or not cover.is_file():
        raise ConfigError(f"cover image {cover} is not a readable PNG or JPEG file")
    site = Site(settings)
    runner = JobRunner(settings, site.catalog)

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
    app.include_router(build_api_router(site, runner))
    app.include_router(router)
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
