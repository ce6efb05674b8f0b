"""Choosing a storage backend from a URL and the settings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader.storage.base import Storage
from reader.storage.local import LocalStorage

if TYPE_CHECKING:
    from reader.config import Settings

__all__ = ["open_storage", "storage_from_url"]


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
    if isinstance(url, str) and text.startswith("s3://"):
        from reader.storage.s3 import S3Storage

        return S3Storage(
            text,
            endpoint_url=endpoint_url,
            region=region,
            access_key_id=access_key_id,
            secret_access_key=secret_access_key,
        )
    return LocalStorage(Path(text.removeprefix("file://")))


def open_storage(settings: Settings) -> Storage:
    """The storage the settings name: ``storage_url`` with the ``[storage]`` options,
    else the ``out_dir`` folder."""
    return storage_from_url(
        settings.storage_url or settings.out_dir,
        endpoint_url=settings.storage_endpoint_url,
        region=settings.storage_region,
        access_key_id=settings.storage_access_key_id,
        secret_access_key=settings.storage_secret_access_key,
    )
