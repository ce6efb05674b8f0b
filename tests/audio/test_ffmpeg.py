"""The ffmpeg binary is found once, and looked for again when it may have changed."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.audio import ffmpeg


@pytest.fixture
def finder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Each search imageio-ffmpeg is asked to make, with a fresh model cache."""
    monkeypatch.setenv("READER_MODEL_CACHE", str(tmp_path / "models"))
    monkeypatch.delenv("IMAGEIO_FFMPEG_EXE", raising=False)
    searches: list[str] = []
    found = ffmpeg._found_ffmpeg()

    def search() -> str:
        searches.append(found)
        return found

    monkeypatch.setattr(ffmpeg, "_found_ffmpeg", search)
    ffmpeg.ffmpeg_exe.cache_clear()
    yield searches
    ffmpeg.ffmpeg_exe.cache_clear()


def test_the_binary_is_looked_for_once_and_then_kept(finder: list[str]) -> None:
    exe = ffmpeg.ffmpeg_exe()
    ffmpeg.ffmpeg_exe.cache_clear()  # as in the next process
    assert ffmpeg.ffmpeg_exe() == exe
    assert finder == [exe]
    assert Path(exe).is_file()


def test_a_replaced_binary_is_looked_for_again(
    finder: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    binary = {"stamp": "as installed"}
    real_stamp = ffmpeg.file_stamp
    monkeypatch.setattr(
        ffmpeg, "file_stamp", lambda p: binary["stamp"] if p.is_file() else real_stamp(p)
    )
    exe = ffmpeg.ffmpeg_exe()
    ffmpeg.ffmpeg_exe.cache_clear()
    ffmpeg.ffmpeg_exe()
    assert finder == [exe]
    binary["stamp"] = "replaced"
    ffmpeg.ffmpeg_exe.cache_clear()
    assert ffmpeg.ffmpeg_exe() == exe
    assert finder == [exe, exe]


def test_the_variable_is_honoured_and_not_kept(
    finder: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", sys.executable)
    ffmpeg.ffmpeg_exe()
    assert len(finder) == 1
    assert not (tmp_path / "models").exists()
