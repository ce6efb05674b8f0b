"""Times, dates and sizes as the player pages write them: for people, for machines
(``datetime`` attributes) and for media fragments. Pure."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from reader.edition.manifest import public_path

__all__ = [
    "clock_time",
    "episode_file_url",
    "episode_page_url",
    "fragment_seconds",
    "iso_duration",
    "long_date",
    "readable_bytes",
    "spoken_duration",
]


def _parts(ms: int) -> tuple[int, int, int]:
    seconds = max(ms, 0) // 1000
    return seconds // 3600, seconds // 60 % 60, seconds % 60


def clock_time(ms: int) -> str:
    """``2:05`` or ``1:02:05``, as players show a position."""
    hours, minutes, seconds = _parts(ms)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def spoken_duration(ms: int) -> str:
    """``8 minutes 5 seconds``, ``1 hour 2 minutes``: what a listener would say."""
    hours, minutes, seconds = _parts(ms + 500)
    if hours:
        seconds = 0
    units = ((hours, "hour"), (minutes, "minute"), (seconds, "second"))
    words = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in units if n]
    return " ".join(words) or "0 seconds"


def iso_duration(ms: int) -> str:
    """The ISO 8601 duration HTML's ``<time datetime>`` accepts, e.g. ``PT1M2.5S``."""
    seconds = fragment_seconds(ms % 60000)
    minutes = ms // 60000
    hours, minutes = divmod(minutes, 60)
    out = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return out + f"{seconds}S"


def fragment_seconds(ms: int) -> str:
    """Seconds for a media fragment (``#t=12.5``): no trailing zeros, no float noise."""
    ms = max(ms, 0)
    return f"{ms // 1000}.{ms % 1000:03d}".rstrip("0").rstrip(".")


def long_date(day: dt.date) -> str:
    """``29 December 2022``: unambiguous in every English locale."""
    return f"{day.day} {day:%B %Y}"


def readable_bytes(size: int) -> str:
    """``3.2 MB``, ``640 kB``: decimal units, as file managers show them."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} kB"
    return f"{size / 1_000_000:.1f} MB"


def episode_file_url(slug: str, path: str) -> str:
    """Where the server serves the edition file at ``path``: ``/episodes/{slug}/...``,
    under its published name (``public_path``: audio files carry the slug)."""
    return f"/episodes/{quote(slug, safe='')}/{quote(public_path(slug, path), safe='/')}"


def episode_page_url(slug: str) -> str:
    """The player page of an episode: ``/episodes/{slug}``."""
    return f"/episodes/{quote(slug, safe='')}"
