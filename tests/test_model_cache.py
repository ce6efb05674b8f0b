"""Derived models are kept whole or not at all, whoever writes them first."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.model_cache import file_stamp, keep_folder, kept_answer


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


def test_a_kept_answer_is_made_once_while_its_stamp_holds(tmp_path: Path) -> None:
    made: list[str] = []

    def make() -> str:
        made.append("answer")
        return f"answer {len(made)}"

    saved = tmp_path / "cache" / "answer.json"
    assert kept_answer(saved, lambda _: "stamp 1", make) == "answer 1"
    assert kept_answer(saved, lambda _: "stamp 1", make) == "answer 1"
    assert kept_answer(saved, lambda _: "stamp 2", make) == "answer 2"
    assert kept_answer(saved, lambda answer: f"stamp of {answer}", make) == "answer 3"
    assert kept_answer(saved, lambda answer: f"stamp of {answer}", make) == "answer 3"
    assert len(made) == 3


def test_a_damaged_unstampable_or_unwritable_answer_is_made_afresh(tmp_path: Path) -> None:
    saved = tmp_path / "answer.json"
    for damaged in ('{"stamp": ', "[]", '{"stamp": "s", "answer": 2}'):
        saved.write_text(damaged)
        assert kept_answer(saved, lambda _: "s", lambda: "made") == "made"

    def unstampable(answer: str) -> str:
        raise ValueError(answer)

    saved.unlink()
    assert kept_answer(saved, unstampable, lambda: "made") == "made"
    assert not saved.exists()
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    assert kept_answer(blocked / "answer.json", lambda _: "s", lambda: "made") == "made"


def test_a_file_stamp_changes_when_the_file_is_written_even_if_its_time_is_put_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "module.py"
    path.write_text("x = 1\n")
    before, stat = file_stamp(path), os.stat(path)
    assert file_stamp(path) == before
    while os.stat(path).st_ctime_ns == stat.st_ctime_ns:  # the clock ticks in ms
        path.write_text("x = 2\n")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert os.stat(path).st_size == stat.st_size
    assert file_stamp(path) != before
    with pytest.raises(OSError):
        file_stamp(tmp_path / "missing")
