"""The ``reader`` command line: one module per subcommand.

Only this layer catches ``ReaderError``: it prints the message on stderr and
exits with status 2, never a traceback. Usage errors (an unknown option, a
bad value) are one line and status 2 too.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from typing import NoReturn

from reader import __version__
from reader.cli import (
    cache_cmd,
    db_cmd,
    narrate_cmd,
    parse_cmd,
    proof_cmd,
    serve_cmd,
    status_cmd,
    voices_cmd,
    worker_cmd,
)
from reader.deferred import UNUSED_AT_START, defer_import
from reader.errors import ReaderError

__all__ = ["EXIT_BAD_INPUT", "build_parser", "main"]

EXIT_BAD_INPUT = 2

_COMMANDS = (
    parse_cmd,
    narrate_cmd,
    proof_cmd,
    voices_cmd,
    serve_cmd,
    db_cmd,
    cache_cmd,
    worker_cmd,
    status_cmd,
)


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line: ``reader narrate: error: ...``."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reader",
        description="Turn articles into navigable spoken editions, served as a podcast.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _COMMANDS:
        module.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command in ``argv`` (else the process's own arguments: the ``reader``
    program, whose process then exits) and return its exit status."""
    args = build_parser().parse_args(argv)
    args.program = argv is None  # the ``reader`` program: its process ends with the command
    if args.program:
        for name in UNUSED_AT_START:
            defer_import(name)
    try:
        code: int = args.run(args)
    except ReaderError as e:
        print(f"reader: error: {e}", file=sys.stderr)  # noqa: T201
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    finally:
        if argv is None:
            _before_exit()
    return code


def _before_exit() -> None:
    """The program is done: spare its exit the garbage collections the interpreter
    runs while it shuts down, which walked every object the command had loaded (a
    third of a second after ``reader narrate``, on a busy machine). Frozen objects
    are still freed, as the process ends; a caller that passes ``argv`` (a test, a
    program that goes on) keeps its collector as it was."""
    gc.freeze()
