"""Publisher pronunciation lexicons: word -> spoken form, applied whole-word.

Two file formats, per project (``--lexicon FILE``) or per article
(``<article>.lexicon.toml`` / ``<article>.pls`` beside it):

- TOML: a ``[words]`` table (or top-level keys) of ``"written" = "spoken"``.
- W3C Pronunciation Lexicon Specification 1.0 (``.pls``): each ``<lexeme>``'s
  ``<grapheme>`` elements are replaced by its ``<alias>``. The speech engines
  read text, not IPA, so lexemes that only give a ``<phoneme>`` are listed in
  ``Lexicon.unsupported`` rather than applied.

A written form in lower case matches any case ("osgood" matches "Osgood");
one with capitals matches exactly ("US" leaves "us" alone). Longer forms win
over shorter ones that overlap them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from reader.errors import ConfigError

__all__ = ["Lexicon", "merge", "parse_pls", "parse_toml_lexicon", "read_lexicon"]

_PLS_NS = "http://www.w3.org/2005/01/pronunciation-lexicon"


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[tuple[str, str], ...] = ()
    """(written, spoken) pairs; a later pair for the same written form wins."""
    unsupported: tuple[str, ...] = field(default=(), compare=False)
    """Written forms whose lexeme gave only a phoneme, which is not applied."""

    @cached_property
    def _table(self) -> dict[str, str]:
        return dict(self.entries)

    @cached_property
    def _patterns(self) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
        if not self.entries:
            return None
        exact = sorted((w for w in self._table if w != w.lower()), key=len, reverse=True)
        folded = sorted((w for w in self._table if w == w.lower()), key=len, reverse=True)

        def alternation(words: list[str], flags: int) -> re.Pattern[str]:
            body = "|".join(re.escape(w) for w in words) or r"(?!x)x"
            return re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)

        return alternation(exact, 0), alternation(folded, re.IGNORECASE)

    def apply(self, text: str) -> str:
        """``text`` with every listed word replaced by its spoken form."""
        patterns = self._patterns
        if patterns is None:
            return text
        exact, folded = patterns
        text = exact.sub(lambda m: self._table[m.group()], text)
        return folded.sub(lambda m: self._table[m.group().lower()], text)


def merge(*lexicons: Lexicon | None) -> Lexicon:
    """One lexicon; for a word in several, the last one given wins."""
    table: dict[str, str] = {}
    unsupported: list[str] = []
    for lexicon in lexicons:
        if lexicon is not None:
            table.update(lexicon.entries)
            unsupported.extend(lexicon.unsupported)
    return Lexicon(entries=tuple(table.items()), unsupported=tuple(unsupported))


def read_lexicon(path: Path) -> Lexicon:
    """Load a ``.toml`` or ``.pls`` lexicon, or raise ``ConfigError`` naming the file."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the lexicon ({e.strerror or e})") from None
    if path.suffix.lower() in (".pls", ".xml"):
        return parse_pls(data, source=str(path))
    return parse_toml_lexicon(data.decode("utf-8", errors="replace"), source=str(path))


def _entry(written: object, spoken: object, source: str) -> tuple[str, str]:
    if not isinstance(written, str) or not isinstance(spoken, str):
        raise ConfigError(f"{source}: lexicon entries map a word to a string: {written!r}")
    word = " ".join(written.split())
    if not word:
        raise ConfigError(f"{source}: a lexicon entry has an empty word")
    return (word if word != word.lower() else word.lower(), " ".join(spoken.split()))


def parse_toml_lexicon(text: str, *, source: str) -> Lexicon:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{source}: not a valid TOML lexicon ({e})") from None
    words = data.get("words", data)
    if not isinstance(words, dict):
        raise ConfigError(f"{source}: [words] must be a table of word = spoken form")
    return Lexicon(
        entries=tuple(_entry(k, v, source) for k, v in words.items() if not isinstance(v, dict))
    )


def parse_pls(data: bytes, *, source: str) -> Lexicon:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise ConfigError(f"{source}: not a valid PLS lexicon ({e})") from None
    if etree.QName(root).localname != "lexicon":
        raise ConfigError(f"{source}: a PLS file's root element must be <lexicon>")
    ns = {"p": _PLS_NS} if etree.QName(root).namespace == _PLS_NS else None
    prefix = "p:" if ns else ""
    entries: list[tuple[str, str]] = []
    unsupported: list[str] = []
    for lexeme in root.iterfind(f"{prefix}lexeme", ns):
        graphemes = [g.text or "" for g in lexeme.iterfind(f"{prefix}grapheme", ns)]
        alias = lexeme.find(f"{prefix}alias", ns)
        if alias is None or not (alias.text or "").strip():
            unsupported.extend(g for g in graphemes if g.strip())
            continue
        entries.extend(_entry(g, alias.text, source) for g in graphemes if g.strip())
    return Lexicon(entries=tuple(entries), unsupported=tuple(unsupported))
