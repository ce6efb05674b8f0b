"""The server's shared state: manifests parsed once per change, routes off the event loop."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from feed.samples import sample_manifest

from reader.config import Settings
from reader.web import create_app, routes
from reader.web.api import build_api_router
from reader.web.player import build_player_router
from reader.web.site import Site


def test_a_change_parses_only_the_changed_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = Site(Settings(out_dir=tmp_path))
    for slug in ("a", "b", "c"):
        site.catalog.upsert(sample_manifest(slug, guid=f"guid-{slug}"), tmp_path / slug)
    first = {m.slug: m for m in site.manifests()}
    assert sorted(first) == ["a", "b", "c"]
    parsed: list[str] = []
    original = site.catalog.manifests_of
    monkeypatch.setattr(
        site.catalog, "manifests_of", lambda slugs: parsed.extend(slugs) or original(slugs)
    )
    site.catalog.upsert(sample_manifest("b", guid="guid-b", title="Changed"), tmp_path / "b")
    again = {m.slug: m for m in site.manifests()}
    assert parsed == ["b"]
    assert again["b"].metadata.title == "Changed"
    assert again["a"] is first["a"] and again["c"] is first["c"]
    site.catalog.remove("c")
    assert [m.slug for m in site.manifests()] == ["a", "b"]
    assert site.manifest("c") is None and parsed == ["b"]


def test_routes_do_not_block_the_event_loop(tmp_path: Path) -> None:
    """Plain ``def`` routes run in the thread pool; the one ``async`` route (taking
    an article) hands its blocking calls to the thread pool itself."""
    app = create_app(Settings(out_dir=tmp_path))
    routers = (
        routes.router,
        build_player_router(app.state.site.manifests, app.state.site.manifest),
        build_api_router(app.state.site, app.state.runner),
    )
    checked = [r for router in routers for r in router.routes if isinstance(r, APIRoute)]
    assert {"/feed.xml", "/episodes/{slug}/{path:path}", "/cover.png", "/"} <= {
        r.path for r in checked
    }
    asynchronous = {r.path for r in checked if inspect.iscoroutinefunction(r.endpoint)}
    assert asynchronous <= {"/api/articles"}
