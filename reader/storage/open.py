"""Choosing a storage backend from a URL and the settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.storage.base import Storage
from reader.storage.local import LocalStorage

if TYPE_CHECKING:
    from reader.config import Settings

__all__ = [
    "StorageConfig",
    "cache_storage_for",
    "open_storage",
    "storage_config",
    "storage_from_url",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class StorageConfig:
    """Everything needed to open a storage, as plain data: picklable, so worker
    processes (batch workers, Celery tasks) can open the same storage."""

    url: str
    """``s3://bucket/prefix`` or a folder."""
    endpoint_url: str | None = None
    region: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None

    def open(self) -> Storage:
        return storage_from_url(
            self.url,
            endpoint_url=self.endpoint_url,
            region=self.region,
            access_key_id=self.access_key_id,
            secret_access_key=self.secret_access_key,
        )


def storage_from_url(
    url: str | Path,
    *,
    endpoint_url: str | None = None,
    region: str | None = None,
    access_key_id: str | None = None,
    secret_access_key: str | None = None,
) -> Storage:
    """``s3://bucket/prefix`` -> S3Storage; a path (or ``file://`` URL) -> LocalStorage."""
    text = str(url)
    if text.startswith("s3://"):
        from reader.storage.s3 import S3Storage

        return S3Storage(
            text,
            endpoint_url=endpoint_url,
            region=region,
            access_key_id=access_key_id,
            secret_access_key=secret_access_key,
        )
    return LocalStorage(Path(text.removeprefix("file://")))


def storage_config(settings: Settings) -> StorageConfig:
    """The storage the settings name: ``storage_url`` with the ``[storage]`` options,
    else the ``out_dir`` folder."""
    return StorageConfig(
        url=str(settings.storage_url or settings.out_dir),
        endpoint_url=settings.storage_endpoint_url,
        region=settings.storage_region,
        access_key_id=settings.storage_access_key_id,
        secret_access_key=settings.storage_secret_access_key,
    )


def open_storage(settings: Settings) -> Storage:
    """The storage the settings name (see ``storage_config``), opened."""
    return storage_config(settings).open()


def cache_storage_for(settings: Settings) -> StorageConfig | None:
    """What ``NarrateSettings.cache_storage`` should be for these settings: the
    editions' storage, so that every worker shares one speech cache; None when
    that storage is the ``out_dir`` folder itself (the embedded default, whose
    cache stays in ``<out_dir>/.cache/speech``).

    Whoever builds ``NarrateSettings`` from ``Settings`` (``reader narrate``, a
    queue worker) passes ``cache_storage=cache_storage_for(settings)``.
    """
    config = storage_config(settings)
    if not config.url.startswith("s3://"):
        if Path(config.url).resolve() == settings.out_dir.resolve():
            return None
    return config
