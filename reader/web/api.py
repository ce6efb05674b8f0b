"""The publisher API: queue articles for narration, follow jobs, list and delete episodes.

Writes need ``Authorization: Bearer <token>``, compared in constant time;
without a configured token they answer 403, with a wrong one 401.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from fastapi.concurrency import run_in_threadpool

from reader.catalog import delete_edition
from reader.errors import FetchError, SlugError, StorageError
from reader.storage import delete_stored_edition
from reader.web.schemas import (
    ArticleRequest,
    EpisodeOut,
    ErrorOut,
    JobOut,
    episode_out,
    job_out,
)
from reader.web.site import Site
from reader.web.urls import check_public_url
from reader.web.worker import JobRunner

__all__ = ["build_api_router"]

Slug = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=200)]

_AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Missing or wrong bearer token."},
    403: {"model": ErrorOut, "description": "The write API is disabled (no token configured)."},
    413: {"model": ErrorOut, "description": "The request body is larger than the server takes."},
}


def build_api_router(site: Site, runner: JobRunner) -> APIRouter:
    settings = site.settings
    base_url = settings.base_url

    def require_token(request: Request) -> None:
        token = settings.api_token
        if not token:
            raise HTTPException(
                403,
                "the write API is disabled: set api_token in reader.toml "
                "or the READER_API_TOKEN environment variable",
            )
        given = request.headers.get("authorization", "")
        scheme, _, credentials = given.partition(" ")
        ok = scheme.lower() == "bearer" and hmac.compare_digest(
            credentials.strip().encode(), token.encode()
        )
        if not ok:
            raise HTTPException(
                401,
                "missing or wrong bearer token (Authorization: Bearer <token>)",
                headers={"WWW-Authenticate": 'Bearer realm="reader"'},
            )

    router = APIRouter(prefix="/api", tags=["publisher"])
    writer = [Depends(require_token)]

    @router.post(
        "/articles",
        status_code=202,
        response_model=JobOut,
        dependencies=writer,
        responses=_AUTH_ERRORS,
        summary="Queue an article for narration",
    )
    async def post_article(body: ArticleRequest, response: Response) -> JobOut:
        """Accept the article and answer at once; a worker process narrates it.
        Follow the job at ``job_url``. A URL that is not http(s), or whose host
        resolves to a loopback, private or link-local address, gets 422."""
        if body.url is not None:
            try:
                await run_in_threadpool(
                    check_public_url, body.url, allow_private=settings.allow_private_urls
                )
            except FetchError as e:
                raise HTTPException(422, str(e)) from e
        job = await run_in_threadpool(site.catalog.add_job, body.model_dump(exclude_none=True))
        runner.wake()
        response.headers["location"] = f"{base_url}/api/jobs/{job.id}"
        return job_out(job, base_url=base_url)

    @router.get(
        "/jobs/{job_id}",
        response_model=JobOut,
        responses={404: {"model": ErrorOut}},
        summary="A narration job's state",
    )
    def get_job(job_id: Annotated[str, Path(max_length=64)]) -> JobOut:
        job = site.catalog.job(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id!r}")
        return job_out(job, base_url=base_url)

    @router.get("/episodes", response_model=list[EpisodeOut], summary="Every episode")
    def list_episodes() -> list[EpisodeOut]:
        return [episode_out(m, base_url=base_url) for m in site.manifests()]

    @router.get(
        "/episodes/{slug}",
        response_model=EpisodeOut,
        responses={404: {"model": ErrorOut}},
        summary="One episode",
    )
    def get_episode(slug: Slug) -> EpisodeOut:
        manifest = site.manifest(slug)
        if manifest is None:
            raise HTTPException(404, f"no episode {slug!r}")
        return episode_out(manifest, base_url=base_url)

    @router.delete(
        "/episodes/{slug}",
        status_code=204,
        dependencies=writer,
        responses={**_AUTH_ERRORS, 404: {"model": ErrorOut}},
        summary="Remove an episode from the feed and its files from disk",
    )
    def delete_episode(slug: Slug) -> Response:
        try:
            existed = delete_edition(site.catalog, site.out_dir, slug)
            if not site.local:
                existed = delete_stored_edition(site.storage, slug) or existed
        except SlugError as e:
            raise HTTPException(404, str(e)) from e
        except StorageError as e:
            raise HTTPException(503, f"{e}; try again") from e
        if not existed:
            raise HTTPException(404, f"no episode {slug!r}")
        return Response(status_code=204)

    return router
