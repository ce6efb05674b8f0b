"""Installed versions are kept between runs, and asked again when an install changes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

from reader import installed


@pytest.fixture(autouse=True)
def model_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh model cache, and ``sys.path`` listed afresh (once a process otherwise)."""
    monkeypatch.setenv("READER_MODEL_CACHE", str(tmp_path / "models"))
    installed._metadata_folders.cache_clear()
    yield tmp_path / "models"
    installed._metadata_folders.cache_clear()


def test_versions_are_those_of_importlib_metadata() -> None:
    names = ("babel", "num2words", "no-such-distribution-here")
    assert installed.installed_versions(names) == {
        "babel": metadata.version("babel"),
        "num2words": metadata.version("num2words"),
        "no-such-distribution-here": None,
    }


def test_kept_versions_are_given_until_an_install_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(installed, "_version", lambda name: asked.append(name) or "1.0")
    site = tmp_path / "site-packages"
    (site / "demo_pkg-1.0.dist-info").mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [str(site)])
    assert installed.installed_versions(["demo-pkg"]) == {"demo-pkg": "1.0"}
    assert installed.installed_versions(["demo-pkg"]) == {"demo-pkg": "1.0"}
    assert asked == ["demo-pkg"]
    (site / "demo_pkg-1.0.dist-info").rename(site / "demo_pkg-2.0.dist-info")  # pip upgrades
    installed._metadata_folders.cache_clear()  # as in the next process
    installed.installed_versions(["demo-pkg"])
    assert asked == ["demo-pkg", "demo-pkg"]


def test_metadata_folders_match_names_as_pip_spells_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in ("Markdown_It_Py-3.0.dist-info", "other-1.0.dist-info", "markdown_it"):
        (tmp_path / folder).mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(tmp_path / "missing")])
    assert installed.metadata_folders(["markdown-it-py"]) == [
        f"{tmp_path}/Markdown_It_Py-3.0.dist-info"
    ]
