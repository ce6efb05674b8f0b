"""Language files to ``Language`` units: the edge that reads them."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from reader.errors import ConfigError
from reader.languages.model import (
    Language,
    Languages,
    MathWords,
    Phrases,
    SentenceRules,
    heading_key,
)

__all__ = ["builtin_languages", "parse_language", "read_languages"]

_INHERITED = ("phrases", "sentences", "math")
"""Tables a language takes from English where its own file leaves keys out."""
_TABLES = frozenset(
    {"dates", "abbreviations", "abbreviations_before_numbers", "references", *_INHERITED}
)
_PYSBD_LANGUAGES = frozenset(
    "am ar bg da de el en es fa fr hi hy it ja kk mr my nl pl ru sk ur zh".split()
)
"""The languages pysbd 0.3 segments (``pysbd.languages.LANGUAGE_CODES``)."""


def parse_language(text: str, *, source: str, english: Mapping[str, Any] | None) -> Language:
    """A ``Language`` from the TOML ``text`` of a language file; keys it leaves out
    of ``phrases``, ``sentences`` and ``math`` come from ``english`` (raw TOML)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{source}: not valid TOML ({e})") from e
    return _language(data, source=source, english=english)


def _language(data: dict[str, Any], *, source: str, english: Mapping[str, Any] | None) -> Language:
    unknown = set(data) - _TABLES - {"code", "name"}
    if unknown:
        known = ", ".join(sorted(_TABLES))
        raise ConfigError(f"{source}: unknown key {sorted(unknown)[0]!r}; known tables: {known}")
    code = data.get("code")
    if not isinstance(code, str) or not code.isalpha() or not code.islower():
        raise ConfigError(f'{source}: code must be a primary language subtag such as "de"')
    own_sentences = data.get("sentences", {})
    if not isinstance(own_sentences, dict):
        raise ConfigError(f"{source}: [sentences] must be a table")
    segmenter = own_sentences.get("segmenter", "pysbd" if code in _PYSBD_LANGUAGES else "rules")
    if english is not None:
        inherited = {t: english.get(t, {}) for t in _INHERITED}
        data = inherited | {k: _merged(inherited.get(k, {}), v) for k, v in data.items()}
    get = _Getter(data, source)
    if segmenter not in ("rules", "pysbd") or (
        segmenter == "pysbd" and code not in _PYSBD_LANGUAGES
    ):
        raise ConfigError(
            f'{source}: [sentences] segmenter must be "rules"'
            + (' or "pysbd"' if code in _PYSBD_LANGUAGES else f' (pysbd does not know "{code}")')
        )
    phrases: dict[str, Any] = {n: get.text("phrases", n) for n in _fields(Phrases, tuples=False)}
    phrases |= {name: get.pair("phrases", name) for name in _fields(Phrases, tuples=True)}
    math: dict[str, Any] = {n: get.text("math", n) for n in _fields(MathWords, tuples=False)}
    math |= {name: get.table("math", name) for name in _fields(MathWords, tuples=True)}
    return Language(
        code=code,
        name=str(data.get("name", code)),
        date_locale=get.optional("dates", "locale") or code,
        spoken_date=get.optional("dates", "spoken"),
        phrases=Phrases(**phrases),
        sentences=SentenceRules(
            language=code,
            segmenter=segmenter,
            never_final=frozenset(get.words("sentences", "never_final")),
            maybe_final=frozenset(get.words("sentences", "maybe_final")),
        ),
        abbreviations=get.mapping("abbreviations"),
        abbreviations_before_numbers=get.mapping("abbreviations_before_numbers"),
        reference_headings=frozenset(map(heading_key, get.words("references", "headings"))),
        math=MathWords(**math),
        source=source,
    )


def _merged(base: Any, own: Any) -> Any:
    """``own`` over ``base``, table by table."""
    if not (isinstance(base, dict) and isinstance(own, dict)):
        return own
    merged = dict(base)
    for key, value in own.items():
        merged[key] = _merged(merged.get(key), value)
    return merged


def _fields(kind: type, *, tuples: bool) -> list[str]:
    """The fields of ``Phrases`` or ``MathWords`` that hold pairs or tables (or not)."""
    names: list[str] = []
    for name, annotation in kind.__annotations__.items():
        compound = "tuple" in str(annotation) or "Mapping" in str(annotation)
        if compound == tuples:
            names.append(name)
    return names


class _Getter:
    """Typed reads from a language file's tables; errors name the file and key."""

    def __init__(self, data: Mapping[str, Any], source: str) -> None:
        self.data, self.source = data, source

    def _table(self, table: str) -> dict[str, Any]:
        found = self.data.get(table, {})
        if not isinstance(found, dict):
            raise ConfigError(f"{self.source}: [{table}] must be a table")
        return found

    def _value(self, table: str, key: str) -> Any:
        found = self._table(table)
        if key not in found:
            raise ConfigError(f"{self.source}: [{table}] has no {key!r}")
        return found[key]

    def text(self, table: str, key: str) -> str:
        value = self._value(table, key)
        if not isinstance(value, str):
            raise ConfigError(f"{self.source}: [{table}] {key} must be a string")
        return value

    def optional(self, table: str, key: str) -> str | None:
        return self.text(table, key) if key in self._table(table) else None

    def pair(self, table: str, key: str) -> tuple[str, str]:
        value = self._value(table, key)
        if not (
            isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)
        ):
            raise ConfigError(f"{self.source}: [{table}] {key} must be [singular, plural]")
        return value[0], value[1]

    def words(self, table: str, key: str) -> list[str]:
        value = self._table(table).get(key, [])
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise ConfigError(f"{self.source}: [{table}] {key} must be a list of strings")
        return value

    def table(self, table: str, key: str) -> dict[str, str]:
        value = self._table(table).get(key, {})
        return self._strings(value, f"[{table}.{key}]")

    def mapping(self, table: str) -> dict[str, str]:
        return self._strings(self._table(table), f"[{table}]")

    def _strings(self, value: Any, where: str) -> dict[str, str]:
        if not (isinstance(value, dict) and all(isinstance(v, str) for v in value.values())):
            raise ConfigError(f"{self.source}: {where} must map text to text")
        return dict(value)


@cache
def _builtin_data() -> dict[str, tuple[str, dict[str, Any]]]:
    """The shipped language files, by code: (name, raw TOML)."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for entry in resources.files("reader.languages").iterdir():
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            found[data["code"]] = (f"reader/languages/{entry.name}", data)
    return found


@cache
def builtin_languages() -> Languages:
    """The languages reader ships: English, German, French, Spanish, Italian,
    Portuguese and Dutch."""
    return _languages(_builtin_data().values())


def read_languages(dirs: Sequence[Path]) -> Languages:
    """The shipped languages and every ``*.toml`` in ``dirs``; a later file for
    the same language replaces an earlier one. Files read before with the same
    text give the same units (a batch reads them once per article)."""
    if not dirs:
        return builtin_languages()
    added: list[tuple[str, str]] = []
    for folder in dirs:
        if not folder.is_dir():
            raise ConfigError(f"{folder}: no such directory of language files")
        for path in sorted(folder.glob("*.toml")):
            try:
                added.append((str(path), path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError) as e:
                raise ConfigError(f"{path}: cannot read the language file ({e})") from e
    return _with_files(tuple(added))


@lru_cache(maxsize=8)
def _with_files(added: tuple[tuple[str, str], ...]) -> Languages:
    """The shipped languages and the ``added`` files (path, text)."""
    files = list(_builtin_data().values())
    for source, text in added:
        try:
            files.append((source, tomllib.loads(text)))
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{source}: not valid TOML ({e})") from e
    return _languages(files)


def _languages(files: Iterable[tuple[str, dict[str, Any]]]) -> Languages:
    english = _builtin_data()["en"][1]
    units: dict[str, Language] = {}
    for source, data in files:
        unit = _language(data, source=source, english=None if data is english else english)
        units[unit.code] = unit
    return Languages(units=units)
