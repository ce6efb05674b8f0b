"""The player on a real socket without the rest of the server: its router plus the
edition files at ``/episodes/{slug}/{path}`` under their published names, served
as the server serves them (byte ranges, so the browser can seek in the audio)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request, Response

from reader.edition.manifest import Manifest
from reader.web.files import find_file, serve_file
from reader.web.player import build_player_router

SENTENCES_VTT = """WEBVTT

NOTE written by hand for the player tests

1
00:00:00.000 --> 00:00:01.000
<v Heading>Opening</v>

2
00:00:01.000 --> 00:00:02.000
<v Narrator>Cramps hurt &amp; they come at night.</v>

00:00:02.000 --> 00:00:03.000
<v Heading>Dehydration</v>

00:00:03.000 --> 00:00:04.000
<v Narrator>Drink water before you train.</v>

00:00:04.000 --> 00:00:05.000
<v Heading>Overuse</v>

00:00:05.000 --> 00:00:06.000
<v Narrator>Muscles that work too hard cramp.</v>

00:00:06.000 --> 00:00:07.000
<v Question>What causes cramps?</v>

00:00:07.000 --> 00:00:08.000
<v Answer>Mostly <i>tired</i> muscles.</v>
"""
"""A transcript of whole sentences for ``make_edition``'s 8-second episode."""


def player_app(out_dir: Path, manifests: Sequence[Manifest]) -> FastAPI:
    by_slug = {m.slug: m for m in manifests}
    app = FastAPI()
    app.include_router(
        build_player_router(
            lambda: tuple(manifests), by_slug.get, edition_dir=lambda slug: out_dir / slug
        )
    )

    @app.api_route("/episodes/{slug}/{path:path}", methods=["GET", "HEAD"])
    def edition_file(request: Request, slug: str, path: str) -> Response:
        manifest = by_slug.get(slug)
        found = find_file(out_dir, manifest, path) if manifest is not None else None
        if found is None:
            return Response(status_code=404)
        return serve_file(request.headers, *found)

    return app


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Run ``app`` with uvicorn in a thread on a free port; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(20)
        sock.close()
