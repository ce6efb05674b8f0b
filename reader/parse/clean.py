"""The last step of every parse: no character XML cannot hold leaves the parser.

Control characters reach a document in many ways: typed into Markdown, as
HTML numeric references (``&#1;``), as YAML or TOML escapes in front matter
(``"\\x01"``, ``"\\u0001"``, ``"\\ud800"``), or in a page's JSON-LD. Stripping
them once, from the finished document, covers every input format; the feed,
the ID3 tags and the player then never meet one.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar, cast

from reader.text import XML_UNSAFE, xml_safe

__all__ = ["xml_safe_tree"]

T = TypeVar("T")


def xml_safe_tree(value: T) -> T:
    """``value`` (a document or any part of one: dataclasses, tuples, lists,
    dicts, strings) with ``xml_safe`` applied to every string in it; the same
    object when there is nothing to strip."""
    return cast(T, _clean(value))


def _clean(value: object) -> object:
    if isinstance(value, str):
        return xml_safe(value) if XML_UNSAFE.search(value) else value
    if isinstance(value, tuple):
        items = tuple(_clean(v) for v in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, list):
        members = [_clean(v) for v in value]
        return value if all(a is b for a, b in zip(members, value, strict=True)) else members
    if isinstance(value, dict):
        pairs = {_clean(k): _clean(v) for k, v in value.items()}
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
            new = _clean(old)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
