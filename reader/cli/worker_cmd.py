"""``reader worker``: a Celery worker that narrates queued articles."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any


def add_parser(commands: Any) -> None:
    p: argparse.ArgumentParser = commands.add_parser(
        "worker",
        help="narrate articles from the queue (distributed mode)",
        description=(
            "Start a Celery worker that narrates the articles `reader narrate --queue` and "
            "the publisher API put on the queue, into the editions folder and catalog of its "
            "settings. The broker comes from --broker, [queue] broker in reader.toml or "
            "READER_BROKER_URL. It logs one JSON line per article on stderr."
        ),
    )
    p.add_argument("--config", type=Path, default=None, help="settings file (./reader.toml)")
    p.add_argument("--broker", default=None, help="broker URL (redis://... or amqp://...)")
    p.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="articles narrated at a time (default: number of CPUs)",
    )
    p.add_argument(
        "--queues",
        default=None,
        help="comma-separated queues to take articles from (default: [queue] name, 'reader')",
    )
    p.add_argument(
        "--out", type=Path, default=None, help="where editions are made (default output/)"
    )
    p.add_argument("--catalog", metavar="URL", help="the catalog: a SQLite file or postgresql://…")
    p.add_argument(
        "--storage", metavar="URL", help="where editions go: s3://bucket/prefix or a folder"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reader.config import load_settings
    from reader.queue.worker import run_worker

    settings = load_settings(
        args.config,
        out_dir=args.out,
        broker_url=args.broker,
        catalog_url=args.catalog,
        storage_url=args.storage,
    )
    concurrency = args.concurrency or os.cpu_count() or 1
    if concurrency < 1:
        raise SystemExit("reader worker: --concurrency must be at least 1")
    queues = [q.strip() for q in (args.queues or settings.queue_name).split(",") if q.strip()]
    return run_worker(settings, concurrency=concurrency, queues=queues)
