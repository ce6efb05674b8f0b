"""Formulas in MathML, as a listener hears them read aloud (pure).

Pages give formulas as MathML (Wikipedia, KaTeX and MathJax all include it),
usually hidden from view beside a picture of the formula that screen readers
are told to skip. Left alone, a sentence such as "the similarity of x_j to
x_i" would lose its symbols and be read as "the similarity of to". Each
``<math>`` element is replaced by its reading, in the document's language
(English, German, French, Spanish, Italian, Portuguese or Dutch; English for
any other):

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

from collections.abc import Mapping
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from reader.text import primary_language

__all__ = ["speak_math"]


@dataclass(frozen=True, slots=True)
class _Words:
    operators: Mapping[str, str]
    sub: str
    squared: str
    cubed: str
    power: str
    inverse: str
    transpose: str
    prime: str
    over: str
    fraction: str
    sum_over: Mapping[str, str]
    """The words before a large operator's lower limit: ``∑`` "the sum over"."""
    from_to: str
    of: str
    roots: Mapping[str, str]
    """Roots with a name of their own, by index: "2" the square root."""
    root: str
    accents: Mapping[str, str]
    parallel: str = "parallel"
    """Two bars side by side, as in the divergence "P‖Q"."""
    absolute: str = "the absolute value of"
    norm: str = "the norm of"
    quantity: str = "the quantity"
    """Before a parenthesised group that is raised to a power."""
    contractions: Mapping[str, str] = field(default_factory=dict)
    """A preposition and an article that the language joins: Italian "a la" -> "alla"."""


_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma",
    "ς": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi",
    "ω": "omega", "Γ": "capital gamma", "Δ": "capital delta", "Θ": "capital theta",
    "Λ": "capital lambda", "Ξ": "capital xi", "Π": "capital pi", "Σ": "capital sigma",
    "Φ": "capital phi", "Ψ": "capital psi", "Ω": "capital omega",
}  # fmt: skip

_EN = _Words(
    operators={
        "=": "equals", "+": "plus", "-": "minus", "−": "minus", "±": "plus or minus",
        "×": "times", "⋅": "times", "·": "times", "∗": "times", "*": "times",
        "/": "divided by", "÷": "divided by", "<": "less than", ">": "greater than",
        "≤": "less than or equal to", "≥": "greater than or equal to", "≠": "not equal to",
        "≈": "approximately equals", "≡": "is equivalent to", "∝": "is proportional to",
        "∈": "in", "∉": "not in", "⊂": "subset of", "⊆": "subset of", "∪": "union",
        "∩": "intersection", "→": "to", "↦": "maps to", "⇒": "implies", "∞": "infinity",
        "∣": "given", "|": "given", "‖": "norm", "∂": "partial", "∇": "nabla",
        "…": "and so on", "⋯": "and so on", "…,": "and so on", "′": "prime",
        "∀": "for all", "∃": "there exists", "¬": "not", "∧": "and", "∨": "or",
        "ℝ": "R", "ℕ": "N", "ℤ": "Z", "ℚ": "Q", "ℂ": "C",
        "\u2061": "of", "\u2062": "", "\u2063": ",", "\u2064": "plus",
        "(": "", ")": "", "[": "", "]": "", "{": "", "}": "",
    },
    sub="sub",
    squared="squared",
    cubed="cubed",
    power="to the power of",
    inverse="inverse",
    transpose="transpose",
    prime="prime",
    over="over",
    fraction="the fraction {num}, over {den}, end fraction",
    sum_over={"∑": "the sum over", "∏": "the product over", "∫": "the integral over",
              "lim": "the limit as", "max": "the maximum over", "min": "the minimum over"},
    from_to="from {lower} to {upper} of",
    of="of",
    roots={"2": "the square root of", "3": "the cube root of"},
    root="the root of index {index} of",
    accents={"¯": "bar", "‾": "bar", "^": "hat", "ˆ": "hat", "~": "tilde", "˜": "tilde",
             "˙": "dot", "¨": "double dot", "→": "vector", "⃗": "vector"},
)  # fmt: skip

_DE = _Words(
    operators={
        **_EN.operators,
        "=": "gleich", "±": "plus minus", "×": "mal", "⋅": "mal", "·": "mal", "∗": "mal",
        "*": "mal", "/": "geteilt durch", "÷": "geteilt durch", "<": "kleiner als",
        ">": "größer als", "≤": "kleiner gleich", "≥": "größer gleich", "≠": "ungleich",
        "≈": "ungefähr gleich", "≡": "äquivalent zu", "∝": "proportional zu",
        "∈": "Element von", "∉": "nicht Element von", "⊂": "Teilmenge von",
        "⊆": "Teilmenge von", "∪": "vereinigt mit", "∩": "geschnitten mit", "→": "gegen",
        "↦": "wird abgebildet auf", "⇒": "daraus folgt", "∞": "unendlich", "∣": "gegeben",
        "|": "gegeben", "‖": "Norm", "∂": "partiell", "…": "und so weiter",
        "⋯": "und so weiter", "′": "Strich", "∀": "für alle", "∃": "es gibt",
        "¬": "nicht", "∧": "und", "∨": "oder", "\u2061": "von",
    },
    absolute="der Betrag von",
    norm="die Norm von",
    quantity="der Ausdruck",
    sub="Index",
    squared="Quadrat",
    cubed="hoch drei",
    power="hoch",
    inverse="invers",
    transpose="transponiert",
    prime="Strich",
    over="durch",
    fraction="der Bruch {num}, durch {den}, Ende des Bruchs",
    sum_over={"∑": "die Summe über", "∏": "das Produkt über", "∫": "das Integral über",
              "lim": "der Grenzwert für", "max": "das Maximum über", "min": "das Minimum über"},
    from_to="von {lower} bis {upper} von",
    of="von",
    roots={"2": "die Wurzel aus", "3": "die dritte Wurzel aus"},
    root="die Wurzel mit Index {index} aus",
    parallel="parallel zu",
    accents={"¯": "quer", "‾": "quer", "^": "Dach", "ˆ": "Dach", "~": "Schlange",
             "˜": "Schlange", "˙": "Punkt", "¨": "zwei Punkte", "→": "Vektor", "⃗": "Vektor"},
)  # fmt: skip

_FR = _Words(
    operators={
        **_EN.operators,
        "=": "égale", "-": "moins", "−": "moins", "±": "plus ou moins", "×": "fois",
        "⋅": "fois", "·": "fois", "∗": "fois", "*": "fois", "/": "divisé par",
        "÷": "divisé par", "<": "inférieur à", ">": "supérieur à",
        "≤": "inférieur ou égal à", "≥": "supérieur ou égal à", "≠": "différent de",
        "≈": "environ égal à", "≡": "équivalent à", "∝": "proportionnel à",
        "∈": "appartient à", "∉": "n'appartient pas à", "⊂": "inclus dans",
        "⊆": "inclus dans", "∪": "union", "∩": "inter", "→": "tend vers",
        "↦": "a pour image", "⇒": "implique", "∞": "l'infini", "∣": "sachant",
        "|": "sachant", "‖": "norme", "∂": "d rond", "…": "et ainsi de suite",
        "⋯": "et ainsi de suite", "′": "prime", "∀": "pour tout", "∃": "il existe",
        "¬": "non", "∧": "et", "∨": "ou", "\u2061": "de",
    },
    parallel="parallèle à",
    absolute="la valeur absolue de",
    norm="la norme de",
    quantity="la quantité",
    sub="indice",
    squared="au carré",
    cubed="au cube",
    power="puissance",
    inverse="puissance moins 1",
    transpose="transposée",
    prime="prime",
    over="sur",
    fraction="la fraction {num}, sur {den}, fin de la fraction",
    sum_over={"∑": "la somme pour", "∏": "le produit pour", "∫": "l'intégrale sur",
              "lim": "la limite quand", "max": "le maximum pour", "min": "le minimum pour"},
    from_to="de {lower} à {upper} de",
    of="de",
    contractions={" à le ": " au ", " à les ": " aux ", " de le ": " du ", " de les ": " des "},
    roots={"2": "la racine carrée de", "3": "la racine cubique de"},
    root="la racine d'indice {index} de",
    accents={"¯": "barre", "‾": "barre", "^": "chapeau", "ˆ": "chapeau", "~": "tilde",
             "˜": "tilde", "˙": "point", "¨": "deux points", "→": "vecteur", "⃗": "vecteur"},
)  # fmt: skip

_ES = _Words(
    operators={
        **_EN.operators,
        "=": "igual a", "+": "más", "-": "menos", "−": "menos", "±": "más menos",
        "×": "por", "⋅": "por", "·": "por", "∗": "por", "*": "por", "/": "entre",
        "÷": "entre", "<": "menor que", ">": "mayor que", "≤": "menor o igual que",
        "≥": "mayor o igual que", "≠": "distinto de", "≈": "aproximadamente igual a",
        "≡": "equivalente a", "∝": "proporcional a", "∈": "pertenece a",
        "∉": "no pertenece a", "⊂": "subconjunto de", "⊆": "subconjunto de",
        "∪": "unión", "∩": "intersección", "→": "tiende a", "↦": "se aplica en",
        "⇒": "implica", "∞": "infinito", "∣": "dado", "|": "dado", "‖": "norma",
        "∂": "parcial", "…": "y así sucesivamente", "⋯": "y así sucesivamente",
        "′": "prima", "∀": "para todo", "∃": "existe", "¬": "no", "∧": "y", "∨": "o",
        "\u2061": "de",
    },
    parallel="paralelo a",
    absolute="el valor absoluto de",
    norm="la norma de",
    quantity="la cantidad",
    sub="subíndice",
    squared="al cuadrado",
    cubed="al cubo",
    power="elevado a",
    inverse="elevado a menos 1",
    transpose="traspuesta",
    prime="prima",
    over="entre",
    fraction="la fracción {num}, entre {den}, fin de la fracción",
    sum_over={"∑": "la suma para", "∏": "el producto para", "∫": "la integral sobre",
              "lim": "el límite cuando", "max": "el máximo para", "min": "el mínimo para"},
    from_to="desde {lower} hasta {upper} de",
    of="de",
    contractions={" a el ": " al ", " de el ": " del "},
    roots={"2": "la raíz cuadrada de", "3": "la raíz cúbica de"},
    root="la raíz de índice {index} de",
    accents={"¯": "barra", "‾": "barra", "^": "sombrero", "ˆ": "sombrero", "~": "tilde",
             "˜": "tilde", "˙": "punto", "¨": "dos puntos", "→": "vector", "⃗": "vector"},
)  # fmt: skip

_IT = _Words(
    operators={
        **_EN.operators,
        "=": "uguale a", "+": "più", "-": "meno", "−": "meno", "±": "più o meno",
        "×": "per", "⋅": "per", "·": "per", "∗": "per", "*": "per", "/": "diviso",
        "÷": "diviso", "<": "minore di", ">": "maggiore di", "≤": "minore o uguale a",
        "≥": "maggiore o uguale a", "≠": "diverso da", "≈": "circa uguale a",
        "≡": "equivalente a", "∝": "proporzionale a", "∈": "appartiene a",
        "∉": "non appartiene a", "⊂": "sottoinsieme di", "⊆": "sottoinsieme di",
        "∪": "unione", "∩": "intersezione", "→": "tende a", "↦": "va in",
        "⇒": "implica", "∞": "infinito", "∣": "dato", "|": "dato", "‖": "norma",
        "∂": "parziale", "…": "e così via", "⋯": "e così via", "′": "primo",
        "∀": "per ogni", "∃": "esiste", "¬": "non", "∧": "e", "∨": "o", "\u2061": "di",
    },
    parallel="parallelo a",
    absolute="il valore assoluto di",
    norm="la norma di",
    quantity="la quantità",
    sub="pedice",
    squared="al quadrato",
    cubed="al cubo",
    power="elevato a",
    inverse="elevato a meno 1",
    transpose="trasposta",
    prime="primo",
    over="fratto",
    fraction="la frazione {num}, fratto {den}, fine della frazione",
    sum_over={"∑": "la somma per", "∏": "il prodotto per", "∫": "l'integrale su",
              "lim": "il limite per", "max": "il massimo per", "min": "il minimo per"},
    from_to="da {lower} a {upper} di",
    of="di",
    contractions={" a la ": " alla ", " a il ": " al ", " a l'": " all'", " di la ": " della ",
                  " di il ": " del ", " di l'": " dell'"},
    roots={"2": "la radice quadrata di", "3": "la radice cubica di"},
    root="la radice di indice {index} di",
    accents={"¯": "barrato", "‾": "barrato", "^": "cappello", "ˆ": "cappello",
             "~": "tilde", "˜": "tilde", "˙": "punto", "¨": "due punti", "→": "vettore",
             "⃗": "vettore"},
)  # fmt: skip

_PT = _Words(
    operators={
        **_EN.operators,
        "=": "igual a", "+": "mais", "-": "menos", "−": "menos", "±": "mais ou menos",
        "×": "vezes", "⋅": "vezes", "·": "vezes", "∗": "vezes", "*": "vezes",
        "/": "dividido por", "÷": "dividido por", "<": "menor que", ">": "maior que",
        "≤": "menor ou igual a", "≥": "maior ou igual a", "≠": "diferente de",
        "≈": "aproximadamente igual a", "≡": "equivalente a", "∝": "proporcional a",
        "∈": "pertence a", "∉": "não pertence a", "⊂": "subconjunto de",
        "⊆": "subconjunto de", "∪": "união", "∩": "interseção", "→": "tende a",
        "↦": "aplica-se em", "⇒": "implica", "∞": "infinito", "∣": "dado", "|": "dado",
        "‖": "norma", "∂": "parcial", "…": "e assim por diante",
        "⋯": "e assim por diante", "′": "linha", "∀": "para todo", "∃": "existe",
        "¬": "não", "∧": "e", "∨": "ou", "\u2061": "de",
    },
    parallel="paralelo a",
    absolute="o valor absoluto de",
    norm="a norma de",
    quantity="a quantidade",
    sub="índice",
    squared="ao quadrado",
    cubed="ao cubo",
    power="elevado a",
    inverse="elevado a menos 1",
    transpose="transposta",
    prime="linha",
    over="sobre",
    fraction="a fração {num}, sobre {den}, fim da fração",
    sum_over={"∑": "a soma para", "∏": "o produto para", "∫": "o integral sobre",
              "lim": "o limite quando", "max": "o máximo para", "min": "o mínimo para"},
    from_to="de {lower} até {upper} de",
    of="de",
    contractions={" a a ": " à ", " a o ": " ao ", " de a ": " da ", " de o ": " do "},
    roots={"2": "a raiz quadrada de", "3": "a raiz cúbica de"},
    root="a raiz de índice {index} de",
    accents={"¯": "barra", "‾": "barra", "^": "chapéu", "ˆ": "chapéu", "~": "til",
             "˜": "til", "˙": "ponto", "¨": "dois pontos", "→": "vetor", "⃗": "vetor"},
)  # fmt: skip

_NL = _Words(
    operators={
        **_EN.operators,
        "=": "is gelijk aan", "-": "min", "−": "min", "±": "plus of min", "×": "maal",
        "⋅": "maal", "·": "maal", "∗": "maal", "*": "maal", "/": "gedeeld door",
        "÷": "gedeeld door", "<": "kleiner dan", ">": "groter dan",
        "≤": "kleiner dan of gelijk aan", "≥": "groter dan of gelijk aan",
        "≠": "niet gelijk aan", "≈": "ongeveer gelijk aan", "≡": "equivalent met",
        "∝": "evenredig met", "∈": "is element van", "∉": "is geen element van",
        "⊂": "deelverzameling van", "⊆": "deelverzameling van", "∪": "vereniging",
        "∩": "doorsnede", "→": "naar", "↦": "wordt afgebeeld op", "⇒": "impliceert",
        "∞": "oneindig", "∣": "gegeven", "|": "gegeven", "‖": "norm", "∂": "partieel",
        "…": "enzovoort", "⋯": "enzovoort", "′": "accent", "∀": "voor alle",
        "∃": "er bestaat", "¬": "niet", "∧": "en", "∨": "of", "\u2061": "van",
    },
    parallel="parallel aan",
    absolute="de absolute waarde van",
    norm="de norm van",
    quantity="de grootheid",
    sub="index",
    squared="kwadraat",
    cubed="tot de derde",
    power="tot de macht",
    inverse="tot de macht min 1",
    transpose="getransponeerd",
    prime="accent",
    over="gedeeld door",
    fraction="de breuk {num}, gedeeld door {den}, einde breuk",
    sum_over={"∑": "de som over", "∏": "het product over", "∫": "de integraal over",
              "lim": "de limiet voor", "max": "het maximum over", "min": "het minimum over"},
    from_to="van {lower} tot {upper} van",
    of="van",
    roots={"2": "de wortel van", "3": "de derdemachtswortel van"},
    root="de wortel met index {index} van",
    accents={"¯": "streep", "‾": "streep", "^": "dakje", "ˆ": "dakje", "~": "tilde",
             "˜": "tilde", "˙": "punt", "¨": "twee punten", "→": "vector", "⃗": "vector"},
)  # fmt: skip

_BY_LANGUAGE = {"en": _EN, "de": _DE, "fr": _FR, "es": _ES, "it": _IT, "pt": _PT, "nl": _NL}

_TOKENS = frozenset({"mi", "mn", "mo", "mtext", "ms"})
_SILENT = frozenset({"annotation", "annotation-xml", "mphantom", "mprescripts", "none"})


def speak_math(soup: BeautifulSoup, *, language: str | None) -> None:
    """Replace every ``<math>`` in ``soup`` by the words it is read with. A formula
    inside an element hidden from view (the accessible copy beside a picture)
    replaces that hidden element, so it is heard where the picture stands."""
    words = _BY_LANGUAGE.get(primary_language(language or "en"), _EN)
    for math in soup.find_all("math"):
        if not isinstance(math, Tag) or math.find_parent("math") is not None:
            continue
        target = math
        while isinstance(target.parent, Tag) and _hides(target.parent):
            target = target.parent
        reading = soup.new_tag("span")
        reading.string = f" {read_formula(math, words)} "
        target.replace_with(reading)


def read_formula(math: Tag, words: _Words = _EN) -> str:
    """The words a ``<math>`` element is read with (English by default)."""
    text = _Reader(words).read(math)
    text = f" {' '.join(text.split())} "
    for before, after in words.contractions.items():
        text = text.replace(before, after)
    for before, after in ((" ,", ","), (",,", ","), (" .", "."), (" :", ":")):
        text = text.replace(before, after)
    return text.strip(" ,")


def _hides(tag: Tag) -> bool:
    if tag.name in ("body", "html", "p", "div", "dd", "li", "td", "th"):
        return False
    style = str(tag.get("style", "")).replace(" ", "").lower()
    return "display:none" in style or str(tag.get("aria-hidden", "")).lower() == "true"


class _Reader:
    def __init__(self, words: _Words) -> None:
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
            return " ".join(_GREEK.get(ch, ch) for ch in text) if len(text) == 1 else text
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
