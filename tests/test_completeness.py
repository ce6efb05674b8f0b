"""Completeness, like httpx's ``test_exported_members`` and mutagen's
``test_all_tested``: every block type has a golden case, every error class is
raised somewhere, every exported name exists."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
from pathlib import Path
from typing import get_args, get_type_hints

import pytest

import reader
from reader import errors, model

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "parse" / "golden"


def _raised_names(tree: ast.AST) -> set[str]:
    """The class names ``raise`` statements name: ``raise X(...)``, ``raise m.X(...)``
    or ``raise X`` (a mention in a comment or a string does not count)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(target, ast.Name):
                names.add(target.id)
            elif isinstance(target, ast.Attribute):
                names.add(target.attr)
    return names


RAISED = set().union(
    *(
        _raised_names(ast.parse(p.read_text(encoding="utf-8")))
        for p in (ROOT / "reader").rglob("*.py")
    )
)
MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(reader.__path__, "reader.")
    if not m.name.endswith("__main__")  # running it is its only job
    and not m.name.endswith(".migrations.env")  # Alembic runs it inside a migration
)


def _block_types() -> set[str]:
    types: set[str] = set()
    for _, cls in inspect.getmembers(model, inspect.isclass):
        if cls.__module__ == model.__name__ and "type" in cls.__annotations__:
            types.update(get_args(get_type_hints(cls)["type"]))
    return types


def _golden_types(node: object) -> set[str]:
    if isinstance(node, dict):
        found = {node["type"]} if isinstance(node.get("type"), str) else set()
        return found.union(*(_golden_types(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_golden_types(v) for v in node))
    return set()


def test_every_block_type_has_a_golden_case() -> None:
    covered = set().union(
        *(_golden_types(json.loads(p.read_text())) for p in GOLDEN.glob("*.json"))
    )
    assert _block_types() - covered == set()


@pytest.mark.parametrize(
    "error",
    [
        c
        for _, c in inspect.getmembers(errors, inspect.isclass)
        if issubclass(c, errors.ReaderError)
    ],
    ids=lambda c: c.__name__,
)
def test_every_error_class_is_raised_somewhere(error: type[errors.ReaderError]) -> None:
    if error is errors.ReaderError or error.__subclasses__():
        return  # a base: its subclasses are what is raised
    assert error.__name__ in RAISED, f"no `raise {error.__name__}(...)` in reader/"


@pytest.mark.parametrize("name", MODULES)
def test_every_exported_name_exists(name: str) -> None:
    module = importlib.import_module(name)
    for exported in getattr(module, "__all__", ()):
        assert hasattr(module, exported), f"{name}.__all__ names {exported!r}, which is not there"


def test_a_mention_in_a_comment_or_string_is_not_a_raise() -> None:
    source = "# raise ConfigError('x')\nmessage = 'ConfigError(x)'\nraise errors.AudioError('x')\n"
    assert _raised_names(ast.parse(source)) == {"AudioError"}
