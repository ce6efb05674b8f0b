"""Derived models are kept whole or not at all, whoever writes them first."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model_cache import keep_folder


def test_a_kept_folder_appears_whole_and_readable(tmp_path: Path) -> None:
    def write(into: Path) -> None:
        assert not (tmp_path / "model").exists(), "nothing shows before it is complete"
        (into / "a.npy").write_bytes(b"a")

    keep_folder(tmp_path / "model", write)
    assert (tmp_path / "model" / "a.npy").read_bytes() == b"a"
    assert (tmp_path / "model" / "a.npy").stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["model"], "no temporary folder left"


def test_the_folder_another_process_made_first_is_kept(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "a.npy").write_bytes(b"theirs")
    keep_folder(tmp_path / "model", lambda into: (into / "a.npy").write_bytes(b"ours"))
    assert (tmp_path / "model" / "a.npy").read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["model"]


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    def write(into: Path) -> None:
        (into / "a.npy").write_bytes(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        keep_folder(tmp_path / "model", write)
    assert list(tmp_path.iterdir()) == []
