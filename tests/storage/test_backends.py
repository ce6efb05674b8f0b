"""Both storage backends behave alike: a folder and S3 (real SeaweedFS)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from services import S3Server

from reader.errors import StorageError
from reader.storage import LocalStorage, Storage, storage_from_url


@pytest.fixture(params=["local", "s3"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    if request.param == "local":
        return LocalStorage(tmp_path / "store")
    server: S3Server = request.getfixturevalue("s3_server")
    bucket: str = request.getfixturevalue("s3_bucket")
    return storage_from_url(
        f"s3://{bucket}/some/prefix",
        endpoint_url=server.endpoint_url,
        access_key_id=server.access_key,
        secret_access_key=server.secret_key,
    )


def test_objects_round_trip(storage: Storage, tmp_path: Path) -> None:
    source = tmp_path / "a.bin"
    source.write_bytes(bytes(range(256)) * 10)
    storage.put_file("ed/a.bin", source, content_type="application/octet-stream")
    storage.put_bytes("ed/sub/b.txt", b"hello")
    storage.put_bytes("other/c.txt", b"x")
    assert storage.get_bytes("ed/sub/b.txt") == b"hello"
    assert storage.get_bytes("ed/missing") is None
    info = storage.info("ed/a.bin")
    assert info is not None and info.size_bytes == 2560
    assert info.modified.utcoffset() == dt.timedelta(0)
    assert storage.info("nothing/here") is None
    assert b"".join(storage.iter_range("ed/a.bin", 10, 19)) == bytes(range(10, 20))
    assert [i.key for i in storage.iter_objects("ed/")] == ["ed/a.bin", "ed/sub/b.txt"]
    assert len(list(storage.iter_objects())) == 3
    storage.put_bytes("ed/sub/b.txt", b"replaced")
    assert storage.get_bytes("ed/sub/b.txt") == b"replaced"
    storage.delete(["ed/a.bin", "ed/never-there"])
    assert [i.key for i in storage.iter_objects("ed/")] == ["ed/sub/b.txt"]


@pytest.mark.parametrize("key", ["../escape", "/abs", "a/../b", "", "a/./b"])
def test_keys_never_leave_the_storage(storage: Storage, key: str) -> None:
    with pytest.raises(StorageError, match="not a storage key"):
        storage.put_bytes(key, b"x")


def test_an_unreachable_s3_is_a_storage_error_naming_the_object() -> None:
    storage = storage_from_url(
        "s3://bucket/eds",
        endpoint_url="http://127.0.0.1:1",
        access_key_id="a",
        secret_access_key="b",
    )
    with pytest.raises(StorageError, match="s3://bucket/eds/slug/manifest.json: cannot"):
        storage.get_bytes("slug/manifest.json")


def test_s3_presigned_urls_fetch_the_object(storage: Storage) -> None:
    import httpx

    storage.put_bytes("p/x.txt", b"signed")
    url = storage.presigned_url("p/x.txt")
    if isinstance(storage, LocalStorage):
        assert url is None
        return
    assert url is not None
    assert httpx.get(url).content == b"signed"


def test_the_speech_cache_follows_the_storage_unless_it_is_the_out_dir(tmp_path: Path) -> None:
    from reader.config import Settings
    from reader.storage import StorageConfig, cache_storage_for

    assert cache_storage_for(Settings(out_dir=tmp_path)) is None
    assert cache_storage_for(Settings(out_dir=tmp_path, storage_url=str(tmp_path))) is None
    s3 = Settings(out_dir=tmp_path, storage_url="s3://b/eds", storage_endpoint_url="http://x")
    assert cache_storage_for(s3) == StorageConfig(url="s3://b/eds", endpoint_url="http://x")
    other = Settings(out_dir=tmp_path, storage_url=str(tmp_path / "elsewhere"))
    assert cache_storage_for(other) == StorageConfig(url=str(tmp_path / "elsewhere"))
