"""Adding a language is adding one file: Polish, from a directory of the publisher's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.cli import main
from reader.languages import read_languages
from reader.narrate import NarrateSettings, narrate_article
from reader.parse import parse_article
from reader.script import build_script

pytestmark = pytest.mark.e2e

POLISH = """\
code = "pl"
name = "Polish"

[phrases]
by = "Autor: {author}."
published = "Opublikowano {date}."

[math]
sub = "indeks"
squared = "do kwadratu"

[math.operators]
"=" = "równa się"
"""

ARTICLE = """\
---
title: Kwadraty
author: Jan Kowalski
date: 2024-05-04
language: pl
---

Mieszkam w Warszawie (woj. Mazowieckie). Potem wyszliśmy. Pole wynosi $x_i^2 = 1$.
"""


def _cues(edition: Path) -> list[str]:
    vtt = (edition / "transcript.vtt").read_text(encoding="utf-8")
    return re.findall(r"<v [^>]+>(.*?)</v>", vtt)


def test_an_article_is_narrated_in_a_language_added_by_one_file(tmp_path: Path) -> None:
    languages = tmp_path / "languages"
    languages.mkdir()
    (languages / "pl.toml").write_text(POLISH, encoding="utf-8")
    article = tmp_path / "kwadraty.md"
    article.write_text(ARTICLE, encoding="utf-8")
    settings = NarrateSettings(out_dir=tmp_path / "out", language_dirs=(languages,))
    result = narrate_article(str(article), settings=settings)
    cues = _cues(result.edition_dir)
    assert "Autor: Jan Kowalski." in cues
    assert "Opublikowano 4 maja 2024." in cues  # Babel's long date in Polish
    # pysbd's Polish rules: "woj." (voivodeship) does not end the sentence.
    assert "Mieszkam w Warszawie (woj. Mazowieckie)." in cues
    assert "Potem wyszliśmy." in cues
    assert "Pole wynosi xᵢ² = 1." in cues  # shown in its linear form, and spoken with
    script = build_script(  # the file's [math]
        parse_article(ARTICLE, source=article.name),
        language="pl",
        languages=read_languages(settings.language_dirs),
    )
    spoken = [u.text for u in script.utterances()]
    assert "Pole wynosi x indeks i do kwadratu równa się jeden." in spoken


def test_without_the_file_the_article_is_announced_in_english(tmp_path: Path) -> None:
    article = tmp_path / "kwadraty.md"
    article.write_text(ARTICLE, encoding="utf-8")
    result = narrate_article(str(article), settings=NarrateSettings(out_dir=tmp_path / "out"))
    assert "By Jan Kowalski." in _cues(result.edition_dir)


def test_narrate_names_a_broken_language_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pl.toml").write_text('code = "pl"\n[phrases]\nrows = "x"\n', encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text(ARTICLE, encoding="utf-8")
    code = main(
        ["narrate", str(article), "--out", str(tmp_path / "out"), "--languages", str(tmp_path)]
    )
    assert code != 0
    assert (
        f"{tmp_path / 'pl.toml'}: [phrases] rows must be [singular, plural]"
        in capsys.readouterr().err
    )
