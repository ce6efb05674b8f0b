"""Language units: one file per language, shipped or added from a directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import ConfigError
from reader.languages import builtin_languages, read_languages
from reader.parse import parse_article
from reader.script import build_script, split_sentences

SHIPPED = ("en", "de", "fr", "es", "it", "pt", "nl")


def test_every_shipped_language_is_one_file_that_loads() -> None:
    units = builtin_languages().units
    assert sorted(units) == sorted(SHIPPED)
    folder = Path(__file__).parents[2] / "reader" / "languages"
    assert sorted(p.stem for p in folder.glob("*.toml")) == sorted(SHIPPED)
    for code, unit in units.items():
        assert unit.code == code and unit.source.endswith(f"{code}.toml")
        assert unit.math.operators["+"] and unit.phrases.by


def test_a_language_without_a_file_is_spoken_in_english() -> None:
    languages = builtin_languages()
    assert languages.find("sv") is languages.units["en"]
    assert languages.exact("sv") is None
    assert languages.find("de-AT") is languages.units["de"]


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_leaves_out_what_english_fills_in(tmp_path: Path) -> None:
    _write(tmp_path, "pl.toml", 'code = "pl"\n[phrases]\nby = "Autor: {author}."\n')
    unit = read_languages([tmp_path]).units["pl"]
    english = builtin_languages().units["en"]
    assert unit.phrases.by == "Autor: {author}."
    assert unit.phrases.quote == english.phrases.quote
    assert unit.math.operators == english.math.operators
    assert unit.abbreviations == {}  # abbreviations are a language's own
    assert unit.sentences.segmenter == "pysbd"  # pysbd knows Polish


def test_a_language_pysbd_does_not_know_keeps_readers_rules(tmp_path: Path) -> None:
    _write(tmp_path, "sv.toml", 'code = "sv"\n')
    rules = read_languages([tmp_path]).units["sv"].sentences
    assert rules.segmenter == "rules"
    assert rules.never_final == builtin_languages().units["en"].sentences.never_final


def test_pysbd_splits_the_sentences_of_a_language_that_chooses_it(tmp_path: Path) -> None:
    _write(tmp_path, "pl.toml", 'code = "pl"\n')
    rules = read_languages([tmp_path]).units["pl"].sentences
    text = "Mieszkam w Warszawie (woj. Mazowieckie). Potem wyszliśmy."
    expected = ["Mieszkam w Warszawie (woj. Mazowieckie).", "Potem wyszliśmy."]
    assert split_sentences(text, rules) == expected
    assert split_sentences(text) != expected  # reader's English rules break after "woj."


def test_a_file_in_a_directory_replaces_a_shipped_language(tmp_path: Path) -> None:
    _write(tmp_path, "de.toml", 'code = "de"\n[phrases]\nby = "Geschrieben von {author}."\n')
    doc = parse_article("---\ntitle: T\nauthor: Ada\nlanguage: de\n---\n\nText.\n", source="t.md")
    script = build_script(doc, language="de", languages=read_languages([tmp_path]))
    assert "Geschrieben von Ada." in [u.display for u in script.utterances()]
    shipped = build_script(doc, language="de")
    assert "Von Ada." in [u.display for u in shipped.utterances()]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('code = "pl"\n[phrase]\nby = "x"\n', "unknown key 'phrase'"),
        ('name = "Polish"\n', "code must be a primary language subtag"),
        ('code = "pl"\n[phrases]\nrows = "wiersze"\n', "rows must be [singular, plural]"),
        ('code = "pl"\n[phrases]\nby = 3\n', "by must be a string"),
        ('code = "sv"\n[sentences]\nsegmenter = "pysbd"\n', 'pysbd does not know "sv"'),
        ('code = "pl"\n[math.operators]\n"+" = 1\n', "[math.operators] must map text to text"),
        ("code = \n", "not valid TOML"),
    ],
)
def test_a_broken_language_file_is_named_with_its_problem(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path, "pl.toml", text)
    with pytest.raises(ConfigError, match=r"pl\.toml") as raised:
        read_languages([tmp_path])
    assert message in str(raised.value)
    assert str(path) in str(raised.value)


def test_a_missing_directory_of_languages_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such directory"):
        read_languages([tmp_path / "nowhere"])


def test_unchanged_language_files_are_parsed_once(tmp_path: Path) -> None:
    path = _write(tmp_path, "pl.toml", 'code = "pl"\n')
    first = read_languages([tmp_path])
    assert read_languages([tmp_path]) is first
    path.write_text('code = "pl"\n[phrases]\nby = "Autor: {author}."\n', encoding="utf-8")
    assert read_languages([tmp_path]).units["pl"].phrases.by == "Autor: {author}."
