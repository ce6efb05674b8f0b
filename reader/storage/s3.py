"""An S3 bucket (AWS, SeaweedFS, MinIO, ...) as storage, through boto3.

``s3://bucket/prefix``: object ``<prefix>/<key>``. The endpoint, region and
credentials come from the arguments (``[storage]`` in reader.toml) or else
from boto3's usual chain (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ~/.aws, ...).
A PUT replaces an object atomically; boto3 retries throttling and network
faults with backoff, and what still fails raises StorageError.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from reader.errors import ConfigError, StorageError
from reader.storage.base import ObjectInfo, Storage, check_key

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import ObjectIdentifierTypeDef

__all__ = ["S3Storage", "parse_s3_url"]

_CHUNK = 256 * 1024


def parse_s3_url(url: str) -> tuple[str, str]:
    """``(bucket, prefix)`` of ``s3://bucket/prefix``; the prefix has no slashes at its ends."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"storage URL {url!r}: expected s3://bucket/prefix")
    return parts.netloc, parts.path.strip("/")


class S3Storage(Storage):
    def __init__(
        self,
        url: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
    ) -> None:
        self.bucket, self.prefix = parse_s3_url(url)
        self.url = f"s3://{self.bucket}/{self.prefix}".rstrip("/")
        try:
            import boto3
            from botocore.config import Config
        except ModuleNotFoundError as e:
            raise ConfigError(
                f"storage {self.url}: S3 needs boto3; "
                "install reader with the scale extra: pip install 'article-reader[scale]'"
            ) from e
        endpoint = endpoint_url or os.environ.get("AWS_ENDPOINT_URL")
        config = Config(
            retries={"max_attempts": 5, "mode": "standard"},
            s3={"addressing_style": "path" if endpoint else "auto"},
            connect_timeout=10,
            read_timeout=60,
        )
        region = region or os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION")
        self.client: S3Client = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint,
            region_name=region or "us-east-1",
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=config,
        )

    def _key(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _fail(self, action: str, key: str, error: Exception) -> StorageError:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return StorageError(f"{self.object_url(key)}: cannot {action} ({reason})")

    def put_file(self, key: str, path: Path, *, content_type: str | None = None) -> None:
        extra = {"ContentType": content_type} if content_type else {}
        try:
            self.client.upload_file(str(path), self.bucket, self._key(key), ExtraArgs=extra)
        except Exception as e:  # noqa: BLE001 - boto3 and S3 transfer raise many kinds
            raise self._fail("upload", key, e) from e

    def put_bytes(self, key: str, data: bytes, *, content_type: str | None = None) -> None:
        extra: dict[str, Any] = {"ContentType": content_type} if content_type else {}
        try:
            self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data, **extra)
        except Exception as e:  # noqa: BLE001
            raise self._fail("upload", key, e) from e

    def get_bytes(self, key: str) -> bytes | None:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
            return response["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None
        except Exception as e:  # noqa: BLE001
            if _status(e) == 404:
                return None
            raise self._fail("read", key, e) from e

    def info(self, key: str) -> ObjectInfo | None:
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except Exception as e:  # noqa: BLE001
            if _status(e) == 404:
                return None
            raise self._fail("look up", key, e) from e
        return ObjectInfo(
            key=key, size_bytes=head["ContentLength"], modified=_utc(head["LastModified"])
        )

    def iter_range(self, key: str, start: int, end: int) -> Iterator[bytes]:
        try:
            response = self.client.get_object(
                Bucket=self.bucket, Key=self._key(key), Range=f"bytes={start}-{end}"
            )
        except Exception as e:  # noqa: BLE001
            raise self._fail("read", key, e) from e
        body = response["Body"]
        try:
            yield from body.iter_chunks(_CHUNK)
        finally:
            body.close()

    def iter_objects(self, prefix: str = "") -> Iterator[ObjectInfo]:
        full = f"{self.prefix}/{prefix}" if self.prefix else prefix
        strip = len(self.prefix) + 1 if self.prefix else 0
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=full
            )
            for page in pages:
                for item in page.get("Contents", []):
                    modified = item["LastModified"]
                    if modified.tzinfo is None:
                        modified = modified.replace(tzinfo=dt.UTC)
                    yield ObjectInfo(
                        key=item["Key"][strip:], size_bytes=item["Size"], modified=modified
                    )
        except Exception as e:  # noqa: BLE001
            raise self._fail("list", prefix or "", e) from e

    def delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):
            batch: list[ObjectIdentifierTypeDef] = [
                {"Key": self._key(k)} for k in keys[start : start + 1000]
            ]
            try:
                self.client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True}
                )
            except Exception as e:  # noqa: BLE001
                raise self._fail("delete", keys[start], e) from e

    def presigned_url(self, key: str, *, expires_s: int = 3600) -> str | None:
        return self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": self._key(key)}, ExpiresIn=expires_s
        )


def _status(error: Exception) -> int | None:
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return int(status) if status is not None else None
    return None


def _utc(when: dt.datetime) -> dt.datetime:
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)
