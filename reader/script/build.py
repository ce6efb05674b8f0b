"""A ``Document`` to a ``Script``: what is spoken, in which voice, after which pause.

Tracks, each one chapter and one section file:

- the opening: title, author, date as words, then the lead section's text;
- one per section (sub-sections too), its heading then its blocks;
- one per FAQ pair, question then answer, in the question and answer voices.

Pauses mark structure: sentence < list item < paragraph < FAQ pair < section.
Blocks that cannot be read aloud are announced: a video "on the web page",
a code example by language and length. A list of references (a section
headed "References", "Notes", "Bibliography" and the like that holds only
lists) is announced by its length, not read: no listener follows a string of
authors, page ranges and DOIs, and the chapter still says where it is. What
reader itself says, how dates are spoken and how sentences are split come
from the article's language unit (``reader.languages``).

Formulas, which the parser keeps as MathML, are read in words
(``reader.script.mathml``), in the document's own language, and shown in their
linear form ("x² + y²", ``reader.formulas``) in every title and transcript cue
(``reader.script.readings``). Each sentence is first passed through the
publisher's lexicon (whole words, as written) and then normalised for speech;
the transcript shows it as the article wrote it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from babel.core import Locale
from num2words import num2words

from reader.languages import Languages, MathWords, builtin_languages, heading_key
from reader.model import (
    Block,
    Code,
    Document,
    Embed,
    Faq,
    Image,
    ListBlock,
    Paragraph,
    Quote,
    Section,
    Table,
)
from reader.script.lexicon import Lexicon
from reader.script.model import Role, Script, Track, TrackKind, Utterance
from reader.script.normalize import normalize_for_speech
from reader.script.phrases import code_words, embed_words
from reader.script.readings import Reading, read_text
from reader.script.refs import (
    BYLINE,
    DATELINE,
    TITLE,
    answer_ref,
    block_ref,
    heading_ref,
    item_ref,
    note_ref,
    paragraph_ref,
    question_ref,
    row_ref,
)
from reader.text import primary_language, same_words

__all__ = [
    "ANSWER_PAUSE_MS",
    "BLOCK_PAUSE_MS",
    "ITEM_PAUSE_MS",
    "QUESTION_PAUSE_MS",
    "SECTION_PAUSE_MS",
    "SENTENCE_PAUSE_MS",
    "build_script",
]

SENTENCE_PAUSE_MS = 250
ITEM_PAUSE_MS = 400
BLOCK_PAUSE_MS = 650
AFTER_HEADING_PAUSE_MS = 550
ANSWER_PAUSE_MS = 450
QUESTION_PAUSE_MS = 1000
SECTION_PAUSE_MS = 1300
OPENING_PAUSE_MS = 100
MAX_TABLE_ROWS = 25

_SPEAKABLE = re.compile(r"\w")


def build_script(
    doc: Document,
    *,
    lexicon: Lexicon | None = None,
    language: str = "en",
    languages: Languages | None = None,
    read_references: bool = False,
) -> Script:
    """Everything the listener hears, in order, grouped into tracks; with
    ``read_references``, lists of references are read out, not announced.
    ``languages`` are the units spoken in (the shipped ones by default)."""
    builder = _ScriptBuilder(
        lexicon=lexicon,
        language=language,
        languages=languages or builtin_languages(),
        read_references=read_references,
        math=(languages or builtin_languages()).find(doc.metadata.language).math,
    )
    builder.numbers = {id(s): n for n, s in enumerate(doc.walk())}
    builder.opening(doc)
    for section in doc.sections:
        if section.heading is None:
            builder.blocks(section.blocks, number=builder.numbers[id(section)])
            for child in section.sections:
                builder.section(child)
        else:
            builder.section(section)
    title = builder.read(doc.title).shown
    return Script(title=title, language=language, tracks=tuple(builder.finish()))


class _ScriptBuilder:
    def __init__(
        self,
        *,
        lexicon: Lexicon | None,
        language: str,
        languages: Languages,
        read_references: bool,
        math: MathWords,
    ) -> None:
        self.lexicon = lexicon
        self.read_references = read_references
        self.language = language
        self.languages = languages
        self.math = math
        self.unit = languages.find(language)
        self.phrases = self.unit.phrases
        self.language_code = primary_language(language)
        self.tracks: list[Track] = []
        self._title = ""
        self._heard_title = ""
        """The track's title as spoken, which image captions are compared with."""
        self._kind: TrackKind = "opening"
        self._level = 0
        self._utterances: list[Utterance] = []
        self._pause = OPENING_PAUSE_MS
        self._doc_title = ""
        self.numbers: dict[int, int] = {}
        """Each section's number in ``Document.walk()`` order, by ``id()``."""
        self.ref = ""
        """The document part being read (``reader.script.refs``)."""

    # -- tracks -------------------------------------------------------------

    def _start(self, title: Reading, kind: TrackKind, level: int, pause_ms: int) -> None:
        self._close()
        self._title, self._heard_title = title.shown, title.spoken
        self._kind, self._level = kind, level
        self._pause = pause_ms

    def _close(self) -> None:
        if self._utterances:
            self.tracks.append(
                Track(
                    title=self._title,
                    kind=self._kind,
                    level=self._level,
                    utterances=tuple(self._utterances),
                )
            )
        self._utterances = []

    def finish(self) -> list[Track]:
        self._close()
        return self.tracks

    # -- utterances ---------------------------------------------------------

    def say(
        self,
        display: str,
        *,
        role: Role = "narrator",
        pause_ms: int = 0,
        end: str = "",
        words: str | None = None,
    ) -> None:
        """One sentence; the pending structural pause wins over ``pause_ms`` if longer.
        ``end`` is spoken, not shown: the full stop that makes a heading sound final;
        ``words``, when given, is what is spoken instead of ``display``."""
        text = self.spoken((words or display) + end)
        if not _SPEAKABLE.search(text):
            return
        pause = max(pause_ms, self._pause)
        self._pause = 0
        self._utterances.append(
            Utterance(text=text, display=display, role=role, pause_before_ms=pause, ref=self.ref)
        )

    def spoken(self, display: str) -> str:
        text = self.lexicon.apply(display) if self.lexicon else display
        return normalize_for_speech(text, language=self.language, languages=self.languages)

    def read(self, text: str) -> Reading:
        """``text`` with its formulas in words and in their linear form."""
        return read_text(text, self.math)

    def sentences(self, text: str) -> list[tuple[str, str]]:
        """``(spoken, shown)`` for each sentence of ``text``."""
        return self.read(text).sentences(self.unit.sentences)

    def say_text(self, text: str, *, role: Role = "narrator", pause_ms: int) -> None:
        for i, (spoken, shown) in enumerate(self.sentences(text)):
            pause = pause_ms if i == 0 else SENTENCE_PAUSE_MS
            self.say(shown, role=role, pause_ms=pause, words=spoken)

    def pause(self, pause_ms: int) -> None:
        self._pause = max(self._pause, pause_ms)

    # -- document -----------------------------------------------------------

    def opening(self, doc: Document) -> None:
        meta = doc.metadata
        title = self.read(meta.title)
        self._doc_title = title.spoken
        self._start(title, "opening", 0, OPENING_PAUSE_MS)
        self.ref = TITLE
        self.say(title.shown, role="heading", end=_full_stop(title.spoken), words=title.spoken)
        if meta.author:
            self.ref = BYLINE
            self.say(self.phrases.by.format(author=meta.author), pause_ms=ITEM_PAUSE_MS)
        if meta.date:
            self.ref = DATELINE
            self.say(
                self.phrases.published.format(date=self.date_text(meta.date)),
                words=self.phrases.published.format(date=self.date_words(meta.date)),
                pause_ms=ITEM_PAUSE_MS,
            )
        self.pause(BLOCK_PAUSE_MS)

    def date_text(self, date: dt.date) -> str:
        """The date as the transcript shows it: Babel's long date of the language."""
        # Imported here: babel.dates finds the system's time zone as it loads (~40 ms),
        # which an article without a date never needs.
        from babel.dates import format_date

        return str(format_date(date, "long", locale=self.unit.date_locale))

    def date_words(self, date: dt.date) -> str:
        """The date as it is spoken (numbers are then read by the normaliser)."""
        if self.unit.spoken_date is None:
            return self.date_text(date)
        ordinal = num2words(date.day, lang=self.language_code, to="ordinal")
        month = Locale.parse(self.unit.date_locale).months["format"]["wide"][date.month]
        return self.unit.spoken_date.format(ordinal=ordinal, month=month, year=date.year)

    def is_reference_list(self, section: Section) -> bool:
        """A section headed like a reference list, in any language reader speaks,
        that holds nothing but lists (a section of prose under "Notes" is read as usual)."""
        heading = heading_key(self.read(section.heading or "").spoken)
        blocks = [b for s in section.walk() for b in s.blocks]
        return (
            heading in self.languages.reference_headings
            and bool(blocks)
            and all(isinstance(b, ListBlock) for b in blocks)
        )

    def section(self, section: Section) -> None:
        heading = self.read(section.heading or "")
        number = self.numbers[id(section)]
        self._start(heading, "section", section.level, SECTION_PAUSE_MS)
        self.ref = heading_ref(number)
        end = _full_stop(heading.spoken)
        self.say(heading.shown, role="heading", end=end, words=heading.spoken)
        self.pause(AFTER_HEADING_PAUSE_MS)
        if not self.read_references and self.is_reference_list(section):
            count = sum(
                len(b.items) for s in section.walk() for b in s.blocks if isinstance(b, ListBlock)
            )
            one, many = self.phrases.entries
            self.ref = note_ref(number)
            self.say(one if count == 1 else many.format(n=count), pause_ms=BLOCK_PAUSE_MS)
            return
        self.blocks(section.blocks, number=number, faq_level=section.level + 1)
        for child in section.sections:
            self.section(child)

    def blocks(self, blocks: Sequence[Block], *, number: int, faq_level: int = 1) -> None:
        for index, block in enumerate(blocks):
            self.ref = block_ref(number, index)
            if isinstance(block, Faq):
                self.faq(block, level=faq_level)
            else:
                self.block(block)

    def faq(self, faq: Faq, *, level: int) -> None:
        self._start(self.read(faq.question), "faq", level, QUESTION_PAUSE_MS)
        block = self.ref
        self.ref = question_ref(block)
        self.say_text(faq.question, role="question", pause_ms=QUESTION_PAUSE_MS)
        self.pause(ANSWER_PAUSE_MS)
        for i, line in enumerate(faq.answer.splitlines()):
            self.ref = answer_ref(block, i)
            self.say_text(
                line, role="answer", pause_ms=ANSWER_PAUSE_MS if i == 0 else ITEM_PAUSE_MS
            )
        self.pause(BLOCK_PAUSE_MS)

    def block(self, block: Block) -> None:  # noqa: C901 - one case per block type
        if isinstance(block, Paragraph):
            self.say_text(block.text, pause_ms=BLOCK_PAUSE_MS)
        elif isinstance(block, ListBlock):
            self.list_block(block, pause_ms=BLOCK_PAUSE_MS)
        elif isinstance(block, Quote):
            self.quote(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Image):
            self.image(block)
        elif isinstance(block, Embed):
            what = embed_words(self.phrases, block)
            self.say(self.phrases.includes.format(what=what), pause_ms=BLOCK_PAUSE_MS)
        elif isinstance(block, Code):
            what = code_words(self.phrases, block)
            self.say(self.phrases.includes.format(what=what), pause_ms=BLOCK_PAUSE_MS)
        self.pause(BLOCK_PAUSE_MS)

    def list_block(self, block: ListBlock, *, pause_ms: int) -> None:
        parent = self.ref
        for index, item in enumerate(block.items):
            n = block.start + index
            self.ref = item_ref(parent, index)
            for i, (spoken, shown) in enumerate(self.sentences(item.text)):
                number = f"{n}. " if block.ordered and i == 0 else ""
                pause = pause_ms if i == 0 else SENTENCE_PAUSE_MS
                self.say(number + shown, pause_ms=pause, words=number + spoken)
                pause_ms = ITEM_PAUSE_MS
            for child in item.children:
                self.list_block(child, pause_ms=ITEM_PAUSE_MS)
            pause_ms = ITEM_PAUSE_MS
        self.ref = parent

    def quote(self, block: Quote) -> None:
        if block.attribution:
            who = self.read(block.attribution)
            shown = self.phrases.quote_from.format(who=who.shown)
            spoken = self.phrases.quote_from.format(who=who.spoken)
        else:
            shown = spoken = self.phrases.quote
        self.say(shown, pause_ms=BLOCK_PAUSE_MS, words=spoken)
        whole = self.ref
        for index, paragraph in enumerate(block.paragraphs):
            self.ref = paragraph_ref(whole, index)
            self.say_text(paragraph, pause_ms=ITEM_PAUSE_MS)
        self.ref = whole

    def table(self, block: Table) -> None:
        rows = len(block.rows)
        columns = max([len(block.header), *(len(r) for r in block.rows)])
        caption = self.read(block.caption or "")
        said = {
            form: self.phrases.table.format(
                caption=self.phrases.caption.format(caption=text) if text else "",
                rows=self.phrases.count(rows, self.phrases.rows),
                columns=self.phrases.count(columns, self.phrases.columns),
            )
            for form, text in (("spoken", caption.spoken), ("shown", caption.shown))
        }
        self.say(said["shown"], pause_ms=BLOCK_PAUSE_MS, words=said["spoken"])
        header = [self.read(head) for head in block.header]
        whole = self.ref
        for n, row in enumerate(block.rows[:MAX_TABLE_ROWS], start=1):
            self.ref = row_ref(whole, n - 1)
            pairs = zip((*header, *[Reading("", "")] * len(row)), map(self.read, row), strict=False)
            cells = [(h, c) for h, c in pairs if c.spoken]
            spoken = [self._cell(h.spoken, c.spoken, h.spoken != c.spoken) for h, c in cells]
            shown = [self._cell(h.shown, c.shown, h.spoken != c.spoken) for h, c in cells]
            self.say(
                f"{self.phrases.row.format(n=n)} {'; '.join(shown)}.",
                pause_ms=ITEM_PAUSE_MS,
                words=f"{self.phrases.row.format(n=n)} {'; '.join(spoken)}.",
            )
        self.ref = whole
        if rows > MAX_TABLE_ROWS:
            self.say(self.phrases.more_rows.format(n=rows - MAX_TABLE_ROWS), pause_ms=ITEM_PAUSE_MS)

    def _cell(self, head: str, cell: str, differ: bool) -> str:
        """A table cell under its column's heading, when it has one and they differ."""
        return self.phrases.cell.format(head=head, cell=cell) if head and differ else cell

    def image(self, block: Image) -> None:
        text = self.read(block.caption or block.alt)
        heard = text.spoken
        if not heard or same_words(heard, self._doc_title) or same_words(heard, self._heard_title):
            return
        spoken = self.phrases.image.format(text=heard)
        shown = self.phrases.image.format(text=text.shown)
        self.say(shown, pause_ms=BLOCK_PAUSE_MS, end=_full_stop(spoken), words=spoken)


def _full_stop(text: str) -> str:
    return "" if text.rstrip()[-1:] in tuple(".!?…:;") else "."
