from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import ConfigError
from reader.script import Lexicon, merge, parse_pls, parse_toml_lexicon, read_lexicon

PLS = b"""<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
    alphabet="ipa" xml:lang="en-US">
  <lexeme><grapheme>W3C</grapheme><alias>World Wide Web Consortium</alias></lexeme>
  <lexeme><grapheme>nginx</grapheme><grapheme>NGINX</grapheme><alias>engine x</alias></lexeme>
  <lexeme><grapheme>tomato</grapheme><phoneme>t\xc9\x99\xcb\x88me\xc9\xaat\xc9\x99\xca\x8a</phoneme></lexeme>
</lexicon>"""


def test_whole_words_only_and_case_rules() -> None:
    lexicon = parse_toml_lexicon(
        '[words]\nOsgood = "Ozgood"\nUS = "U S"\n"new york" = "Noo York"\nsql = "sequel"',
        source="lex.toml",
    )
    text = "Osgood, Osgoods and the US told us: New York runs SQL and MySQL."
    assert lexicon.apply(text) == (
        "Ozgood, Osgoods and the U S told us: Noo York runs sequel and MySQL."
    )


def test_pls_aliases_apply_and_phoneme_only_lexemes_are_listed() -> None:
    lexicon = parse_pls(PLS, source="lex.pls")
    assert lexicon.apply("The W3C runs nginx and NGINX.") == (
        "The World Wide Web Consortium runs engine x and engine x."
    )
    assert lexicon.unsupported == ("tomato",)


def test_merge_lets_the_later_lexicon_win() -> None:
    project = Lexicon(entries=(("osgood", "Oz good"), ("sql", "S Q L")))
    article = Lexicon(entries=(("sql", "sequel"),))
    assert merge(project, None, article).apply("Osgood likes SQL.") == "Oz good likes sequel."


def test_read_lexicon_by_suffix_and_errors_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "a.pls").write_bytes(PLS)
    (tmp_path / "b.toml").write_text('Osgood = "Ozgood"\n')
    assert read_lexicon(tmp_path / "a.pls").apply("W3C") == "World Wide Web Consortium"
    assert read_lexicon(tmp_path / "b.toml").apply("Osgood") == "Ozgood"
    (tmp_path / "bad.toml").write_text("Osgood = \n")
    with pytest.raises(ConfigError, match="bad.toml"):
        read_lexicon(tmp_path / "bad.toml")
    (tmp_path / "bad.pls").write_text("<lexicon><lexeme>")
    with pytest.raises(ConfigError, match="bad.pls"):
        read_lexicon(tmp_path / "bad.pls")
    with pytest.raises(ConfigError, match="missing.toml"):
        read_lexicon(tmp_path / "missing.toml")


def test_pls_does_not_resolve_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    evil = f"""<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file://{secret}">]>
<lexicon xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" version="1.0">
<lexeme><grapheme>a</grapheme><alias>&x;</alias></lexeme></lexicon>""".encode()
    lexicon = parse_pls(evil, source="evil.pls")
    assert "TOPSECRET" not in lexicon.apply("a")
