"""The last step of every parse: no character XML cannot hold leaves the parser.

Control characters reach a document in many ways: typed into Markdown, as
HTML numeric references (``&#1;``), as YAML or TOML escapes in front matter
(``"\\x01"``, ``"\\u0001"``, ``"\\ud800"``), or in a page's JSON-LD. Stripping
them once, from the finished document, covers every input format; the feed,
the ID3 tags and the player then never meet one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TypeVar, cast

from reader.formulas import unmarked
from reader.text import XML_UNSAFE, xml_safe

__all__ = ["clean_tree", "xml_safe_tree"]

T = TypeVar("T")


def xml_safe_tree(value: T) -> T:
    """``value`` (a document or any part of one: dataclasses, tuples, lists,
    dicts, strings) with ``xml_safe`` applied to every string in it; the same
    object when there is nothing to strip."""
    return cast(T, _clean(value, _xml_safe))


def clean_tree(value: T) -> T:
    """``value`` as ``xml_safe_tree`` gives it, and without the marks of formulas
    (``reader.formulas``): for text decoded outside the page's markup (front
    matter, page metadata, JSON-LD), where no formula is kept."""
    return cast(T, _clean(value, lambda text: unmarked(_xml_safe(text))))


def _xml_safe(text: str) -> str:
    return xml_safe(text) if XML_UNSAFE.search(text) else text


def _clean(value: object, change: Callable[[str], str]) -> object:
    if isinstance(value, str):
        changed = change(value)
        return value if changed == value else changed
    if isinstance(value, tuple):
        items = tuple(_clean(v, change) for v in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, list):
        members = [_clean(v, change) for v in value]
        return value if all(a is b for a, b in zip(members, value, strict=True)) else members
    if isinstance(value, dict):
        pairs = {_clean(k, change): _clean(v, change) for k, v in value.items()}
        unchanged = len(pairs) == len(value) and all(
            k in value and v is value[k] for k, v in pairs.items()
        )
        return value if unchanged else pairs
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if not f.init:
                continue
            old = getattr(value, f.name)
            new = _clean(old, change)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
