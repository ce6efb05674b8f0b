"""The README documents every command and option the CLI has (like sqlite-utils'
``tests/test_docs.py``): a new option without a word in the README fails here."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from reader.cli import build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_command_and_option_is_in_the_readme(command: str) -> None:
    assert f"reader {command}" in README
    parser = _subcommands()[command]
    options = [
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    ]
    missing = [o for o in options if not re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", README)]
    assert not missing, f"reader {command}: {missing} are not in the README"
