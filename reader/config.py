"""Server and show settings: ``reader.toml``, then the environment, then the CLI.

Built once, by ``reader serve`` (through ``load_settings``) or by whoever calls
``create_app(settings)``, and passed down; nothing is read at import time, and
``Settings(...)`` itself reads nothing: it is a validated, frozen value.
``load_settings`` layers, lowest first: the defaults below, ``reader.toml``,
``READER_<FIELD>`` environment variables (``READER_API_TOKEN``,
``READER_BASE_URL``, ...), then explicit overrides::

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

    [catalog]                   [storage]
    url = "postgresql://…"      url = "s3://bucket/prefix"   # or a folder
                                endpoint_url = "http://127.0.0.1:8333"
                                public_base_url = "https://cdn.example.org/eds"

    [narrate]                   # every narration: reader narrate's and the API's
    lexicons = ["names.toml"]   language_dirs = ["languages"]
    formats = ["mp3", "m4b"]    read_references = false
    voices_dir = "voices"
    [queue]                     # distributed mode: reader worker, narrate --queue
    broker = "redis://127.0.0.1:6379/0"   # READER_BROKER_URL; or amqp://... (RabbitMQ)
    result_backend = "redis://..."        # READER_RESULT_BACKEND
    name = "reader"                       # READER_QUEUE_NAME
    visibility_timeout_s = 2220           # Redis; default: from job_timeout_s

To add a setting, add one field below with ``key("<table>", default)``: the
table name is where it lives in ``reader.toml`` (a new name makes a new
table), its environment variable is ``READER_<FIELD>``, and pydantic checks
its type. Field names are unique across tables; a field named after its
table (``catalog_url``) drops that prefix in ``reader.toml`` (``[catalog] url``)
but keeps it in the environment (``READER_CATALOG_URL``); ``key(..., name=...)``
names its key outright (``broker_url`` is ``[queue] broker``).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import TypeAdapter, ValidationError, field_validator
from pydantic.fields import Field
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from reader.edition.outputs import output_formats
from reader.errors import ConfigError
from reader.feed.categories import apple_category

__all__ = [
    "CONFIG_NAME",
    "DEFAULT_BASE_URL",
    "ENV_PREFIX",
    "Settings",
    "key",
    "load_settings",
    "tables",
    "toml_key",
]

CONFIG_NAME = "reader.toml"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
ENV_PREFIX = "READER_"
_MiB = 1024 * 1024


def key(table: str, default: Any, *, name: str | None = None) -> Any:
    """A setting written as ``<key> = ...`` under ``[table]`` in ``reader.toml``;
    ``name`` is the key when it is not the field's name less a ``<table>_`` prefix."""
    extra: dict[str, Any] = {"table": table}
    if name is not None:
        extra["name"] = name
    return Field(default, json_schema_extra=extra)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_ignore_empty=True,
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
    )

    # The show, as podcast apps present it.
    title: str = key("show", "reader")
    description: str = key("show", "Articles, narrated offline by reader.")
    author: str = key("show", "reader")
    owner_name: str | None = key("show", None)
    owner_email: str | None = key("show", None)
    language: str = key("show", "en")
    category: str = key("show", "Education")
    """An Apple Podcasts category (``reader.feed.categories``), ``"Parent"`` or
    ``"Parent > Child"``: ``Education``, ``Health & Fitness > Nutrition``. Checked."""
    explicit: bool = key("show", False)
    cover_image: Path | None = key("show", None)
    """PNG or JPEG, 1400-3000 px square; the packaged cover when None."""
    locked: bool = key("show", False)
    """``podcast:locked``: refuse moves of the feed to another host."""

    # The server.
    base_url: str = key("server", DEFAULT_BASE_URL)
    """Public address in front of every absolute URL of the feeds, no trailing slash."""
    out_dir: Path = key("server", Path("output"))
    database: Path | None = key("server", None)
    """The SQLite catalog; ``<out_dir>/reader.db`` when None."""
    api_token: str | None = key("server", None)
    """Bearer token for the write API; the write API answers 403 without one."""
    max_body_bytes: int = key("server", 10 * _MiB)
    allow_private_urls: bool = key("server", False)
    """Let the API fetch articles from loopback, private and link-local addresses."""
    fetch_timeout_s: float = key("server", 20.0)
    fetch_max_bytes: int = key("server", 10 * _MiB)
    voice: str = key("server", "default")
    """Voice profile for API jobs that name none."""
    job_timeout_s: float = key("server", 1800.0)
    """Longest one article may take, in an API job or on a queue worker (the Celery
    task's soft time limit); one still running then is stopped and failed."""
    max_queued_jobs: int = key("server", 100)
    """Jobs that may wait at once; the API answers 503 with Retry-After beyond."""
    keep_jobs_days: float = key("server", 7.0)
    """How long a finished job stays in the catalog (``GET /api/jobs/{id}``)."""
    max_finished_jobs: int = key("server", 1000)
    """Finished jobs kept at most, the most recent first, however young the rest."""
    job_function: str = key("server", "reader.web.worker:narrate_job")
    """``module:function`` the worker process calls to narrate an API job; see
    ``reader.web.worker.narrate_job`` for the signature."""

    # Where the catalog and the editions live (distributed mode).
    catalog_url: str | None = key("catalog", None)
    """The catalog: a SQLite file path or ``postgresql://user@host/database``;
    ``database`` (then ``<out_dir>/reader.db``) when None."""
    storage_url: str | None = key("storage", None)
    """Where editions and the shared speech cache go: ``s3://bucket/prefix`` or
    a folder; ``out_dir`` when None."""
    storage_endpoint_url: str | None = key("storage", None)
    """The S3 endpoint (SeaweedFS, MinIO, ...); else AWS_ENDPOINT_URL, else AWS."""
    storage_region: str | None = key("storage", None)
    """The S3 region; else AWS_DEFAULT_REGION / AWS_REGION."""
    storage_access_key_id: str | None = key("storage", None)
    """Else AWS_ACCESS_KEY_ID and the rest of boto3's credential chain."""
    storage_secret_access_key: str | None = key("storage", None)
    storage_public_base_url: str | None = key("storage", None)
    """Public address of the storage (a CDN or the bucket's public URL): enclosure
    URLs point there; else at ``reader serve``, which streams the objects."""
    storage_redirect: bool = key("storage", False)
    """Answer edition file requests with a redirect to a presigned S3 URL instead
    of streaming the object through the server."""

    # How articles are narrated, by ``reader narrate`` and by API jobs alike.
    lexicons: tuple[Path, ...] = key("narrate", ())
    """Project pronunciation lexicons (TOML or PLS); ``--lexicon`` adds more."""
    language_dirs: tuple[Path, ...] = key("narrate", ())
    """Directories of extra language files (``<code>.toml``); ``--languages`` adds more."""
    formats: tuple[str, ...] = key("narrate", ("mp3",))
    """``mp3`` always; ``m4b`` adds an AAC audiobook, ``epub`` and ``daisy`` talking
    books. ``--format`` replaces them."""
    read_references: bool = key("narrate", False)
    """Read lists of references out instead of announcing their length."""
    voices_dir: Path | None = key("narrate", None)
    """Where voice profiles are found; the project's ``voices/`` when None."""

    # The queue (distributed mode).
    broker_url: str | None = key("queue", None, name="broker")
    """Celery broker, ``redis://`` or ``amqp://``; with one, ``narrate --queue`` and the
    API hand articles to ``reader worker`` processes."""
    result_backend: str | None = key("queue", None)
    """Where task states are kept: the broker itself for Redis, ``rpc://`` for RabbitMQ
    (which only the submitting process reads: give a Redis URL for the API and status)."""
    queue_name: str = key("queue", "reader")
    """The queue tasks go to and workers take from; it also namespaces task results."""
    visibility_timeout_s: float | None = key("queue", None)
    """Redis only: a task a dead worker held is delivered again after this long, so it
    must exceed the longest a task may run; None derives it from ``job_timeout_s``
    (``reader.queue.app.redis_visibility_timeout_s``)."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Constructing Settings reads nothing; load_settings layers the file and environment.
        return (init_settings,)

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, url: str) -> str:
        url = url.strip().rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
            raise ValueError(f"base URL {url!r} must start with http:// or https://")
        return url

    @field_validator("formats")
    @classmethod
    def _formats(cls, formats: tuple[str, ...]) -> tuple[str, ...]:
        return output_formats(formats)

    @field_validator("category")
    @classmethod
    def _category(cls, category: str) -> str:
        apple_category(category)  # CategoryError, a ValueError, names the nearest category
        return category

    @property
    def catalog_path(self) -> Path:
        return self.database if self.database is not None else self.out_dir / "reader.db"

    @property
    def catalog_location(self) -> str | Path:
        """What ``Catalog()`` opens: ``catalog_url``, else the SQLite ``catalog_path``."""
        return self.catalog_url or self.catalog_path

    @property
    def feed_url(self) -> str:
        return f"{self.base_url}/feed.xml"


def toml_key(table: str, field: str) -> str:
    """How ``field`` is written under ``[table]``: its own name, else without a
    ``<table>_`` prefix."""
    extra = Settings.model_fields[field].json_schema_extra
    if isinstance(extra, dict) and "name" in extra:
        return str(extra["name"])
    return field.removeprefix(f"{table}_")


def tables() -> dict[str, list[str]]:
    """Each ``reader.toml`` table with its fields, in declaration order."""
    found: dict[str, list[str]] = {}
    for name, field in Settings.model_fields.items():
        extra = field.json_schema_extra
        table = str(extra["table"]) if isinstance(extra, dict) else "server"
        found.setdefault(table, []).append(name)
    return found


_PATHS = ("out_dir", "database", "cover_image", "voices_dir", "lexicons", "language_dirs")
"""Settings that are paths (or lists of paths), relative to the file that gives them."""


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
    (``reader serve`` passes the address it listens on). Every error names the
    key and where its value came from.
    """
    values: dict[str, Any] = {}
    origin: dict[str, str] = {}
    if config is None and Path(CONFIG_NAME).is_file():
        config = Path(CONFIG_NAME)
    if config is not None:
        for name, (value, where) in _read_toml(config).items():
            values[name], origin[name] = value, where
    for name, value in _read_env(os.environ if env is None else env).items():
        values[name], origin[name] = value, f"environment variable {ENV_PREFIX}{name.upper()}"
    for name, value in overrides.items():
        if name not in Settings.model_fields:
            known = ", ".join(sorted(Settings.model_fields))
            raise ConfigError(f"unknown setting {name!r}; known: {known}")
        if value is not None:
            values[name], origin[name] = value, f"setting {name}"
    if "base_url" not in values and fallback_base_url is not None:
        values["base_url"], origin["base_url"] = fallback_base_url, "base URL"
    try:
        return Settings(**values)
    except ValidationError as e:
        raise ConfigError(_describe(e.errors()[0], origin)) from None


def _read_env(environ: Mapping[str, str]) -> dict[str, Any]:
    class Source(EnvSettingsSource):
        def _load_env_vars(self) -> Mapping[str, str | None]:
            return {name.lower(): value for name, value in environ.items() if value != ""}

    return dict(Source(Settings)())


def _read_toml(path: Path) -> dict[str, tuple[Any, str]]:
    """``{field: (value, "reader.toml [table] key")}``; types are checked strictly here,
    since TOML has its own: ``explicit = "no"`` is an error, not False."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the settings file ({e.strerror})") from e
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not a UTF-8 text file, so not a settings file") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e}); fix the file or remove it") from e
    known_tables = tables()
    found: dict[str, tuple[Any, str]] = {}
    for table, entries in data.items():
        fields = known_tables.get(table)
        if fields is None or not isinstance(entries, dict):
            names = ", ".join(f"[{t}]" for t in known_tables)
            raise ConfigError(f"{path}: unknown table [{table}]; use {names}")
        known = {toml_key(table, field): field for field in fields}
        for written, value in entries.items():
            name = known.get(written)
            if name is None:
                raise ConfigError(
                    f"{path}: unknown key {written!r} in [{table}]; known: {', '.join(known)}"
                )
            if name in _PATHS and isinstance(value, str):
                value = path.parent / value  # relative to the file; absolute paths stay
            elif isinstance(value, list):  # a TOML array is a tuple setting
                paths = name in _PATHS
                value = tuple(path.parent / v if paths and isinstance(v, str) else v for v in value)
            found[name] = (value, f"{path} [{table}] {written}")
    for name, (value, where) in found.items():
        try:
            TypeAdapter[Any](Settings.model_fields[name].annotation or Any).validate_python(
                value, strict=True
            )
        except ValidationError as e:
            raise ConfigError(_describe(e.errors()[0], {"": where})) from None
    return found


def _describe(error: Any, origin: Mapping[str, str]) -> str:
    """``"<where the value came from>: <problem>"`` for one pydantic error."""
    name = str(error["loc"][0]) if error["loc"] else ""
    where = origin.get(name, name)
    if error["type"] == "value_error":
        return f"{where}: {error.get('ctx', {}).get('error', error['msg'])}"
    return f"{where}: {error['msg'][0].lower()}{error['msg'][1:]}, got {error['input']!r}"
