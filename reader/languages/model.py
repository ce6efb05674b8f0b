"""What one language unit holds (pure data).

A ``Language`` is everything reader knows of one language: what it says
itself (``Phrases``), how it shows and speaks a date, how it splits
sentences (``SentenceRules``), the abbreviations it expands, the headings of
reference lists, and the words for mathematics (``MathWords``). Each is read
from one file, ``reader/languages/<code>.toml`` or a file of the same shape
in a directory the publisher adds (see ``reader.languages``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from reader.text import primary_language

__all__ = ["Language", "Languages", "MathWords", "Phrases", "SentenceRules", "heading_key"]

_NON_WORD = re.compile(r"[\W_]+")


def heading_key(heading: str) -> str:
    """A heading as headings are compared: casefolded, punctuation and spacing
    dropped ("Fußnoten:" and "FUSSNOTEN" are both ``fussnoten``)."""
    return " ".join(_NON_WORD.sub(" ", heading).split()).casefold()


@dataclass(frozen=True, slots=True, kw_only=True)
class Phrases:
    """What reader itself says: the opening and the announcements of what cannot
    be read aloud. Numbers stay digits: the normaliser reads them in the language."""

    by: str
    published: str
    image: str
    quote: str
    quote_from: str
    table: str
    caption: str
    rows: tuple[str, str]
    """One row, ``{n}`` rows; likewise ``columns``, ``lines`` and ``entries``."""
    columns: tuple[str, str]
    row: str
    cell: str
    """A cell read with its column's name: ``{head}``, ``{cell}``."""
    more_rows: str
    includes: str
    """An embed or code example "on the web page": ``{what}``."""
    video: str
    audio: str
    embedded: str
    post_from: str
    thing_from: str
    titled: str
    code_example: str
    code_in: str
    lines: tuple[str, str]
    long: str
    entries: tuple[str, str]
    """A list of references not read aloud."""

    def count(self, n: int, forms: tuple[str, str]) -> str:
        return forms[0] if n == 1 else forms[1].format(n=n)


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceRules:
    language: str
    """The language code pysbd is given."""
    segmenter: Literal["rules", "pysbd"]
    """``pysbd`` (the maintained segmenter, for the languages it covers) or
    reader's own ``rules`` below."""
    never_final: frozenset[str]
    """Abbreviations after which a full stop never ends a sentence (lower case,
    without the final dot)..."""
    maybe_final: frozenset[str]
    """...and after which it ends one only when a capitalised word follows."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MathWords:
    """How formulas are read aloud."""

    operators: Mapping[str, str]
    """Operators and symbols by the character: "=" "equals"."""
    greek: Mapping[str, str]
    """Greek letters by name: "σ" "sigma"."""
    sub: str
    """Before a subscript: "x sub i"."""
    squared: str
    """An exponent of 2; ``cubed`` one of 3."""
    cubed: str
    power: str
    """Before any other exponent: "e to the power of t"."""
    inverse: str
    """An exponent of -1; ``transpose`` one of T, ``prime`` one of ′."""
    transpose: str
    prime: str
    over: str
    """Between the parts of a short fraction: "a over b"."""
    fraction: str
    """A longer fraction, framed: ``{num}``, ``{den}``."""
    sum_over: Mapping[str, str]
    """The words before a large operator's lower limit: ``∑`` "the sum over"."""
    from_to: str
    """A large operator's limits: ``{lower}``, ``{upper}``; then ``of``."""
    of: str
    roots: Mapping[str, str]
    """Roots with a name of their own, by index: "2" the square root."""
    root: str
    """Any other root: ``{index}``."""
    accents: Mapping[str, str]
    """Marks over a symbol by the mark: "¯" "bar"."""
    parallel: str
    """Two bars side by side, as in the divergence "P‖Q"."""
    absolute: str
    """Before what stands between bars; ``norm`` between double bars."""
    norm: str
    quantity: str
    """Before a parenthesised group that is raised to a power."""
    contractions: Mapping[str, str]
    """A preposition and an article that the language joins: Italian "a la" -> "alla"."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Language:
    """One language, as one file describes it (compared by identity)."""

    code: str
    """The primary language subtag: ``en``, ``de``."""
    name: str
    date_locale: str
    """The Babel locale whose month names and long date pattern are used."""
    spoken_date: str | None
    """How a date is spoken when that differs from how it is shown:
    ``{ordinal}``, ``{month}``, ``{year}``."""
    phrases: Phrases
    sentences: SentenceRules
    abbreviations: Mapping[str, str]
    """Written form -> spoken form, expanded wherever they stand."""
    abbreviations_before_numbers: Mapping[str, str]
    """Expanded only before a number: "No. 5" -> "number 5"."""
    reference_headings: frozenset[str]
    """Headings of reference lists, as ``heading_key`` gives them; a heading is
    compared by its own ``heading_key``."""
    math: MathWords
    source: str = ""
    """The file the unit was read from."""


@dataclass(frozen=True, slots=True, eq=False)
class Languages:
    """The languages reader speaks, by primary subtag; English for any other."""

    units: Mapping[str, Language] = field(default_factory=dict)

    def find(self, tag: str | None) -> Language:
        """The unit for a BCP 47 ``tag`` ("de-AT" gets German); English otherwise."""
        return self.exact(tag) or self.units["en"]

    def exact(self, tag: str | None) -> Language | None:
        """The unit for ``tag``'s own language, None when there is none."""
        return self.units.get(primary_language(tag or "en"))

    @property
    def reference_headings(self) -> frozenset[str]:
        """Reference-list headings of every language: an English page may well end
        in "Einzelnachweise"."""
        return frozenset(h for unit in self.units.values() for h in unit.reference_headings)
