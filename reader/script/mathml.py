"""Formulas in MathML, as a listener hears them read aloud (pure).

Pages give formulas as MathML (Wikipedia, KaTeX and MathJax all include it),
usually hidden from view beside a picture of the formula that screen readers
are told to skip. Left alone, a sentence such as "the similarity of x_j to
x_i" would lose its symbols and be read as "the similarity of to". The parser
keeps each ``<math>`` element in the text, marked (``reader.formulas``); here it
is replaced by its reading, in the document's language, with the words of the
language's unit (``[math]`` in ``reader/languages/<code>.toml``):

- tokens are read as written, with operators and Greek letters by name
  ("equals", "not equal to", "sigma");
- a subscript is read "x sub i", a square "squared", other powers "to the
  power of n", ending with a pause when they run long;
- a fraction of two plain terms is "a over b"; a longer one is framed:
  "the fraction a, over b, end fraction";
- sums, products and integrals say what they run over ("the sum over k");
- bars are read by what they mean where they stand: "|x|" "the absolute
  value of x", "‖x − y‖²" "the norm of x minus y, squared", "p(a|b)" "p a
  given b", "P‖Q" "P parallel Q";
- a parenthesised group raised to a power is "the quantity 1 plus x,
  squared"; other parentheses are not spoken.

This is the linear reading a person gives a formula aloud, not MathCAT's full
ClearSpeak rules: grouping that only the layout shows otherwise (what a "/"
divides) is read in order.
"""

from __future__ import annotations

from bs4 import Tag
from bs4.element import NavigableString

from reader.formulas import render_formulas
from reader.languages import MathWords, builtin_languages

__all__ = ["read_formula", "speak_formulas"]

_TOKENS = frozenset({"mi", "mn", "mo", "mtext", "ms"})
_SILENT = frozenset({"annotation", "annotation-xml", "mphantom", "mprescripts", "none"})


def speak_formulas(text: str, words: MathWords) -> str:
    """``text`` with every formula the parser kept in words, spaced as the parser
    spaces text ("x squared." not "x squared .")."""
    return render_formulas(text, lambda math: read_formula(math, words))


def read_formula(math: Tag, words: MathWords | None = None) -> str:
    """The words a ``<math>`` element is read with (English by default)."""
    words = words or builtin_languages().find("en").math
    text = _Reader(words).read(math)
    text = f" {' '.join(text.split())} "
    for before, after in words.contractions.items():
        text = text.replace(before, after)
    for before, after in ((" ,", ","), (",,", ","), (" .", "."), (" :", ":")):
        text = text.replace(before, after)
    return text.strip(" ,")


class _Reader:
    def __init__(self, words: MathWords) -> None:
        self.words = words

    def read(self, node: Tag | NavigableString) -> str:
        if isinstance(node, NavigableString):
            return ""
        name = (node.name or "").lower()
        if name in _SILENT:
            return ""
        if name == "semantics":
            first = _base(node)
            return self.read(first) if first is not None else ""
        if name in _TOKENS:
            return self.token(node)
        parts = _children(node)
        if name in ("msub", "msup", "msubsup") and len(parts) >= 2:
            return self.script(name, parts)
        if name in ("munder", "mover", "munderover") and len(parts) >= 2:
            return self.under_over(name, parts)
        if name == "mfrac" and len(parts) == 2:
            return self.fraction(parts[0], parts[1])
        if name == "msqrt":
            return f"{self.words.roots['2']} {self.row(parts)},"
        if name == "mroot" and len(parts) == 2:
            index = self.read(parts[1])
            root = self.words.roots.get(index) or self.words.root.format(index=index)
            return f"{root} {self.read(parts[0])},"
        if name == "mtable":
            return "; ".join(self.row(_children(r)) for r in parts)
        if name == "mfenced" and str(node.get("open", "(")) in _BARS:
            return self.fenced(str(node.get("open")), parts)
        return self.row(parts)

    def row(self, parts: list[Tag]) -> str:
        words: list[str] = []
        i = 0
        while i < len(parts):
            bar = _bar(parts[i])
            if bar and i and _bar(parts[i - 1]) == bar and not _opens(parts, i - 1):
                words[-1] = self.words.parallel  # "P||Q": two bars are one symbol
            elif bar and _opens(parts, i) and (end := _closing_bar(parts, i)) is not None:
                words.append(self.fenced(bar, parts[i + 1 : end], parts[end]))
                i = end
            elif _text(parts[i]) == "(" and (end := _raised_paren(parts, i)) is not None:
                exponent = _children(parts[end])[1]
                inner = self.row(parts[i + 1 : end])
                words.append(f"{self.words.quantity} {inner}, {self.power(exponent)}")
                i = end
            else:
                words.append(self.read(parts[i]))
            i += 1
        return " ".join(words)

    def fenced(self, bar: str, inner: list[Tag], closing: Tag | None = None) -> str:
        """A fence by what it means: "|x|" is "the absolute value of x", "‖x‖²" is
        "the norm of x, squared"."""
        name = self.words.norm if bar in _NORM_BARS else self.words.absolute
        spoken = f"{name} {self.row(inner)},"
        if closing is not None and closing.name == "msup":
            spoken += f" {self.power(_children(closing)[1])}"
        return spoken

    def token(self, node: Tag) -> str:
        text = node.get_text().strip()
        if text in self.words.sum_over and node.name == "mo":  # a bare ∑: "the sum"
            return self.words.sum_over[text].rsplit(" ", 1)[0]
        if node.name == "mo" or text in self.words.operators:
            return self.words.operators.get(text, text)
        if node.name == "mi":
            return " ".join(self.words.greek.get(ch, ch) for ch in text) if len(text) == 1 else text
        return text

    def script(self, name: str, parts: list[Tag]) -> str:
        if parts[0].get_text().strip() in self.words.sum_over:  # inline style: ∑_k
            return self.under_over("munderover" if name == "msubsup" else "munder", parts)
        base = self.read(parts[0])
        if name == "msup":
            return f"{base} {self.power(parts[1])}"
        sub = self.read(parts[1])
        spoken = f"{base} {self.words.sub} {sub}" + ("," if _long(sub) else "")
        if name == "msubsup" and len(parts) >= 3:
            spoken += f" {self.power(parts[2])}"
        return spoken

    def power(self, exponent: Tag) -> str:
        text = " ".join(exponent.get_text().split())
        special = {
            "2": self.words.squared,
            "3": self.words.cubed,
            "T": self.words.transpose,
            "′": self.words.prime,
            "−1": self.words.inverse,
            "-1": self.words.inverse,
        }
        if text.replace(" ", "") in special:
            return special[text.replace(" ", "")]
        return f"{self.words.power} {self.read(exponent)},"

    def under_over(self, name: str, parts: list[Tag]) -> str:
        base_text = parts[0].get_text().strip()
        if name == "mover":
            accent = parts[1].get_text().strip()
            if accent in self.words.accents:
                return f"{self.read(parts[0])} {self.words.accents[accent]}"
            return f"{self.read(parts[0])} {self.read(parts[1])}"
        if base_text in self.words.sum_over:
            lower = self.read(parts[1])
            if name == "munderover" and len(parts) >= 3:
                lead = self.words.sum_over[base_text].rsplit(" ", 1)[0]
                limits = self.words.from_to.format(lower=lower, upper=self.read(parts[2]))
                return f"{lead} {limits}"
            return f"{self.words.sum_over[base_text]} {lower}, {self.words.of}"
        return self.row(parts)

    def fraction(self, numerator: Tag, denominator: Tag) -> str:
        num, den = self.read(numerator), self.read(denominator)
        if not _long(num) and not _long(den):
            return f"{num} {self.words.over} {den}"
        return self.words.fraction.format(num=num, den=den)


_BARS = frozenset({"|", "∣", "‖", "∥"})
_NORM_BARS = frozenset({"‖", "∥"})


def _children(node: Tag) -> list[Tag]:
    """The elements in ``node``, without the text and comments between them."""
    return [c for c in node.children if isinstance(c, Tag)]


def _unwrap(node: Tag) -> Tag:
    """What a row of one element holds (TeX wraps ``\\|`` and the like so)."""
    while node.name == "mrow" and len(children := _children(node)) == 1:
        node = children[0]
    return node


def _text(node: Tag) -> str:
    """The text of an operator, alone or in a row of its own; "" for anything else."""
    node = _unwrap(node)
    return node.get_text().strip() if node.name == "mo" else ""


def _bar(node: Tag) -> str:
    """The bar ``node`` is ("|", "‖"), alone or in a row of its own; "" for anything else."""
    text = _text(node)
    return text if text in _BARS else ""


def _base(node: Tag) -> Tag | None:
    """The first element of ``node``: the base of a power, what ``semantics`` shows."""
    return next(iter(_children(node)), None)


def _opens(parts: list[Tag], i: int) -> bool:
    """Whether the bar at ``i`` opens a fence: it starts the row or follows an
    operator ("= |x|", "exp(−‖x‖)"); after a term it means "given" ("p(a|b)")."""
    if i == 0:
        return True
    before = _unwrap(parts[i - 1])
    return before.name == "mo" and not _bar(before) and before.get_text().strip() not in (")", "]")


def _raised_paren(parts: list[Tag], i: int) -> int | None:
    """Where the "(" at ``i`` closes, when its ")" carries a power ("(1 + x)⁻¹");
    None when it closes plainly or not at all."""
    depth = 0
    for j in range(i + 1, len(parts)):
        part = parts[j]
        if _text(part) == "(":
            depth += 1
        elif _text(part) == ")":
            if depth == 0:
                return None
            depth -= 1
        elif part.name == "msup":
            base = _base(part)
            if base is not None and _text(base) == ")":
                if depth == 0:
                    return j
                depth -= 1
    return None


def _closing_bar(parts: list[Tag], i: int) -> int | None:
    """Where the fence opened at ``i`` closes: the next bar of its kind, or a power
    of one ("‖x‖²"), with something between them."""
    bar = _bar(parts[i])
    for j in range(i + 2, len(parts)):
        part = parts[j]
        base = _base(part)
        if _bar(part) == bar or (part.name == "msup" and base is not None and _bar(base) == bar):
            return j
    return None


def _long(text: str) -> bool:
    """More than one word: a subscript or fraction part that needs framing."""
    return len(text.split()) > 1
