"""Formulas in the document's text: how they are marked, and how they are shown (pure).

The parser keeps each formula where it stands in the text, as its MathML
markup between two Unicode noncharacters, U+FDD0 before and U+FDD1 after
(``mark_formula``). Unicode reserves noncharacters for a program's own use;
the parser strips them from everything it reads first (``unmarked``), so a
marked formula is one the parser found, and an article about MathML whose
text shows ``<math>...</math>`` keeps that as text.

Two stages turn a marked formula back into text:

- ``reader.script`` reads it aloud in the document's language ("x sub i
  squared");
- everything shown to a reader (the feed, the show notes, chapter titles,
  transcripts, ID3 tags, the player) shows ``shown_text``: each formula in a
  plain linear form, as pandoc writes math in plain text and Unicode's
  linear format does: ``x² + y² = 1``, ``σᵢ``, ``(a + b)/2``, ``√x``,
  ``x_(max + 1)`` where Unicode has no subscript letters. No reader has to
  read TeX or markup, and what a formula says stays visible.

Slugs take a formula's TeX (its ``alttext`` or TeX annotation) where it has
one, which keeps its letters in ASCII: "The σᵢ of t-SNE" is
``the-sigma-i-of-t-sne``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

__all__ = [
    "FORMULA_CLOSE",
    "FORMULA_OPEN",
    "Replaced",
    "formulas_in",
    "has_formula",
    "linear_formula",
    "mark_formula",
    "render_formulas",
    "replace_formulas",
    "shown_text",
    "slug_text",
    "unmarked",
]

FORMULA_OPEN = "\ufdd0"
FORMULA_CLOSE = "\ufdd1"
_FORMULA = re.compile(f"{FORMULA_OPEN}(<math\\b[^{FORMULA_CLOSE}]*</math>){FORMULA_CLOSE}")
_MARKS = re.compile(f"[{FORMULA_OPEN}{FORMULA_CLOSE}]")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:!?)\]](?=\s|$|[\"'”’]))")
"""The parser's spacing rule, which a formula's text follows as the text around it did."""


def mark_formula(markup: str) -> str:
    """``markup`` (a ``<math>`` element) marked as a formula the parser kept."""
    return f"{FORMULA_OPEN}{markup}{FORMULA_CLOSE}"


def unmarked(text: str) -> str:
    """``text`` without the characters that mark formulas: input cannot forge one."""
    return _MARKS.sub("", text) if FORMULA_OPEN in text or FORMULA_CLOSE in text else text


def has_formula(text: str) -> bool:
    return FORMULA_OPEN in text and _FORMULA.search(text) is not None


def formulas_in(text: str) -> list[Tag]:
    """The ``<math>`` elements of the formulas marked in ``text``, in order."""
    found = []
    for match in _FORMULA.finditer(text):
        math = BeautifulSoup(match.group(1), "lxml").find("math")
        found.append(math if isinstance(math, Tag) else BeautifulSoup("", "lxml").new_tag("math"))
    return found


@dataclass(frozen=True, slots=True)
class Replaced:
    """Text whose formulas were replaced, and where each replacement stands in it."""

    text: str
    spans: tuple[tuple[int, int], ...]
    """``(start, end)`` of each formula's replacement in ``text``; empty when it had none."""


def replace_formulas(text: str, renderings: Sequence[str]) -> Replaced:
    """``text`` with its n-th marked formula replaced by ``renderings[n]``, spaced as
    the parser spaces text ("x squared." not "x squared ."); a formula rendered as
    "" leaves no gap either."""
    out = ""
    start = 0
    spans: list[tuple[int, int]] = []
    for found, rendering in zip(_FORMULA.finditer(text), renderings, strict=True):
        after = text[found.end() : found.end() + 1]
        spaced = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", rendering + after)
        out += text[start : found.start()]
        begin = len(out)
        out += spaced[: len(spaced) - len(after)]
        start = found.end()
        if not rendering:  # nothing to say: no gap either
            out = out.rstrip(" ")
            begin = len(out)
            start += 1 if not out and after == " " else 0
        spans.append((begin, len(out)))
    return Replaced(out + text[start:], tuple(spans))


def render_formulas(text: str, render: Callable[[Tag], str]) -> str:
    """``text`` with each marked formula replaced by ``render(math)``."""
    if not has_formula(text):
        return text
    return replace_formulas(text, [render(m) for m in formulas_in(text)]).text


def shown_text(text: str) -> str:
    """``text`` as a reader sees it: each formula in its plain linear form."""
    return render_formulas(text, linear_formula)


def slug_text(text: str) -> str:
    """``text`` for a slug: each formula as its TeX where it has one, else its
    linear form with Greek letters by name (ASCII letters either way)."""
    return render_formulas(text, lambda math: _tex(math) or _greek_names(linear_formula(math)))


def _greek_names(text: str) -> str:
    def name(ch: str) -> str:
        words = unicodedata.name(ch, "").split()
        return f" {words[-1].lower()} " if words[:1] == ["GREEK"] else ch

    return "".join(map(name, text))


def _tex(math: Tag) -> str:
    annotation = math.find("annotation", encoding="application/x-tex")
    tex = annotation.get_text() if isinstance(annotation, Tag) else str(math.get("alttext", ""))
    return re.sub(r"\\([A-Za-z]+)", r" \1 ", tex)  # "\sigma_i" -> " sigma _i"


# -- the linear form ----------------------------------------------------------

_SUB = str.maketrans("0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_SUP = str.maketrans(
    "0123456789+-−=()abcdefghijklmnoprstuvwxyzT",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀ",
)
_SUB_CHARS = frozenset("0123456789+-−=()aehijklmnoprstuvx")
_SUP_CHARS = frozenset("0123456789+-−=()abcdefghijklmnoprstuvwxyzT")
_SPACED = frozenset("=≠<>≤≥≈≡∼≃≅∝∈∉⊂⊃⊆⊇→←↔⇒⇐⇔↦+−-±∓×·÷∣∪∩∧∨")
"""Operators written with a space on each side: "x + y = 1"."""
_UNARY = frozenset("+−-±∓")
_ACCENTS = {
    "¯": "\u0304",
    "‾": "\u0305",
    "^": "\u0302",
    "ˆ": "\u0302",
    "~": "\u0303",
    "˜": "\u0303",
    "→": "\u20d7",
    "⃗": "\u20d7",
    "˙": "\u0307",
    "¨": "\u0308",
}
_LARGE = frozenset("∑∏∐∫∬∭∮⋃⋂⋁⋀")
_INVISIBLE = str.maketrans("", "", "\u2061\u2062\u2063\u2064")
_SILENT = frozenset({"annotation", "annotation-xml", "mphantom", "mprescripts", "none"})


def linear_formula(math: Tag) -> str:
    """A formula as one line of plain text: ``x² + y² = 1``, ``p(j|i)``, ``(a + b)/2``;
    its ``alttext`` when its markup shows nothing."""
    shown = " ".join(_linear(math).translate(_INVISIBLE).split())
    shown = re.sub(r"([(\[{]) | ([)\]}])", r"\1\2", shown)
    return shown or " ".join(str(math.get("alttext", "")).split())


def _linear(node: Tag | NavigableString) -> str:  # noqa: C901 - one case per element
    if isinstance(node, NavigableString):
        return ""
    name = (node.name or "").lower()
    parts = [c for c in node.children if isinstance(c, Tag)]
    if name in _SILENT:
        return ""
    if name in ("mi", "mn", "mtext", "ms"):
        return node.get_text() if name == "mtext" else node.get_text().strip()
    if name == "mo":
        return node.get_text().strip()
    if name == "mspace":
        return " "
    if name == "semantics":
        return _linear(parts[0]) if parts else ""
    if name in ("msub", "munder") and len(parts) >= 2:
        return _scripted(parts[0], sub=parts[1])
    if name in ("msup", "mover") and len(parts) >= 2:
        accent = _linear(parts[1]).strip()
        if name == "mover" and accent in _ACCENTS:
            base = _linear(parts[0])
            return base + _ACCENTS[accent] if len(base) == 1 else f"{_group(base)}{accent}"
        return _scripted(parts[0], sup=parts[1])
    if name in ("msubsup", "munderover") and len(parts) >= 3:
        return _scripted(parts[0], sub=parts[1], sup=parts[2])
    if name == "mfrac" and len(parts) == 2:
        return f"{_group(_linear(parts[0]))}/{_group(_linear(parts[1]))}"
    if name == "msqrt":
        return f"√{_group(_row(parts))}"
    if name == "mroot" and len(parts) == 2:
        index = _linear(parts[1]).strip()
        root = {"2": "√", "3": "∛", "4": "∜"}.get(index) or f"{_script(index, _SUP)}√"
        return f"{root}{_group(_linear(parts[0]))}"
    if name == "mtable":
        return "; ".join(_table_row(row) for row in parts)
    if name == "mfenced":
        separator = (str(node.get("separators", ",")).strip() or ",")[0] + " "
        inner = separator.join(_linear(p) for p in parts)
        return f"{node.get('open', '(')}{inner}{node.get('close', ')')}"
    return _row(parts)


def _row(parts: list[Tag]) -> str:
    out = ""
    previous: Tag | None = None
    for part in parts:
        text = _linear(part)
        operator = text.strip() if part.name == "mo" else ""
        if operator and not operator.translate(_INVISIBLE):
            continue  # function application, invisible times
        if operator in _SPACED and not (operator in _UNARY and _opens(previous)):
            out = f"{out.rstrip()} {operator} "
        elif operator in (",", ";"):
            out = f"{out.rstrip()}{operator} "
        elif previous is not None and (_spaced_after(previous) or _is_name(part)):
            spaced = not operator or _spaced_after(previous) and previous.name != "mfrac"
            out = f"{out.rstrip()} {text}" if spaced else out + text
        else:
            out += text
        previous = part
    return out


def _is_name(part: Tag) -> bool:
    """A function's name: "sin", "log", "exp"."""
    return part.name == "mi" and len(part.get_text().strip()) > 1


def _spaced_after(part: Tag) -> bool:
    """Whether what follows ``part`` stands apart: "log x", "∑ᵢ xᵢ", "1/c E"."""
    if part.name in ("munderover", "munder", "msubsup", "msub", "msup", "mo"):
        return part.get_text().strip()[:1] in _LARGE
    return _is_name(part) or part.name == "mfrac"


def _table_row(row: Tag) -> str:
    """The cells of a table row, those of aligned equations ("ẋ", "= σ(y − x)")
    joined as one equation."""
    out = ""
    for cell in _cells(row):
        text = _linear(cell).strip()
        if out and text[:1] not in _SPACED:
            out += ","
        out = f"{out} {text}" if out else text
    return out


def _opens(previous: Tag | None) -> bool:
    """Whether an operator after ``previous`` is a sign ("−x", "= −1"), not a minus."""
    if previous is None:
        return True
    return previous.name == "mo" and _linear(previous).strip() not in (")", "]", "}", "|", "‖")


def _cells(row: Tag) -> list[Tag]:
    return [c for c in row.children if isinstance(c, Tag)]


def _scripted(base: Tag, *, sub: Tag | None = None, sup: Tag | None = None) -> str:
    text = _group(_linear(base)) if base.name in ("mrow", "mfrac") else _linear(base)
    if sub is not None:
        text += _script(_linear(sub), _SUB, "_")
    if sup is not None:
        raised = " ".join(_linear(sup).split())
        text += raised if raised in ("′", "″", "‴", "*", "∗") else _script(raised, _SUP, "^")
    return text


def _script(text: str, table: dict[int, int], mark: str = "") -> str:
    """``text`` in Unicode sub- or superscript letters where it can be, else ``mark``
    and the text ("_(max)")."""
    bare = "".join(text.split())
    chars = _SUB_CHARS if table is _SUB else _SUP_CHARS
    if bare and all(c in chars for c in bare):
        return bare.translate(table)
    text = text.strip()
    return f"{mark}{text if len(text) == 1 or _enclosed(text) else f'({text})'}"


def _group(text: str) -> str:
    """``text``, in parentheses when it is more than one term: "(a + b)" but "x"."""
    text = text.strip()
    if len(text) <= 1 or re.fullmatch(r"[\w.′]+", text) or _enclosed(text):
        return text
    return f"({text})"


def _enclosed(text: str) -> bool:
    """Whether ``text`` is one bracketed group: "(a + b)", "|x|", but not "(a)(b)"."""
    pairs = {"(": ")", "[": "]", "{": "}", "|": "|", "‖": "‖"}
    if text[:1] not in pairs or text[-1:] != pairs[text[0]]:
        return False
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0 and i < len(text) - 1:
                return False
    return True
