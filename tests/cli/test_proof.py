"""``reader proof``: its errors are one line and status 2; with the real recogniser
(tiny.en) it finds a word a lexicon makes the real espeak-ng voice say wrong."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.editions import make_edition

from reader.cli import main
from reader.speech.profile import list_voice_profiles

ARTICLE = """\
---
title: Morning habits
author: Ann Lee
date: 2024-05-01
---

Drink a glass of water every morning. Cold water wakes you up. Keep some water by your bed.
Then take a short walk outside.
"""


def _espeak_profile() -> str:
    """The espeak-ng profile: ``espeak`` where the default is neural, else ``default``."""
    engines = {p.name: p.engine for p in list_voice_profiles()}
    return "espeak" if engines.get("espeak") == "espeak" else "default"


def _error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_voice_goes_with_an_article_not_an_edition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    slug = make_edition(tmp_path).slug
    assert main(["proof", str(tmp_path / slug), "--voice", "joe"]) == 2
    assert "--voice" in _error_line(capsys)


def test_a_folder_that_is_no_edition_is_exit_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["proof", str(tmp_path)]) == 2
    assert _error_line(capsys) == (
        f"reader: error: {tmp_path}: not an edition directory (no manifest.json) nor an article"
    )


@pytest.mark.parametrize("module", ["faster_whisper", "jiwer"])
def test_a_missing_extra_says_how_to_install_it(
    module: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slug = make_edition(tmp_path).slug
    monkeypatch.setitem(sys.modules, module, None)  # import fails
    assert main(["proof", str(tmp_path / slug)]) == 2
    line = _error_line(capsys)
    assert (
        f"needs {module.replace('_', '-')}, which is not installed" in line
        and "pip install 'article-reader[proof]'" in line
    )


def test_a_model_directory_without_a_model_is_exit_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    slug = make_edition(tmp_path).slug
    model = tmp_path / "model"
    model.mkdir()
    assert main(["proof", str(tmp_path / slug), "--model", str(model)]) == 2
    line = _error_line(capsys)
    assert line.startswith(f"reader: error: {model}: not a CTranslate2 Whisper model")


def test_an_english_only_model_refuses_another_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edition = tmp_path / make_edition(tmp_path).slug
    manifest = json.loads((edition / "manifest.json").read_text(encoding="utf-8"))
    manifest["metadata"]["language"] = "de-DE"
    (edition / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert main(["proof", str(edition)]) == 2
    line = _error_line(capsys)
    assert "tiny.en hears English only" in line and "'de'" in line and "--model" in line


def test_an_article_that_is_not_there_is_exit_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "gone.md"
    assert main(["proof", str(missing)]) == 2
    assert _error_line(capsys) == f"reader: error: {missing}: no such file"


@pytest.mark.parametrize("module", ["faster_whisper", "jiwer"])
def test_without_the_extra_reader_and_its_help_still_load(module: str) -> None:
    code = (
        f"import sys; sys.modules[{module!r}] = None; import reader.proof; "
        "from reader.cli import main; main(['proof', '--help'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "EDITION_DIR|ARTICLE" in result.stdout


@pytest.mark.e2e
def test_a_word_a_lexicon_garbles_is_found_and_given_an_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "habits.md"
    article.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "habits.lexicon.toml").write_text('[words]\nwater = "butter"\n', encoding="utf-8")
    out = tmp_path / "out"
    voice = _espeak_profile()
    assert main(["proof", str(article), "--voice", voice, "--out", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["slug"], report["voice"], report["model"]) == (
        "morning-habits",
        voice,
        "tiny.en",
    )
    # The lexicon says "butter" for "water": each sentence with it is a finding, and
    # where nothing else in it was misheard, "water" gets an entry.
    findings = [f for s in report["sections"] for f in s["findings"]]
    garbled = [f for f in findings if "water" in f["written"]]
    assert len(garbled) == 3
    assert all({"written": "water", "heard": "butter"} in f["differences"] for f in garbled)
    entries = [f for f in garbled if f["suggestion"]]
    assert entries and all(
        f["suggestion"]
        == {"word": "water", "heard": "butter", "entry": '"water" = "water"', "lexicon": "butter"}
        for f in entries
    )
    assert {"word": "water", "heard": ["butter"], "lexicon": "butter"}.items() <= (
        report["suggestions"][0].items()
    )
    cold = next(f for f in garbled if f["written"].startswith("Cold"))
    assert 0 < cold["offset_ms"] == cold["start_ms"]  # the opening starts the episode
    assert 0 < report["wer"] < 0.5 and report["errors"] >= 3
    (section,) = report["sections"]
    assert section["words"] == report["words"] and "walk outside" in section["heard"].lower()

    # The edition it narrated, proofed as it stands, gives the same report as text.
    assert main(["proof", str(out / "morning-habits")]) == 0
    text = capsys.readouterr().out
    assert "wrote: Keep some water by your bed." in text
    assert "heard: keep some butter by your bed" in text
    assert '"water" = "water"  # heard as \'butter\'' in text
    assert "a lexicon in effect says 'butter'" in text  # the lexicon beside the article
