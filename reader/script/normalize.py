"""Text normalisation for speech: what espeak-ng should say for one sentence of article text.

``normalize_for_speech`` is pure (no disk, network or clock). English rules, in order:

1. Emoji, pictographs, variation selectors, zero-width joiners and ``:shortcodes:`` are dropped.
2. URLs -> "link to example dot org" (host only); bare domains -> "example dot com"; e-mail
   addresses -> "e-mail address at example dot com".
3. Symbols: "&" -> "and", "+" between numbers -> "plus", "×" -> "times", "#1" -> "number one",
   "~5" -> "about five"; "20x" -> "twenty times", "2x2" and "icon-16x16.png" -> "two by two",
   "icon-sixteen by sixteen.png"; "<h1>" -> "h1".
   Catalogue numbers digit by digit in their groups ("ISBN 978-1-..." -> "ISBN nine seven
   eight, one, ..."; also ISSN, PMID, PMC, arXiv); a DOI by its name only.
4. Abbreviations, from the English language unit (``reader/languages/en.toml``: Mr., Mrs.,
   Ms., Prof., Jr., Sr., e.g., i.e., vs., etc., approx., No. 5, Fig. 3, p. 5, titles ...).
   "St."/"Dr." before a capitalised name are "Saint"/"Doctor", after a capitalised word
   "Street"/"Drive". A swallowed sentence-final full stop is put back. Initialisms with a
   plural s are spelled with it ("PDFs" -> "P-D-effs"): espeak-ng's dictionary drops the s.
5. Roman numerals (I, V, X: up to 39) after a capitalised word: "World War II" -> "World War
   two"; after a regnal name "Henry VIII" -> "Henry the eighth". One letter only after a regnal
   name or World War/Part/Chapter/Volume/Book/Act/Type/Phase ..., never the pronoun ("I think").
6. Dates: "December 29, 2022" and ISO "2022-12-29" -> "December twenty-ninth, twenty
   twenty-two"; "29 December 2022" -> "the twenty-ninth of December, twenty twenty-two".
7. Durations "2:01:09" -> "two hours, one minute and nine seconds"; phone numbers digit by digit.
8. Times: "4:05 p.m." -> "four oh five P M", "4 pm" -> "four P M". A 24-hour clock is read as
   written: "08:00" -> "eight o'clock", "14:30" -> "fourteen thirty", "14:00" -> "fourteen hundred".
9. Currency ($ £ € ¥ ₹, with thousand/million/billion/bn/m/k, ranges): "$1.50" -> "one dollar
   and fifty cents", "$2.5 million" -> "two point five million dollars".
10. Ranges (first number smaller): "10-15%" -> "ten to fifteen percent", "1990-1995" -> "nineteen
    ninety to nineteen ninety-five". Percent and units right after a number: "-5 °C" -> "minus
    five degrees Celsius", "1 km" -> "one kilometre" (singular only for exactly 1).
11. Ordinals "22nd" -> "twenty-second"; fractions "3/4" -> "three quarters", "4.5/5" -> "four
    point five out of five", but "9/11" and "24/7" as they are said; decades "the 1990s" -> "the
    nineteen nineties".
12. Years 1100-2099 ("nineteen ninety-nine") after a year word (in, since, month names ...) or
    before punctuation, a capitalised word or a verb; before other words ("1500 people") they are
    cardinals.
13. Numbers: "1,250" -> "one thousand, two hundred and fifty", "-5" -> "minus five", "3.14" ->
    "three point one four"; digits glued to letters are spaced ("MP3" -> "MP three").
14. Whitespace is collapsed.

Other languages get the number rules from num2words ``lang=`` (with "3,14" / "1.250" separators
where the comma is the decimal mark, and the range word for a few), emoji removal and bare URL
hosts, and their own unit's abbreviations if its file lists any; English word rules are
skipped. Languages num2words does not know keep their digits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel.core import Locale
from num2words import CONVERTER_CLASSES, num2words

from reader.languages import Language, Languages, builtin_languages

__all__ = ["normalize_for_speech"]

_Sub = Callable[[re.Match[str]], str]

_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0000fe00-\U0000fe0f\u200d\u20e3"
    "\U000e0020-\U000e007f\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u231a\u231b\u23e9-\u23fa]"
)
_SHORTCODE = re.compile(r"(?<!\w):[a-z][a-z0-9_+\-]*:(?!\w)")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,;:!?)\]}]", re.IGNORECASE)
_TLDS = "com|org|net|edu|gov|io|co|uk|us|de|fr|eu|info|ai|dev|app|me|tv|ly|nl|ca|au|ch|es|jp"
_DOMAIN = re.compile(
    rf"(?<![\w@./])((?:[A-Za-z0-9-]+\.)+(?:{_TLDS}))(?:/\S*[\w/=])?(?![\w@/-]|\.\w)"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})\b")

_NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?"
_PLUS = re.compile(r"(?<=[0-9])\s*\+\s*(?=[0-9])")
_HASH = re.compile(r"#(?=[0-9])")
_IDENTIFIER = re.compile(
    r"\b(ISBN|ISSN|PMID|PMC|arXiv)(?:-1[03])?:?\s?([0-9][0-9X.\-]*[0-9X])(?:\s?\[[\w.-]+\])?"
)
"""A catalogue number, read digit by digit in its groups, as it is copied down."""
_DOI = re.compile(r"\b(?:doi|DOI):\s?10\.\S+?(?=[.,;)]?(?:\s|$))")
"""A DOI: the name is kept, the string of digits and slashes after it is not read."""
_DIGIT_NAMES = "zero one two three four five six seven eight nine".split()
_ABOUT = re.compile(r"[~≈]\s?(?=[0-9])")

_PLURAL_INITIALISM = re.compile(r"(?<![\w'’-])([A-Z]{1,3})([A-Z])s(?![\w-])")
"""An initialism with a plural s, "PDFs": espeak-ng's dictionary (Piper's too) drops the s."""
_LETTER_PLURALS = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "ehs bees cees dees ees effs gees aitches eyes jays kays els ems ens ohs pees cues ars "
        "esses tees yous vees double-yous exes whys zees".split(),
        strict=True,
    )
)
_ST = re.compile(r"\b(St|Dr)(?:\.(?=\s|$)|(?=\s+[A-Z]))")
_END = re.compile(r"\s*[\"'”’)\]]*\s*$")

_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?\b"
_DATE_YEAR = r"(?:,?\s+(?P<year>[0-9]{4})\b)?"
_ISO = re.compile(r"\b([12][0-9]{3})-([01][0-9])-([0-3][0-9])\b")
_AMPM = r"(?:\s?([AaPp])\.?\s?[Mm]\b\.?)"
_CLOCK = re.compile(rf"\b([01]?[0-9]|2[0-3]):([0-5][0-9])\b(?!:[0-9]){_AMPM}?")
_HOUR_AMPM = re.compile(rf"(?<![.,:])\b(1[0-2]|0?[0-9]){_AMPM}")
_DOT_CLOCK = re.compile(rf"\b(1[0-2]|0?[1-9])\.([0-5][0-9]){_AMPM}")
_DURATION = re.compile(r"\b([0-9]{1,2}):([0-5][0-9]):([0-5][0-9])\b")
_PHONE = re.compile(
    r"(?<![\w+])\+[0-9]{1,3}(?:[ -]?\(?[0-9]{1,5}\)?){2,}(?!\w)|\b[0-9]{3}-[0-9]{3}-[0-9]{4}\b"
)
_PHONE_GROUP = re.compile(r"[0-9]+")
_SAID_WITH_A_SLASH = {"9/11": "nine eleven", "24/7": "twenty-four seven", "50/50": "fifty-fifty"}
_SLASHED = re.compile(r"(?<![\w/.,])(" + "|".join(_SAID_WITH_A_SLASH) + r")(?![\w/]|[.,][0-9])")
"""Numbers with a slash that are names, not fractions or dates: "9/11", "24/7"."""
_FRACTION = re.compile(r"(?<![\w/.,])([1-9])/([2-9]|10)(?![\w/]|[.,][0-9])")
_OUT_OF = re.compile(r"(?<![\w/.,])([0-9]+\.[0-9]+)/(5|10|100)(?![\w/]|[.,][0-9])")

_CURRENCY_NAMES = {
    symbol: tuple(names.split())
    for symbol, names in (item.split("=") for item in "$=dollar dollars cent cents;"
    "£=pound pounds penny pence;€=euro euros cent cents;¥=yen yen sen sen;"
    "₹=rupee rupees paisa paise".split(";"))
}  # fmt: skip
_SCALES = {"k": "thousand", "m": "million", "bn": "billion"}
_CURRENCY = re.compile(
    rf"(?<![\w])(?:US)?([$£€¥₹])\s?({_NUM})(?:\s?[-–—]\s?[$£€¥₹]?({_NUM}))?"
    r"(?:\s?(thousand|million|billion|trillion|bn|m|k)\b)?"
)

_UNIT_SPEC = (
    "km/h kph=kilometre per hour/kilometres per hour; mph=mile per hour/miles per hour; "
    "m/s=metre per second/metres per second; km²=square kilometre; m²=square metre; "
    "km=kilometre; cm=centimetre; mm=millimetre; µm=micrometre; nm=nanometre; m=metre; mi=mile; "
    "ft=foot/feet; kg=kilogram; mg=milligram; µg=microgram; g=gram; lb lbs=pound; oz=ounce; "
    "ml mL=millilitre; l L=litre; °C=degree Celsius/degrees Celsius; "
    "°F=degree Fahrenheit/degrees Fahrenheit; °=degree; KB kB=kilobyte; MB=megabyte; "
    "GB=gigabyte; TB=terabyte; Mbps=megabit per second/megabits per second; "
    "KB/s kB/s=kilobyte per second/kilobytes per second; "
    "MB/s=megabyte per second/megabytes per second; "
    "GB/s=gigabyte per second/gigabytes per second; "
    "Mbit/s Mb/s=megabit per second/megabits per second; "
    "Gbit/s Gb/s=gigabit per second/gigabits per second; "
    "Gbps=gigabit per second/gigabits per second; Hz=hertz/hertz; kHz=kilohertz/kilohertz; "
    "MHz=megahertz/megahertz; GHz=gigahertz/gigahertz; kW=kilowatt; kWh=kilowatt hour; "
    "MW=megawatt; GW=gigawatt; mAh=milliamp hour; h hr hrs=hour; min mins=minute; "
    "ms=millisecond; dB=decibel; px=pixel; mpg=mile per gallon/miles per gallon; %=percent/percent"
)
_UNITS: dict[str, tuple[str, str]] = {
    unit: (names.split("/")[0], names.split("/")[-1] if "/" in names else names + "s")
    for units, names in (item.strip().split("=") for item in _UNIT_SPEC.split(";"))
    for unit in units.split()
}
_UNIT = "(" + "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True)) + ")"
_UNIT_END = r"(?![\w²/])"
_RANGE = re.compile(
    rf"(?<![\w.,\-−])({_NUM})(?:-|\s?[–—]\s?)({_NUM})(?![0-9])(?:\s?{_UNIT}{_UNIT_END})?"
)
_MEASURE = re.compile(rf"(?<![\w.,])([-−]?{_NUM})\s?{_UNIT}{_UNIT_END}")

_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)>")
"""An HTML tag named in prose ("the <h1> element"): its name, without brackets."""
_DIMENSIONS = re.compile(r"(?<![\w.])(\d+)[x×](\d+)(?!\w|\.\d)")
"""A size: "1920x1080", "a 2x2 matrix", "icon-16x16.png" ("by")."""
_TIMES = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)[x×](?![\w])")
"""A factor: "20x slower", "1.5x" ("times")."""
_ROMAN = re.compile(r"\b([A-Z][a-z]+)\s+([IVX]+)\b(?!['’](?!s\b))")
_ROMAN_ONE = re.compile(r"(World War|Part|Chapter|Volume|Book|Act|Type|Class|Phase|Stage|Episode)$")
_PRONOUN_I = re.compile(
    r"\s*(?:['’]|(?:am|think|know|have|had|can|do|did|will|would|could|should|feel|believe|"
    r"guess|mean|want|love|see|say|said|hope)\b)"
)
_REGNAL = set(
    "Henry Elizabeth Louis George Edward William Charles James Richard John Mary Victoria Philip "
    "Pius Leo Benedict Gregory Paul Alexander Frederick Peter Catherine Napoleon Ramesses Ptolemy "
    "Constantine Innocent Clement Urban Boniface Nicholas Ivan Carl Gustav Olaf Harald Haakon "
    "Christian Felipe Ferdinand Isabella Wilhelm Friedrich Ludwig Otto Franz Rudolf Stephen Anne "
    "Alfonso Pedro Manuel Joseph Leopold Albert Rama Robert David Juan Carlos Sixtus Julius "
    "Francis Edmund Harold Cnut Margaret".split()
)
_ROMAN_NUMERALS = {
    tens + ones: 10 * t + o
    for t, tens in enumerate(("", "X", "XX", "XXX"))
    for o, ones in enumerate(("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"))
}

_ORDINAL = re.compile(r"(?<![\w.])([0-9]+)(st|nd|rd|th)\b")
_DECADE = re.compile(r"(?<![\w.,])(['’]?)([1-9]0|1[0-9]{2}0|20[0-9]0)(['’]?s)\b")
_YEAR = re.compile(r"(?<![\w.,\-−])(1[1-9][0-9]{2}|20[0-9]{2})(?!\w|[,.][0-9])")
_YEAR_WORDS = (
    r"in|since|by|from|until|till|to|through|circa|c\.|ca\.|year|spring|summer|autumn|"
    r"fall|winter|early|late|mid|during|before|after|between|of|and|or"
)
_YEAR_AFTER = re.compile(
    r"\s*(?:$|[^\w\s]|[A-Z]|(?:was|is|has|had|saw|will|would|marked|and|or|to|when|brought|"
    r"began|ended|became)\b)"
)
_NUMBER = re.compile(r"([-−]?)([0-9][0-9,.]*[0-9]|[0-9])")
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")
_SPACE_BEFORE_STOP = re.compile(r"\s+([,.])")
_GROUPED = {sep: re.compile(rf"[0-9]{{1,3}}(?:\{sep}[0-9]{{3}})+") for sep in ",."}
_DIGIT_SEPARATOR = re.compile(r"([,.])")
_URL_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?", re.IGNORECASE)
_URL_HOST_END = re.compile(r"[/?#:]")
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
_WORD_BEFORE = re.compile(r"\b[A-Z][a-z]+\s+$")
_TO = {"de": "bis", "fr": "à", "es": "a", "it": "a", "pt": "a", "nl": "tot", "sv": "till"}
_COMMA_DECIMAL = {"de", "fr", "es", "it", "nl", "pt", "pl", "ru", "cs", "da", "fi", "id", "no"}


@dataclass(frozen=True, slots=True)
class _Words:
    """A language unit's abbreviations and month names, as patterns."""

    abbreviations: Mapping[str, str]
    abbreviation: re.Pattern[str] | None
    before_numbers: Mapping[str, str]
    before_number: re.Pattern[str] | None
    months: tuple[str, ...]
    month_abbr: Mapping[str, str]
    month_day: re.Pattern[str]
    day_month: re.Pattern[str]
    year_before: re.Pattern[str]


@lru_cache(maxsize=32)
def _words(unit: Language) -> _Words:
    """The patterns for ``unit``'s words, built once per unit."""
    shorts = sorted(unit.abbreviations, key=len, reverse=True)
    abbreviation = (
        re.compile(r"(?<![\w.])(" + "|".join(re.escape(k) for k in shorts) + r")(?![\w])")
        if shorts
        else None
    )
    numbered = "|".join(re.escape(k) for k in unit.abbreviations_before_numbers)
    # Babel's ``Locale``, not ``babel.dates``: that module finds the system's time zone as
    # it loads (~40 ms), and an article without a date never needs it.
    months = tuple(Locale.parse(unit.date_locale).months["format"]["wide"].values())
    month_abbr = {m[:3]: m for m in months} | {"Sept": "September"}
    month = r"(?P<month>" + "|".join([*months, *month_abbr]) + r")"
    return _Words(
        abbreviations=unit.abbreviations,
        abbreviation=abbreviation,
        before_numbers=unit.abbreviations_before_numbers,
        before_number=re.compile(rf"\b({numbered})\.\s*(?=[0-9])") if numbered else None,
        months=months,
        month_abbr=month_abbr,
        month_day=re.compile(rf"\b{month}\.?\s+{_DAY}{_DATE_YEAR}(?!:)"),
        day_month=re.compile(rf"\b{_DAY}\s+{month}\b\.?{_DATE_YEAR}"),
        year_before=re.compile(rf"(?:\b(?i:{_YEAR_WORDS}|" + "|".join(months) + r"),?\s+|mid-)$"),
    )


def _abbreviations(text: str, words: _Words) -> str:
    """Abbreviations in full: "No. 5" -> "number 5", "e.g." -> "for example"."""
    if words.before_number is not None:
        text = words.before_number.sub(lambda m: words.before_numbers[m[1]] + " ", text)
    if words.abbreviation is not None:
        text = words.abbreviation.sub(lambda m: words.abbreviations[m[1]] + _end_dot(m), text)
    return text


def _converter(language: str) -> str | None:
    """The num2words language code for ``language``, None without (or with a hanging) one."""
    code = language.replace("-", "_")
    for candidate in (code, code.split("_")[0].lower()):
        if candidate in CONVERTER_CLASSES and candidate != "am":  # Amharic can loop forever
            return str(candidate)
    return None


class _Norm:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.en = lang.startswith("en")
        self.comma_decimal = lang.split("_")[0] in _COMMA_DECIMAL

    def say(self, value: int | Decimal, to: str = "cardinal") -> str | None:
        """num2words, or None where its converter for this language fails."""
        try:
            return str(num2words(value, lang=self.lang, to=to))
        except Exception:  # num2words' converters raise all sorts for unusual input
            return None

    def card(self, value: int | Decimal) -> str:
        words = self.say(value)
        if words is None and value < 0:
            return "-" + self.card(-value)
        if words is None and isinstance(value, int) and value > 9:
            return " ".join(self.card(int(d)) for d in str(value))
        return words or str(value)

    def ordinal(self, value: int) -> str:
        return self.say(value, "ordinal") or self.card(value)

    def year(self, value: int) -> str:
        return self.say(value, "year") or self.card(value)

    def number(self, raw: str) -> str:
        """Words for a number as written ("-1,250.5"); left unchanged when malformed."""
        sign = "minus " if raw[:1] in "-−" and self.en else ""
        body = raw.lstrip("-−")
        thousands, point = (".", ",") if self.comma_decimal else (",", ".")
        whole, _, frac = body.partition(point)
        if thousands in whole:
            if not _GROUPED[thousands].fullmatch(whole):
                return raw
            whole = whole.replace(thousands, "")
        if not whole.isdigit() or (frac and not frac.isdigit()):
            return raw
        if not self.en and raw[:1] in "-−":
            value = -Decimal(f"{whole}.{frac or 0}")
            return self.card(value if frac else int(value))
        if len(whole) > 1 and whole.startswith("0") or len(whole) > (15 if self.en else 12):
            words = " ".join(self.card(int(d)) for d in whole)
        else:
            words = self.card(int(whole))
        if frac:
            if not self.en:
                return self.card(Decimal(f"{whole}.{frac}"))
            words += " point " + " ".join(self.card(int(d)) for d in frac)
        return sign + words

    def sub_number(self, m: re.Match[str]) -> str:
        sign, body, start, text = m[1], m[2], m.start(), m.string
        prefix = ""
        if sign and start > 0 and text[start - 1] not in " ([/\u00a0":
            prefix, sign, start = sign, "", start + 1
        words = self.number(sign + body)
        if words == sign + body:
            parts = _DIGIT_SEPARATOR.split(body)
            words = sign + "".join(self.number(p) if p.isdigit() else p for p in parts)
            if self.en:
                words = words.replace(".", " point ").replace(",", ", ")
        before = " " if start > 0 and text[start - 1].isalpha() else ""
        after = " " if m.end() < len(text) and text[m.end()].isalpha() else ""
        return prefix + before + words + after


def _end_dot(m: re.Match[str]) -> str:
    """A full stop when the match swallowed the sentence's final one."""
    return "." if m.group(0).endswith(".") and _END.fullmatch(m.string, m.end()) else ""


def _url(m: re.Match[str]) -> str:
    host = _URL_HOST_END.split(_URL_PREFIX.sub("", m.group(0)))[0].lower()
    return "link to " + host.replace(".", " dot ")


def normalize_for_speech(
    text: str, *, language: str = "en", languages: Languages | None = None
) -> str:
    """Return ``text`` as an English (or ``language``) speech engine should read it;
    the abbreviations and month names are those of the language's unit in
    ``languages`` (the shipped ones by default)."""
    languages = languages or builtin_languages()
    text = _EMOJI.sub("", text)
    text = _SHORTCODE.sub("", text)
    lang = _converter(language or "en")
    en = lang is not None and lang.startswith("en")
    words = _words(languages.find("en"))
    if en:
        text = _URL.sub(_url, text)
        text = _EMAIL.sub(lambda m: "e-mail address at " + m.group(1).replace(".", " dot "), text)
        text = _DOMAIN.sub(lambda m: m.group(1).replace(".", " dot "), text)
        text = text.replace("&", " and ").replace("×", " times ")
        text = _TAG_NAME.sub(r"\1", text)
        text = _DIMENSIONS.sub(r"\1 by \2", text)
        text = _TIMES.sub(r"\1 times", text)
        text = _PLUS.sub(" plus ", text)
        text = _IDENTIFIER.sub(_identifier, text)
        text = _DOI.sub("DOI", text)
        text = _HASH.sub("number ", text)
        text = _ABOUT.sub("about ", text)
        text = _abbreviations(text, words)
        text = _PLURAL_INITIALISM.sub(_plural_initialism, text)
        text = _ST.sub(_street_or_saint, text)
        text = _ROMAN.sub(_roman, text)
    else:
        text = _URL.sub(lambda m: _url(m).removeprefix("link to ").replace(" dot ", "."), text)
        unit = languages.exact(language)
        if unit is not None:
            text = _abbreviations(text, _words(unit))
    if lang is None:
        return _SPACE.sub(" ", text).strip()
    n = _Norm(lang)
    if en:
        for pattern, sub in _english_rules(n, words):
            text = pattern.sub(sub, text)
    else:
        text = _CLOCK.sub(lambda m: f"{n.card(int(m[1]))} {n.card(int(m[2]))}", text)
        text = _CURRENCY.sub(_other_currency, text)
        text = _RANGE.sub(lambda m: _other_range(n, m), text)
    text = _YEAR.sub(lambda m: _year(n, m, words if en else None), text)
    text = _NUMBER.sub(n.sub_number, text)
    text = _SPACE.sub(" ", text).strip()
    return (_SPACE_BEFORE_STOP if lang.startswith("fr") else _SPACE_BEFORE_PUNCT).sub(r"\1", text)


def _plural_initialism(m: re.Match[str]) -> str:
    """ "PDFs" -> "P-D-effs": each letter by itself, the last one's name in the plural.
    An "A" after the first letter is written "eh", as it would be read as the article."""
    letters = [m[1][0], *("eh" if c == "A" else c for c in m[1][1:])]
    return "-".join([*letters, _LETTER_PLURALS[m[2]]])


def _identifier(m: re.Match[str]) -> str:
    groups = re.split(r"[.\-]", m[2])
    spoken = ", ".join(
        " ".join(_DIGIT_NAMES[int(d)] if d.isdigit() else d for d in g) for g in groups
    )
    return f"{m[1]} {spoken}"


def _other_currency(m: re.Match[str]) -> str:
    """Outside English an amount is moved before its symbol ("€5" -> "5 €")."""
    return f"{m[2]}" + (f"–{m[3]}" if m[3] else "") + (f" {m[4]}" if m[4] else "") + f" {m[1]}"


def _other_range(n: _Norm, m: re.Match[str]) -> str:
    """Outside English a range only gets the language's "to" word ("10 bis 15 %")."""
    to = _TO.get(n.lang.split("_")[0])
    thousands, point = (".", ",") if n.comma_decimal else (",", ".")
    try:
        low, high = (Decimal(x.replace(thousands, "").replace(point, ".")) for x in m.group(1, 2))
    except ArithmeticError:
        return m[0]
    if to is None or not low < high:
        return m[0]
    return f"{m[1]} {to} {m[2]}" + (f" {m[3]}" if m[3] else "")


def _street_or_saint(m: re.Match[str]) -> str:
    saint, street = ("Saint", "Street") if m[1] == "St" else ("Doctor", "Drive")
    if _NAME_AFTER.match(m.string, m.end()):
        return saint
    after_word = _WORD_BEFORE.search(m.string[: m.start()])
    return (street if after_word or m[1] == "St" else saint) + _end_dot(m)


def _roman(m: re.Match[str]) -> str:
    name, numeral = m.group(1), m.group(2)
    value = _ROMAN_NUMERALS.get(numeral)
    if not value:
        return m.group(0)
    if len(numeral) == 1 and not _ROMAN_ONE.search(m.string[: m.start(2)].rstrip()):
        if name not in _REGNAL or (numeral == "I" and _PRONOUN_I.match(m.string, m.end())):
            return m.group(0)
    if name in _REGNAL:
        return f"{name} the {num2words(value, to='ordinal')}"
    return f"{name} {num2words(value)}"


def _year(n: _Norm, m: re.Match[str], words: _Words | None) -> str:
    value = int(m.group(1))
    if words is None:
        return n.year(value)
    before, after = m.string[: m.start()], m.string[m.end() :]
    if words.year_before.search(before) or _YEAR_AFTER.match(after) or not before.strip():
        return n.year(value)
    return n.card(value)


def _english_rules(n: _Norm, words: _Words) -> list[tuple[re.Pattern[str], _Sub]]:
    def date(m: re.Match[str]) -> str:
        month, day, year = words.month_abbr.get(m["month"], m["month"]), int(m["day"]), m["year"]
        if not 1 <= day <= 31:
            return m.group(0)
        said = (
            f"{month} {n.ordinal(day)}"
            if m.re is words.month_day
            else f"the {n.ordinal(day)} of {month}"
        )
        return said + (f", {n.year(int(year))}" if year else "")

    def iso(m: re.Match[str]) -> str:
        month, day = int(m[2]), int(m[3])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return m.group(0)
        return f"{words.months[month - 1]} {n.ordinal(day)}, {n.year(int(m[1]))}"

    def clock(m: re.Match[str]) -> str:
        hour, minute, ampm = int(m[1]), int(m[2]), m[3]
        words = n.card(hour)
        if minute:
            words += (" oh " if minute < 10 else " ") + n.card(minute)
        if ampm:
            return f"{words} {ampm.upper()} M" + _end_dot(m)
        if not minute:
            words += " o'clock" if 1 <= hour <= 12 else " hundred"
        return words

    def duration(m: re.Match[str]) -> str:
        units = zip(map(int, m.groups()), ("hour", "minute", "second"), strict=True)
        said = [f"{n.card(v)} {unit}{'' if v == 1 else 's'}" for v, unit in units if v]
        return " and ".join([", ".join(said[:-1]), said[-1]] if len(said) > 1 else said) or m[0]

    def phone(m: re.Match[str]) -> str:
        groups = _PHONE_GROUP.findall(m[0])
        spoken = ", ".join(" ".join(n.card(int(d)) for d in group) for group in groups)
        return ("plus " if m[0].startswith("+") else "") + spoken

    def fraction(m: re.Match[str]) -> str:
        top, bottom = int(m[1]), int(m[2])
        if top >= bottom:
            return m[0]
        name = {2: "half", 4: "quarter"}.get(bottom) or n.ordinal(bottom)
        plural = "halves" if bottom == 2 else name + "s"
        return f"{n.card(top)} {name if top == 1 else plural}"

    def hour_ampm(m: re.Match[str]) -> str:
        return f"{n.card(int(m[1]))} {m[2].upper()} M" + _end_dot(m)

    def currency(m: re.Match[str]) -> str:
        one, many, sub_one, sub_many = _CURRENCY_NAMES[m[1]]
        amount, upper, scale = m[2].rstrip(",."), m[3], m[4]
        tail = m[2][len(amount) :]
        if scale:
            words = n.number(amount) + (f" to {n.number(upper)}" if upper else "")
            return f"{words} {_SCALES.get(scale, scale)} {many}{tail}"
        if upper:
            return f"{n.number(amount)} to {n.number(upper)} {many}{tail}"
        whole, _, frac = amount.partition(".")
        if frac and len(frac) != 2:
            return f"{n.number(amount)} {many}{tail}"
        said = (
            [n.number(whole) + " " + (one if whole == "1" else many)] if whole.strip("0,") else []
        )
        if int(frac or 0):
            said.append(f"{n.card(int(frac))} {sub_one if int(frac) == 1 else sub_many}")
        return " and ".join(said or [f"zero {many}"]) + tail

    def measure(m: re.Match[str]) -> str:
        raw = m[1]
        one, many = _UNITS[m[2]]
        return f"{n.number(raw)} {one if raw.lstrip('-−') == '1' else many}"

    def span(m: re.Match[str]) -> str:
        low, high, unit = m[1], m[2], m[3]
        try:
            a, b = Decimal(low.replace(",", "")), Decimal(high.replace(",", ""))
        except ArithmeticError:
            return m.group(0)
        years = len(low) == 4 and low.isdigit() and 1100 <= a <= 2099 and len(high) in (2, 4)
        if years and len(high) == 2:
            b += a // 100 * 100
        if not a < b:
            return m.group(0)
        if years and high.isdigit() and b <= 2099 and not unit:
            return f"{n.year(int(a))} to {n.year(int(b))}"
        words = f"{n.number(low)} to {n.number(str(b) if len(high) == 2 and b > 99 else high)}"
        return words + (f" {_UNITS[unit][1]}" if unit else "")

    def decade(m: re.Match[str]) -> str:
        words = n.year(int(m[2])) if len(m[2]) == 4 else n.card(int(m[2]))
        return words[:-1] + "ies" if words.endswith("y") else words + "s"

    return [
        (_ISO, iso),
        (words.month_day, date),
        (words.day_month, date),
        (_DURATION, duration),
        (_PHONE, phone),
        (_CLOCK, clock),
        (_DOT_CLOCK, clock),
        (_HOUR_AMPM, hour_ampm),
        (_CURRENCY, currency),
        (_RANGE, span),
        (_MEASURE, measure),
        (_ORDINAL, lambda m: n.ordinal(int(m[1]))),
        (_SLASHED, lambda m: _SAID_WITH_A_SLASH[m[1]]),
        (_FRACTION, fraction),
        (_OUT_OF, lambda m: f"{n.number(m[1])} out of {n.card(int(m[2]))}"),
        (_DECADE, decade),
    ]
