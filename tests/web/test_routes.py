"""The player's pages and the edition files share ``/episodes/{slug}...`` without
colliding: ``/episodes/{slug}`` is the page, ``/episodes/{slug}/{path}`` a file."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from reader.edition.manifest import Manifest

from .conftest import run_server, server_settings


def _fake_player() -> types.ModuleType:
    module = types.ModuleType("reader.web.player")

    def build_player_router(
        get_manifests: Callable[[], Sequence[Manifest]],
        get_manifest: Callable[[str], Manifest | None],
    ) -> APIRouter:
        router = APIRouter()

        @router.get("/", response_class=HTMLResponse)
        def index() -> str:
            return "<ul>" + "".join(f"<li>{m.slug}</li>" for m in get_manifests()) + "</ul>"

        @router.get("/episodes/{slug}", response_class=HTMLResponse)
        def page(slug: str) -> HTMLResponse:
            manifest = get_manifest(slug)
            if manifest is None:
                return HTMLResponse("missing", status_code=404)
            return HTMLResponse(f"<h1>{manifest.metadata.title}</h1>")

        return router

    module.build_player_router = build_player_router  # type: ignore[attr-defined]
    return module


def test_player_pages_and_files_do_not_collide(
    fresh_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "reader.web.player", _fake_player())
    with run_server(server_settings(fresh_out)) as server, server.client() as client:
        index = client.get("/")
        assert index.status_code == 200 and "inner-thigh-cramps" in index.text
        page = client.get("/episodes/inner-thigh-cramps")
        assert page.headers["content-type"].startswith("text/html")
        assert "What Causes Inner Thigh Cramps?" in page.text
        assert client.get("/episodes/nope").status_code == 404
        audio = client.get("/episodes/inner-thigh-cramps/inner-thigh-cramps.mp3")
        assert audio.headers["content-type"] == "audio/mpeg"
        feed = client.get("/episodes/inner-thigh-cramps/feed.xml")
        assert feed.headers["content-type"].startswith("application/rss+xml")
        vtt = client.get("/episodes/inner-thigh-cramps/transcript.vtt")
        assert vtt.headers["content-type"].startswith("text/vtt")
