"""Server speed against the goals of issue 5, in one run.

    .venv/bin/python bench/bench_server.py [--requests 2000] [--episodes 1000]

Builds a catalog of 1,000 episodes (one real edition made by ffmpeg, 999
manifests pointing at hard links of its files), starts ``reader serve``'s app
in a separate process with Starlette's ``StaticFiles`` mounted at ``/static``
over the same directory, and measures over one keep-alive HTTP connection:

- ``GET /feed.xml`` answered from the cache (200, gzip) and with
  ``If-None-Match`` (304): goal, median latency under 10 ms;
- 64 KiB range requests on an episode, ours vs ``StaticFiles`` serving the
  same file with the same ranges: goal, requests/s at least 0.8x.

Prints requests/s and median latency for each, and the ratios to the goals.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from support.editions import make_edition  # noqa: E402

from reader.catalog import sync_catalog  # noqa: E402
from reader.edition.manifest import (  # noqa: E402
    MANIFEST_NAME,
    Manifest,
    episode_guid,
    manifest_to_json,
)

RANGE_BYTES = 64 * 1024


def build_catalog(out: Path, episodes: int) -> Manifest:
    """One real edition and ``episodes - 1`` hard-linked copies with their own manifests."""
    import datetime as dt

    first = make_edition(out, "episode-0000", title="Episode 0", chapter_seconds=40.0)
    source = out / first.slug
    for n in range(1, episodes):
        slug = f"episode-{n:04d}"
        target = out / slug
        (target / "sections").mkdir(parents=True)
        for entry in first.all_files():
            os.link(source / entry.path, target / entry.path)
        metadata = replace(
            first.metadata,
            slug=slug,
            title=f"Episode {n}",
            date=dt.date(2020, 1, 1) + dt.timedelta(days=n),
        )
        manifest = replace(first, slug=slug, metadata=metadata, guid=episode_guid(metadata))
        (target / MANIFEST_NAME).write_text(manifest_to_json(manifest))
    sync_catalog(out)
    return first


def serve(out: Path, port: int) -> None:
    """Child process: our app, plus StaticFiles over the same directory at /static."""
    import uvicorn
    from starlette.staticfiles import StaticFiles

    from reader.config import Settings
    from reader.web import create_app

    settings = Settings(out_dir=out, base_url=f"http://127.0.0.1:{port}")
    app = create_app(settings)
    app.mount("/static", StaticFiles(directory=out), name="static")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def measure(
    client: httpx.Client, requests: list[tuple[str, dict[str, str]]], status: int
) -> dict[str, float]:
    for path, headers in requests[:100]:  # warm-up
        client.get(path, headers=headers)
    latencies = []
    start = time.perf_counter()
    for path, headers in requests:
        t0 = time.perf_counter()
        r = client.get(path, headers=headers)
        latencies.append(time.perf_counter() - t0)
        if r.status_code != status:
            raise SystemExit(f"{path} {headers}: expected {status}, got {r.status_code}")
    total = time.perf_counter() - start
    return {"rps": len(requests) / total, "median_ms": statistics.median(latencies) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--episodes", type=int, default=1000)
    parser.add_argument("--serve", nargs=2, metavar=("OUT", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve[0]), int(args.serve[1]))
        return

    with tempfile.TemporaryDirectory(prefix="bench-server-") as tmp:
        out = Path(tmp) / "output"
        t0 = time.perf_counter()
        first = build_catalog(out, args.episodes)
        print(f"catalog of {args.episodes} episodes built in {time.perf_counter() - t0:.1f} s")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        child = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(out), str(port)], cwd=ROOT
        )
        try:
            run(out, port, first, args.requests)
        finally:
            child.terminate()
            child.wait(20)


def run(out: Path, port: int, first: Manifest, n: int) -> None:
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{base}/openapi.json", timeout=1)
            break
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise SystemExit("server did not start") from None
            time.sleep(0.1)

    with httpx.Client(base_url=base, timeout=30) as client:
        t0 = time.perf_counter()
        cold = client.get("/feed.xml")
        cold_ms = (time.perf_counter() - t0) * 1000
        etag = cold.headers["etag"]
        zipped_kb = int(cold.headers["content-length"]) / 1e3
        print(
            f"feed: {len(cold.content) / 1e6:.2f} MB XML, {zipped_kb:.0f} kB gzipped; "
            f"first request (builds it) {cold_ms:.0f} ms"
        )
        results = {
            "feed 200 (gzip)": measure(client, [("/feed.xml", {})] * n, 200),
            "feed 304": measure(client, [("/feed.xml", {"If-None-Match": etag})] * n, 304),
        }
        size = first.episode.bytes
        rng = random.Random(5)
        offsets = [rng.randrange(0, size - RANGE_BYTES) for _ in range(n)]
        ranges = [{"Range": f"bytes={o}-{o + RANGE_BYTES - 1}"} for o in offsets]
        ours = [(f"/episodes/{first.slug}/episode.mp3", h) for h in ranges]
        static = [(f"/static/{first.slug}/episode.mp3", h) for h in ranges]
        # Alternate rounds so that drift on a noisy machine hits both alike.
        rounds: dict[str, list[dict[str, float]]] = {"ours": [], "static": []}
        for _ in range(3):
            rounds["ours"].append(measure(client, ours, 206))
            rounds["static"].append(measure(client, static, 206))
        for name, label in (
            ("ours", "64 KiB range, reader"),
            ("static", "64 KiB range, StaticFiles"),
        ):
            best = max(rounds[name], key=lambda r: r["rps"])
            results[label] = best

    print(f"\n{'':28} {'req/s':>9} {'median ms':>10}")
    for label, r in results.items():
        print(f"{label:28} {r['rps']:9.0f} {r['median_ms']:10.2f}")
    feed_ms = results["feed 200 (gzip)"]["median_ms"]
    ratio = results["64 KiB range, reader"]["rps"] / results["64 KiB range, StaticFiles"]["rps"]
    print()
    print(f"feed 200 median {feed_ms:.2f} ms (goal < 10 ms): {'met' if feed_ms < 10 else 'MISSED'}")
    print(
        f"feed 304 median {results['feed 304']['median_ms']:.2f} ms (goal < 10 ms): "
        f"{'met' if results['feed 304']['median_ms'] < 10 else 'MISSED'}"
    )
    print(
        f"ranges vs StaticFiles: {ratio:.2f}x (goal >= 0.8x): {'met' if ratio >= 0.8 else 'MISSED'}"
    )
    print(json.dumps({k: {m: round(v, 3) for m, v in r.items()} for k, r in results.items()}))


if __name__ == "__main__":
    main()
