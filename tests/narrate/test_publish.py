"""An interrupted narration leaves the previous edition whole and no partial one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import reader.narrate.pipeline as pipeline
from reader.narrate import NarrateSettings, narrate_article
from reader.narrate.publish import read_existing_manifest

pytestmark = pytest.mark.e2e

ARTICLE = "---\ntitle: Short\n---\n\nOne sentence here. And another one.\n"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_interrupted_render_keeps_the_previous_edition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "short.md"
    article.write_text(ARTICLE)
    settings = NarrateSettings(out_dir=tmp_path / "out")
    first = narrate_article(str(article), settings=settings)
    before = _snapshot(first.edition_dir)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "encode_edition", interrupted)
    article.write_text(ARTICLE.replace("another", "a second"))
    with pytest.raises(KeyboardInterrupt):
        narrate_article(str(article), settings=settings)
    assert _snapshot(first.edition_dir) == before
    assert sorted(
        p.name for p in settings.out_dir.iterdir() if not p.name.startswith(".cache")
    ) == ["short"]


def test_publish_interrupted_between_renames_is_undone(tmp_path: Path) -> None:
    article = tmp_path / "short.md"
    article.write_text(ARTICLE)
    settings = NarrateSettings(out_dir=tmp_path / "out")
    first = narrate_article(str(article), settings=settings)
    # The state a kill leaves between "rename current aside" and "rename new in".
    os.replace(first.edition_dir, first.edition_dir.with_name(".old-short-1234abcd"))
    manifest = read_existing_manifest(first.edition_dir)
    assert manifest is not None and manifest.content_sha256 == first.manifest.content_sha256
    assert first.edition_dir.is_dir()
