"""``reader serve``: the feeds, the player and the publisher API over HTTP."""

from __future__ import annotations

import argparse
import contextlib
import errno
import socket
from pathlib import Path
from typing import Any

from reader.errors import ConfigError

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
    listening = listen(args.host, args.port)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    app = create_app(settings)
    bound_port = listening.getsockname()[1]
    logging.getLogger("reader.serve").info(
        "serving http://%s:%d/ (feed at /feed.xml; press Ctrl+C to quit)", host, bound_port
    )
    server = uvicorn.Server(uvicorn.Config(app, host=args.host, port=args.port, log_level="info"))
    with listening, contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is a clean stop: exit 0
        server.run(sockets=[listening])
    return 0


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port``, or a ``ConfigError`` that says why it cannot be.

    Binding here, before the app starts, turns "address already in use" into
    one line naming the address instead of uvicorn's log and exit status 1.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as e:
        raise ConfigError(f"--host {host!r} is not an address this machine has: {e}") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as e:
        sock.close()
        shown = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        if e.errno == errno.EADDRINUSE:
            raise ConfigError(
                f"{shown} is already in use: stop what listens there, or pick another --port"
            ) from None
        raise ConfigError(f"cannot listen on {shown}: {e.strerror or e}") from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock
