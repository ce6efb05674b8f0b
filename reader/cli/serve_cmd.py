"""``reader serve``: the feeds, the player and the publisher API over HTTP."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_parser(commands: Any) -> None:
    p: argparse.ArgumentParser = commands.add_parser(
        "serve",
        help="serve the podcast feed, the player and the publisher API",
        description=(
            "Serve every edition under --out as a podcast episode: the feed at /feed.xml, "
            "the accessible player at /, the publisher API at /api (OpenAPI at /docs). "
            "Settings come from reader.toml ([show] and [server]) and READER_* environment "
            "variables; options given here win."
        ),
    )
    p.add_argument("--out", type=Path, default=None, help="editions directory (default output/)")
    p.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on ({DEFAULT_HOST})")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT})")
    p.add_argument(
        "--base-url",
        default=None,
        help="public address used in the feed's URLs (default: the listening address)",
    )
    p.add_argument("--config", type=Path, default=None, help="settings file (./reader.toml)")
    p.add_argument("--catalog", metavar="URL", help="the catalog: a SQLite file or postgresql://…")
    p.add_argument(
        "--storage",
        metavar="URL",
        help="where the editions are: s3://bucket/prefix or a folder (default: --out)",
    )
    p.set_defaults(run=run)


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is out of range (0 to 65535)")
    return port


def run(args: argparse.Namespace) -> int:
    import logging

    import uvicorn

    from reader.config import load_settings
    from reader.web import create_app

    host = f"[{args.host}]" if ":" in args.host else args.host
    settings = load_settings(
        args.config,
        out_dir=args.out,
        base_url=args.base_url,
        catalog_url=args.catalog,
        storage_url=args.storage,
        fallback_base_url=f"http://{host}:{args.port}",
    )
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    app = create_app(settings)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0
