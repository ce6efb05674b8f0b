"""Every CLI error is one line on stderr and exit status 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main


def _one_line_error(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_directory_without_articles_is_exit_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "emptydir"
    empty.mkdir()
    (empty / "notes.txt").write_text("not an article")
    assert main(["narrate", str(empty), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"reader: error: {empty}: no articles" in err


def test_a_glob_matching_no_articles_is_exit_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pattern = str(tmp_path / "*.md")
    assert main(["narrate", pattern, "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert f"reader: error: {pattern}: no articles match" in capsys.readouterr().err


def test_an_unknown_format_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["narrate", "x.md", "--format", "wav"])
    assert exit_info.value.code == 2
    line = _one_line_error(capsys.readouterr().err)
    assert "unknown format 'wav'" in line and line.startswith("reader narrate: error:")


def test_out_naming_a_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.md"
    article.write_text("# A\n\nText.\n")
    taken = tmp_path / "out.txt"
    taken.write_text("a file")
    assert main(["narrate", str(article), "--out", str(taken), "--quiet"]) == 2
    line = _one_line_error(capsys.readouterr().err)
    assert line == f"reader: error: {taken}: --out names a file; give a directory"
    assert "internal error" not in line


@pytest.mark.parametrize("port", ["99999", "-1", "eighty"])
def test_a_bad_port_is_one_line_exit_2(port: str, tmp_path: Path) -> None:
    result = _run("serve", "--port", port, "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 2
    line = _one_line_error(result.stderr)
    assert "--port" in line and "reader serve: error:" in line


def test_a_binary_config_file_is_one_line_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "binary.toml"
    config.write_bytes(bytes(range(256)) * 4)
    result = _run("serve", "--config", str(config), "--port", "0", cwd=tmp_path)
    assert result.returncode == 2
    line = _one_line_error(result.stderr)
    assert line.startswith("reader: error:") and str(config) in line


def test_an_unknown_option_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["narrate", "--no-such-option", "a.md"])
    assert exit_info.value.code == 2
    assert "--no-such-option" in _one_line_error(capsys.readouterr().err)


def test_a_port_in_use_is_one_line_exit_2_naming_it(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _run("serve", "--port", str(port), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 2
    line = _one_line_error(result.stderr)
    wanted = f"reader: error: 127.0.0.1:{port} is already in use: stop what listens there"
    assert line == wanted + ", or pick another --port"
