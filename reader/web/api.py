"""The publisher API: queue articles for narration, follow jobs, list and delete episodes.

Writes need ``Authorization: Bearer <token>``, compared in constant time and
checked before the body is read (``reader.web.auth``); without a configured
token they answer 403, with a missing or wrong one 401.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from fastapi.concurrency import run_in_threadpool

from reader.catalog import Job, delete_edition
from reader.errors import FetchError, QueueError, ReaderError, SlugError, StorageError
from reader.storage import delete_stored_edition
from reader.web.auth import CHALLENGE, token_refusal
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

if TYPE_CHECKING:
    from reader.queue import ReaderCelery

__all__ = ["build_api_router"]

RETRY_AFTER_S = 60
"""What a client is asked to wait when the job queue is full."""
QUEUE_DOWN_RETRY_AFTER_S = 30
"""What a client is asked to wait when the broker (distributed mode) cannot be reached."""

Slug = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=200)]

_AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Missing or wrong bearer token."},
    403: {"model": ErrorOut, "description": "The write API is disabled (no token configured)."},
    413: {"model": ErrorOut, "description": "The request body is larger than the server takes."},
}


def _queue_down(error: QueueError, consequence: str) -> HTTPException:
    """503 for a broker (or result backend) that cannot be reached: try again later."""
    return HTTPException(
        503,
        f"the narration queue is unavailable, so {consequence}: {error}; "
        f"try again in {QUEUE_DOWN_RETRY_AFTER_S} s",
        headers={"Retry-After": str(QUEUE_DOWN_RETRY_AFTER_S)},
    )


def build_api_router(
    site: Site, runner: JobRunner, *, queue: ReaderCelery | None = None
) -> APIRouter:
    """The API; with ``queue`` (a broker is configured) jobs go to Celery workers."""
    settings = site.settings
    base_url = settings.base_url

    def require_token(request: Request) -> None:
        # WriteTokenMiddleware has already refused these before reading the body;
        # checking again keeps each route safe on its own and documents it.
        refusal = token_refusal(settings.api_token, request.headers.get("authorization", ""))
        if refusal is not None:
            status, detail = refusal
            headers = {"WWW-Authenticate": CHALLENGE} if status == 401 else None
            raise HTTPException(status, detail, headers=headers)

    def _waiting_jobs() -> int:
        """Jobs waiting for a worker: in the catalog, or on the broker's queue."""
        if queue is None:
            return site.catalog.count_jobs("queued")
        from reader.queue.jobs import waiting_jobs

        try:
            return waiting_jobs(queue)
        except QueueError as e:
            raise _queue_down(e, "the article was not queued") from e

    def _reread(job: Job) -> Job:
        return site.catalog.job(job.id) or job

    router = APIRouter(prefix="/api", tags=["publisher"])
    writer = [Depends(require_token)]

    @router.post(
        "/articles",
        status_code=202,
        response_model=JobOut,
        dependencies=writer,
        responses={
            **_AUTH_ERRORS,
            503: {
                "model": ErrorOut,
                "description": "The job queue is full, or its broker cannot be reached; "
                "see Retry-After.",
            },
        },
        summary="Queue an article for narration",
    )
    async def post_article(body: ArticleRequest, response: Response) -> JobOut:
        """Accept the article and answer at once; a worker process narrates it.
        Follow the job at ``job_url``. A URL that is not http(s), or whose host
        resolves to a loopback, private or link-local address, gets 422. When
        ``max_queued_jobs`` are already waiting, or the queue's broker cannot be
        reached (distributed mode), the answer is 503 with Retry-After."""
        queued = await run_in_threadpool(_waiting_jobs)
        if queued >= settings.max_queued_jobs:
            raise HTTPException(
                503,
                f"the job queue is full ({queued} jobs waiting); try again later",
                headers={"Retry-After": str(RETRY_AFTER_S)},
            )
        if body.url is not None:
            try:
                await run_in_threadpool(
                    check_public_url, body.url, allow_private=settings.allow_private_urls
                )
            except FetchError as e:
                raise HTTPException(422, str(e)) from e
        job = await run_in_threadpool(site.catalog.add_job, body.model_dump(exclude_none=True))
        if queue is not None:
            from reader.queue.jobs import enqueue_job

            try:
                await run_in_threadpool(enqueue_job, queue, job, settings)
            except QueueError as e:
                await run_in_threadpool(site.catalog.fail_job, job.id, error=str(e))
                raise _queue_down(e, "the article was not queued") from e
            except ReaderError as e:  # a lexicon or language file of [narrate] is unreadable
                await run_in_threadpool(site.catalog.fail_job, job.id, error=str(e))
                job = await run_in_threadpool(_reread, job)
        else:
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
        if queue is not None and job.status != "failed":
            from reader.queue.jobs import job_with_task_state

            try:
                job = job_with_task_state(queue, job)
            except QueueError as e:
                raise _queue_down(e, "the job's state cannot be read") from e
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
