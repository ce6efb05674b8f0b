"""What a narration task carries: the article itself, never a path to it.

A worker may run on another machine, so a task holds the article's bytes (a
file's, standard input's, a fetched page's or a feed item's content) and the
bytes of every lexicon and language file that applies, with the narration choices (voice,
formats, references). The API may instead hand over a URL for the worker to
fetch, under the server's address rules.

The task id is a hash of what decides the edition: the same article with the
same voice, lexicons and formats always gets the same id, so submitting it
twice names one task, and its edition is published once.

Pure: building a message from bytes and back, and hashing; reading the files
happens in ``reader.queue.submit``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["MESSAGE_VERSION", "ArticleMessage", "CarriedFile", "FeedItem"]

MESSAGE_VERSION = 1
"""Bump when a message's shape changes; a worker refuses versions it does not know."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CarriedFile:
    """A file the worker needs, carried in the message: a lexicon or a language file."""

    name: str
    """The file's name (a lexicon's suffix says TOML or PLS)."""
    data: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedItem:
    """A feed item's own metadata, which wins over the article's."""

    title: str | None = None
    author: str | None = None
    date: dt.date | None = None
    link: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleMessage:
    label: str
    """What the submitter sees in progress lines and reports."""
    data: bytes = b""
    """The article's bytes, exactly as read."""
    url: str | None = None
    """Instead of ``data``: an http(s) URL the worker fetches (the publisher API)."""
    source: str = "<queue>"
    """The name errors use: the submitter's path or URL."""
    source_key: str = ""
    """Where the article came from, recorded in the manifest (absolute path or URL)."""
    format: Literal["markdown", "html"] | None = None
    item: FeedItem | None = None
    voice: str = "default"
    formats: tuple[str, ...] = ("mp3",)
    lexicons: tuple[CarriedFile, ...] = ()
    """Project lexicons, in order (later ones win)."""
    article_lexicons: tuple[CarriedFile, ...] = ()
    """``<article>.lexicon.toml`` / ``<article>.pls`` found beside the article."""
    languages: tuple[CarriedFile, ...] = ()
    """Language files (``--languages``), in order (a later one for a language wins)."""
    read_references: bool = False
    force: bool = False
    submitted_at: float = 0.0
    """Unix time the submitter sent it (for the queue's submit-to-start time)."""

    @property
    def task_id(self) -> str:
        """Hex SHA-256 of everything that decides the edition (not label, source or time)."""
        payload = {
            "v": MESSAGE_VERSION,
            "data": hashlib.sha256(self.data).hexdigest(),
            "url": self.url,
            "format": self.format,
            "item": _item_dict(self.item),
            "voice": self.voice,
            "formats": sorted(self.formats),
            "lexicons": [hashlib.sha256(x.data).hexdigest() for x in self.lexicons],
            "article_lexicons": [hashlib.sha256(x.data).hexdigest() for x in self.article_lexicons],
            "languages": [hashlib.sha256(x.data).hexdigest() for x in self.languages],
            "read_references": self.read_references,
            "force": self.force,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict (bytes as base64), the task's one argument."""
        return {
            "v": MESSAGE_VERSION,
            "label": self.label,
            "data": _b64(self.data),
            "url": self.url,
            "source": self.source,
            "source_key": self.source_key,
            "format": self.format,
            "item": _item_dict(self.item),
            "voice": self.voice,
            "formats": list(self.formats),
            "lexicons": [[x.name, _b64(x.data)] for x in self.lexicons],
            "article_lexicons": [[x.name, _b64(x.data)] for x in self.article_lexicons],
            "languages": [[x.name, _b64(x.data)] for x in self.languages],
            "read_references": self.read_references,
            "force": self.force,
            "submitted_at": self.submitted_at,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> ArticleMessage:
        """Read a message back; ``ValueError`` when it is not one this code knows."""
        if not isinstance(value, dict) or value.get("v") != MESSAGE_VERSION:
            version = value.get("v") if isinstance(value, dict) else None
            raise ValueError(
                f"task message version {version!r} is not {MESSAGE_VERSION}: "
                "the submitter and the worker run different versions of reader"
            )
        try:
            item = value.get("item")
            return cls(
                label=str(value["label"]),
                data=base64.b64decode(value.get("data") or ""),
                url=value.get("url"),
                source=str(value.get("source") or "<queue>"),
                source_key=str(value.get("source_key") or ""),
                format=value.get("format"),
                item=FeedItem(
                    title=item.get("title"),
                    author=item.get("author"),
                    date=dt.date.fromisoformat(item["date"]) if item.get("date") else None,
                    link=item.get("link"),
                )
                if item
                else None,
                voice=str(value.get("voice") or "default"),
                formats=tuple(value.get("formats") or ("mp3",)),
                lexicons=tuple(_lexicons(value.get("lexicons"))),
                article_lexicons=tuple(_lexicons(value.get("article_lexicons"))),
                languages=tuple(_lexicons(value.get("languages"))),
                read_references=bool(value.get("read_references")),
                force=bool(value.get("force")),
                submitted_at=float(value.get("submitted_at") or 0.0),
            )
        except (KeyError, TypeError, AttributeError, ValueError) as e:
            raise ValueError(f"malformed task message: {type(e).__name__}: {e}") from e


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _lexicons(value: Any) -> list[CarriedFile]:
    return [CarriedFile(name=str(n), data=base64.b64decode(d)) for n, d in value or ()]


def _item_dict(item: FeedItem | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {
        "title": item.title,
        "author": item.author,
        "date": item.date.isoformat() if item.date else None,
        "link": item.link,
    }
