"""``reader cache stats|prune``: the shared speech cache's size, and dropping old clips."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

_DAY_S = 86_400


def add_parser(commands: Any) -> None:
    p: argparse.ArgumentParser = commands.add_parser(
        "cache",
        help="show the speech cache's size, or prune old clips",
        description=(
            "The speech cache holds every clip ever synthesised, by content, as Opus in "
            "<storage>/.cache/speech (the editions' folder or S3 bucket, shared by every "
            "worker). `reader cache stats` shows its size; `reader cache prune --older-than "
            "DAYS` deletes what was written more than DAYS days ago (those clips are "
            "spoken again when needed)."
        ),
    )
    actions = p.add_subparsers(dest="cache_action", required=True, metavar="ACTION")
    stats = actions.add_parser("stats", help="clips, packs and bytes in the cache")
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    prune = actions.add_parser("prune", help="delete clips written more than DAYS days ago")
    prune.add_argument(
        "--older-than", type=float, required=True, metavar="DAYS", help="age in days (0: all)"
    )
    for action in (stats, prune):
        action.add_argument("--out", type=Path, default=None, help="editions directory (output/)")
        action.add_argument(
            "--storage", metavar="URL", help="s3://bucket/prefix or a folder (default: --out)"
        )
        action.add_argument("--config", type=Path, default=None, help="settings file (reader.toml)")
        action.set_defaults(run=run)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.2f} MB"


def run(args: argparse.Namespace) -> int:
    from reader.config import load_settings
    from reader.narrate.cache import cache_stats, prune_cache
    from reader.storage import open_storage

    settings = load_settings(args.config, out_dir=args.out, storage_url=args.storage)
    storage = open_storage(settings)
    where = f"{storage.url.rstrip('/')}/.cache/speech"
    if args.cache_action == "stats":
        stats = cache_stats(storage)
        if args.json:
            print(json.dumps({"cache": where, **stats.to_dict()}))  # noqa: T201
            return 0
        span = f", written {stats.oldest} to {stats.newest}" if stats.oldest else ""
        print(  # noqa: T201
            f"{where}: {stats.clips} clips in {stats.packs} packs, "
            f"{_megabytes(stats.size_bytes)} ({stats.size_bytes} bytes){span}"
        )
        return 0
    if args.older_than < 0:
        raise SystemExit("reader cache prune: --older-than must be 0 or more days")
    gone = prune_cache(storage, older_than_s=args.older_than * _DAY_S, now=time.time())
    print(  # noqa: T201
        f"{where}: deleted {gone.clips} clips and {gone.packs} packs, {_megabytes(gone.size_bytes)}"
    )
    return 0
