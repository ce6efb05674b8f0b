"""The flat reading-order stream the HTML builder emits and the outline nests."""

from __future__ import annotations

from dataclasses import dataclass

from reader.model import Block

__all__ = ["Heading", "Item"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading:
    level: int
    text: str
    anchor: str | None = None


Item = Heading | Block
