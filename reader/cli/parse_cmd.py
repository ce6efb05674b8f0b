"""``reader parse ARTICLE``: print the document outline or its JSON model."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(commands: Any) -> None:
    p: argparse.ArgumentParser = commands.add_parser(
        "parse", help="parse an article and print its outline (or --json model)"
    )
    p.add_argument("article", help="file path, http(s) URL, or - for standard input")
    p.add_argument("--json", action="store_true", help="print the document model as JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError
