"""Bad input: one clear error naming the file and the problem, exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main
from reader.errors import FrontMatterError, InputError
from reader.parse import decode_article, parse_article

CASES = {
    "empty.md": (b"  \n\n", "file is empty"),
    "binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    "broken-yaml.md": (b"---\ntitle: ok\ntags: [a, b\n---\n\nText.\n", "line 3"),
    "broken-toml.md": (b'+++\ntitle = "ok"\ndate = \n+++\n\nText.\n', "line 3"),
    "unclosed.md": (b"---\ntitle: x\n\nText.\n", "never closed"),
    "no-text.html": (
        b"<html><body><script>x()</script><nav>Menu</nav></body></html>",
        "no readable",
    ),
    "only-markup.md": (b"---\ntitle: Empty\n---\n\n<!-- nothing -->\n", "no readable text"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_names_file_and_problem(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, problem = CASES[name]
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["parse", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"reader: error: {path}")
    assert problem in captured.err
    assert "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def test_oversized_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"word " * 400)
    assert main(["parse", str(path), "--max-bytes", "1000"]) == 2
    assert "too large" in capsys.readouterr().err
    with pytest.raises(InputError, match="too large"):
        decode_article(b"x" * 11, source="s", max_bytes=10)


def test_default_size_cap_is_ten_megabytes() -> None:
    with pytest.raises(InputError, match="10,485,760"):
        decode_article(b"a" * (10 * 1024 * 1024 + 1), source="huge.md")


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(tmp_path / "nope.md")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_not_utf8_names_the_byte_when_no_encoding_fits() -> None:
    data = "Caf\u00e9 ok.\n".encode() + b"\x81\x8d\x8f\x90\x9d" * 3
    with pytest.raises(InputError, match=r"not UTF-8: byte 0x81 at offset \d+"):
        decode_article(data, source="bad.md")


def test_legacy_encoding_is_detected() -> None:
    text = "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, na\u00efve \u2014 \u201cquoted\u201d."
    assert decode_article(text.encode("cp1252"), source="legacy.md") == text


def test_declared_charset_is_honoured() -> None:
    html = '<meta charset="iso-8859-2"><p>\u0141\u00f3d\u017a</p>'.encode("iso-8859-2")
    assert "\u0141\u00f3d\u017a" in decode_article(html, source="pl.html")


def test_front_matter_error_says_the_line() -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse_article("---\ntitle: a\nauthor: [x\n---\nText\n", source="post.md")
    assert caught.value.line == 3
    assert str(caught.value).startswith("post.md line 3: front matter is not valid YAML")


def test_utf8_bom_is_accepted() -> None:
    assert decode_article("\ufeff# Hi".encode(), source="bom.md") == "# Hi"
