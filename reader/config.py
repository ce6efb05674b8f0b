"""Server and show settings: ``reader.toml``, then the environment, then the CLI.

Built once, by ``reader serve`` or by whoever calls ``create_app(settings)``,
and passed down; nothing is read at import time. Precedence, lowest first:
the defaults below, ``reader.toml``, ``READER_<FIELD>`` environment variables
(``READER_API_TOKEN``, ``READER_BASE_URL``, ...), then explicit overrides::

    [show]                      [server]
    title = "My articles"       base_url = "https://example.org/podcast"
    description = "..."         api_token = "..."      # or READER_API_TOKEN
    author = "Jane Doe"         out_dir = "output"
    owner_name = "Jane Doe"     database = "output/reader.db"
    owner_email = "j@ex.org"    max_body_bytes = 10485760
    language = "en"             allow_private_urls = false
    category = "Education"      fetch_timeout_s = 20.0
    explicit = false            fetch_max_bytes = 10485760
    cover_image = "cover.png"   voice = "default"
    locked = false
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reader.errors import ConfigError

__all__ = ["CONFIG_NAME", "DEFAULT_BASE_URL", "Settings", "load_settings"]

CONFIG_NAME = "reader.toml"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
_MiB = 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    # The show, as podcast apps present it.
    title: str = "reader"
    description: str = "Articles, narrated offline by reader."
    author: str = "reader"
    owner_name: str | None = None
    owner_email: str | None = None
    language: str = "en"
    category: str = "Education"
    """An Apple Podcasts category, e.g. ``Education`` or ``Health & Fitness``."""
    explicit: bool = False
    cover_image: Path | None = None
    """PNG or JPEG, 1400-3000 px square; the packaged cover when None."""
    locked: bool = False
    """``podcast:locked``: refuse moves of the feed to another host."""

    # The server.
    base_url: str = DEFAULT_BASE_URL
    """Public address in front of every absolute URL of the feeds, no trailing slash."""
    out_dir: Path = Path("output")
    database: Path | None = None
    """The SQLite catalog; ``<out_dir>/reader.db`` when None."""
    api_token: str | None = None
    """Bearer token for the write API; the write API answers 403 without one."""
    max_body_bytes: int = 10 * _MiB
    allow_private_urls: bool = False
    """Let the API fetch articles from loopback, private and link-local addresses."""
    fetch_timeout_s: float = 20.0
    fetch_max_bytes: int = 10 * _MiB
    voice: str = "default"
    """Voice profile for API jobs that name none."""
    job_function: str = "reader.web.worker:narrate_job"
    """``module:function`` the worker process calls to narrate an API job; see
    ``reader.web.worker.narrate_job`` for the signature."""

    @property
    def catalog_path(self) -> Path:
        return self.database if self.database is not None else self.out_dir / "reader.db"

    @property
    def feed_url(self) -> str:
        return f"{self.base_url}/feed.xml"


_SECTIONS = {
    "show": (
        "title description author owner_name owner_email language category explicit "
        "cover_image locked"
    ).split(),
    "server": (
        "base_url out_dir database api_token max_body_bytes allow_private_urls "
        "fetch_timeout_s fetch_max_bytes voice job_function"
    ).split(),
}
_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


def load_settings(
    config: Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    fallback_base_url: str | None = None,
    **overrides: Any,
) -> Settings:
    """Settings from ``config`` (or ``./reader.toml`` if present), ``env`` and ``overrides``.

    ``env`` defaults to ``os.environ``; overrides whose value is None are ignored,
    so CLI options that were not given leave the file's value in place.
    ``fallback_base_url`` replaces the default base URL when nothing sets one
    (``reader serve`` passes the address it listens on).
    """
    values: dict[str, Any] = {}
    if config is None and Path(CONFIG_NAME).is_file():
        config = Path(CONFIG_NAME)
    if config is not None:
        values.update(_read_toml(config))
    environ = os.environ if env is None else env
    for name in _FIELDS:
        raw = environ.get(f"READER_{name.upper()}")
        if raw is not None and raw != "":
            values[name] = _from_text(name, raw, f"environment variable READER_{name.upper()}")
    for name, value in overrides.items():
        if name not in _FIELDS:
            raise ConfigError(f"unknown setting {name!r}; known: {', '.join(sorted(_FIELDS))}")
        if value is not None:
            values[name] = value
    if "base_url" not in values and fallback_base_url is not None:
        values["base_url"] = fallback_base_url
    if "base_url" in values:
        values["base_url"] = _base_url(str(values["base_url"]))
    for name in ("out_dir", "database", "cover_image"):
        if values.get(name) is not None:
            values[name] = Path(values[name])
    return Settings(**values)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the settings file ({e.strerror})") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e}); fix the file or remove it") from e
    values: dict[str, Any] = {}
    for section, table in data.items():
        known = _SECTIONS.get(section)
        if known is None or not isinstance(table, dict):
            raise ConfigError(f"{path}: unknown table [{section}]; use [show] and [server]")
        for key, value in table.items():
            if key not in known:
                raise ConfigError(
                    f"{path}: unknown key {key!r} in [{section}]; known: {', '.join(known)}"
                )
            values[key] = _checked(key, value, f"{path} [{section}] {key}")
    for name in ("out_dir", "database", "cover_image"):
        if name in values and not Path(values[name]).is_absolute():
            values[name] = path.parent / values[name]
    return values


def _checked(name: str, value: Any, where: str) -> Any:
    kind = _kind(name)
    if kind is bool and isinstance(value, bool):
        return value
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind is str and isinstance(value, str):
        return value
    raise ConfigError(f"{where}: expected {kind.__name__}, got {value!r}")


def _from_text(name: str, raw: str, where: str) -> Any:
    kind = _kind(name)
    if kind is bool:
        lowered = raw.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{where}: expected true or false, got {raw!r}")
    if kind in (int, float):
        try:
            return kind(raw)
        except ValueError:
            raise ConfigError(f"{where}: expected a number, got {raw!r}") from None
    return raw


def _kind(name: str) -> type:
    """The scalar type a setting is written as in TOML and the environment."""
    annotation = str(_FIELDS[name].type)
    for kind in (bool, int, float):
        if annotation.startswith(kind.__name__):
            return kind
    return str


def _base_url(url: str) -> str:
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise ConfigError(f"base URL {url!r} must start with http:// or https://")
    return url
