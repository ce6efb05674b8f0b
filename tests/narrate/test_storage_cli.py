"""`reader narrate --catalog postgresql://… --storage s3://…` with the real engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from services import S3Server

from reader.catalog import Catalog
from reader.cli import main
from reader.storage import file_key, read_manifest, storage_from_url

ARTICLE = """---
title: Cramps in short
---

# Cramps in short

A cramp is a sudden, painful tightening of a muscle.

## What helps

Stretch gently and drink some water.
"""


def test_narrate_uploads_to_s3_and_records_in_postgresql(
    tmp_path: Path,
    postgres_url: str,
    s3_server: S3Server,
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in s3_server.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "cramps.md"
    article.write_text(ARTICLE)
    report = tmp_path / "report.json"
    url = f"s3://{s3_bucket}/eds"
    args = ["narrate", str(article), "--out", "work", "--catalog", postgres_url]
    assert main([*args, "--storage", url, "--report", str(report), "--quiet"]) == 0
    assert json.loads(report.read_text())["narrated"] == 1
    storage = storage_from_url(url)
    manifest = read_manifest(storage, "cramps-in-short")
    assert manifest is not None
    for entry in manifest.all_files():
        info = storage.info(file_key("cramps-in-short", entry.path))
        assert info is not None and info.size_bytes == entry.bytes
    packs = [i.key for i in storage.iter_objects(".cache/speech/packs/")]
    assert len(packs) == 1, "the speech cache is in the bucket, shared by every worker"
    assert not Path("work/.cache/speech/packs").exists(), "nor a second copy on local disk"
    catalog = Catalog(postgres_url)
    try:
        assert [m.slug for m in catalog.manifests()] == ["cramps-in-short"]
        location = catalog.locations()["cramps-in-short"]
        assert location == f"s3://{s3_bucket}/eds/cramps-in-short/manifest.json"
    finally:
        catalog.close()
    assert not Path("output").exists(), "nothing written outside --out"


def test_narrate_reports_an_unreachable_storage_as_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "y")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    article = tmp_path / "cramps.md"
    article.write_text(ARTICLE)
    out = tmp_path / "out"
    code = main(["narrate", str(article), "--out", str(out), "--storage", "s3://nowhere/eds"])
    assert code == 2
    err = capsys.readouterr().err
    assert "s3://nowhere/eds/" in err and "cannot" in err and "1 failed" in err
    catalog = Catalog(out / "reader.db")
    assert catalog.manifests() == []
    catalog.close()
