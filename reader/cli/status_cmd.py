"""``reader status``: the queue's depth, the workers alive, running and failed tasks."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def add_parser(commands: Any) -> None:
    p: argparse.ArgumentParser = commands.add_parser(
        "status",
        help="show the queue: articles waiting, workers alive, running and failed tasks",
        description=(
            "Show the distributed mode's queue: how many articles wait, which workers are "
            "alive, what each is narrating and which tasks failed (with the reason)."
        ),
    )
    p.add_argument("--config", type=Path, default=None, help="settings file (./reader.toml)")
    p.add_argument("--broker", default=None, help="broker URL (redis://... or amqp://...)")
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reader.config import load_settings
    from reader.queue import create_celery
    from reader.queue.status import format_status, read_status

    app = create_celery(load_settings(args.config), broker_url=args.broker)
    status = read_status(app)
    if args.json:
        sys.stdout.write(json.dumps(status.to_dict(), indent=2) + "\n")
    else:
        sys.stdout.write(format_status(status))
    return 0
