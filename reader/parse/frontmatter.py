"""Front matter: the YAML (``---``) or TOML (``+++``) block atop a Hugo/Jekyll post."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from typing import Any

import yaml

from reader.errors import FrontMatterError

__all__ = ["split_front_matter"]

_FENCES = {"---": "yaml", "+++": "toml"}


def split_front_matter(text: str, *, source: str) -> tuple[dict[str, Any], str]:
    """Return (front matter, body); the body keeps its line count via blank lines."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() not in _FENCES:
        return {}, text
    fence = lines[0].strip()
    for end in range(1, len(lines)):
        if lines[end].strip() == fence or (fence == "---" and lines[end].strip() == "..."):
            break
    else:
        raise FrontMatterError(
            source, f"front matter opened with {fence!r} is never closed", line=1
        )
    raw = "".join(lines[1:end])
    data = _load_yaml(raw, source) if fence == "---" else _load_toml(raw, source)
    body = "\n" * (end + 1) + "".join(lines[end + 1 :])
    return data, body


def _load_yaml(raw: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as e:
        mark = getattr(e, "context_mark", None) or getattr(e, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise FrontMatterError(
            source, f"front matter is not valid YAML ({problem}); fix or remove it", line=line
        ) from e
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise FrontMatterError(source, "front matter is not a mapping of keys to values", line=2)
    return {str(k): v for k, v in data.items()}


_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def _load_toml(raw: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        found = _TOML_LINE.search(str(e))
        line = int(found.group(1)) + 1 if found else None
        problem = _TOML_LINE.sub("", str(e)).strip()
        raise FrontMatterError(
            source, f"front matter is not valid TOML ({problem}); fix or remove it", line=line
        ) from e
