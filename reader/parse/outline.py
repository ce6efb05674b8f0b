"""The reading-order stream nested into sections, with FAQ pairs recognised.

Headings nest by level; a skipped level nests under the nearest shallower
heading; text before the first heading is the untitled lead section; a heading
with no text starts nothing, so the text under it stays where it is.

FAQ pairs come from four visible forms, recognised here after nesting:

- a section headed "Frequently Asked Questions", "FAQ", "Q&A", ... whose
  subsections are the questions;
- a section whose subsections (two or more) are all questions ("...?");
- "Q:" / "A:" paragraph pairs, or both in one paragraph;
- ``<details><summary>`` and schema.org microdata, already ``Faq`` blocks
  when they reach here (see ``reader.parse.blocks``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reader.model import Block, Faq, Paragraph, Section
from reader.parse.slug import slugify
from reader.parse.stream import Heading, Item

__all__ = ["build_sections", "is_faq_heading", "is_question"]

_FAQ_HEADING = re.compile(
    r"^\s*(?:(?:frequently\s+asked\s+questions?)|faqs?|q\s*(?:&|and|&amp;)\s*a|"
    r"questions?\s+(?:and|&)\s+answers?|common\s+questions)\b",
    re.IGNORECASE,
)
_QUESTION_PREFIX = re.compile(r"^\s*(?:Q|Question)\s*[:.)]\s*", re.IGNORECASE)
_ANSWER_PREFIX = re.compile(r"^\s*(?:A|Answer)\s*[:.)]\s*", re.IGNORECASE)
_INLINE_PAIR = re.compile(
    r"^\s*(?:Q|Question)\s*:\s*(?P<q>.+?)\s+(?:A|Answer)\s*:\s*(?P<a>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_TEXT_BLOCKS = ("paragraph", "list", "quote")


def is_faq_heading(text: str) -> bool:
    return bool(_FAQ_HEADING.match(text))


def is_question(text: str) -> bool:
    return text.rstrip().endswith(("?", "？", "؟"))


@dataclass
class _Node:
    heading: str | None
    level: int
    anchor: str | None
    blocks: list[Block] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    def freeze(self) -> Section:
        return Section(
            heading=self.heading,
            level=self.level,
            anchor=self.anchor,
            blocks=tuple(self.blocks),
            sections=tuple(c.freeze() for c in self.children),
        )


def build_sections(items: Iterable[Item]) -> tuple[Section, ...]:
    """Nest ``items`` into sections and recognise the FAQ pairs among them."""
    root = _Node(heading=None, level=0, anchor=None)
    lead = _Node(heading=None, level=0, anchor=None)
    root.children.append(lead)
    stack: list[_Node] = [root]
    used: set[str] = set()
    for item in items:
        if isinstance(item, Heading):
            if not item.text:
                continue
            while len(stack) > 1 and stack[-1].level >= item.level:
                stack.pop()
            node = _Node(
                heading=item.text,
                level=item.level,
                anchor=_unique_anchor(item.anchor or slugify(item.text) or "section", used),
            )
            stack[-1].children.append(node)
            stack.append(node)
        else:
            (lead if stack[-1] is root else stack[-1]).blocks.append(item)
    for node in _walk(root):
        node.blocks = _pair_paragraphs(node.blocks)
    for node in list(_walk(root)):
        if (
            node.heading
            and node.children
            and (
                is_faq_heading(node.heading)
                or (
                    len(node.children) >= 2
                    and all(is_question(c.heading or "") for c in node.children)
                )
            )
        ):
            _fold_questions(node, node.children)
            node.children = []
    if not lead.blocks and not lead.children:
        root.children.remove(lead)
    return tuple(c.freeze() for c in root.children)


def _walk(node: _Node) -> Iterable[_Node]:
    yield node
    for child in node.children:
        yield from _walk(child)


def _unique_anchor(anchor: str, used: set[str]) -> str:
    candidate, n = anchor, 1
    while candidate in used:
        n += 1
        candidate = f"{anchor}-{n}"
    used.add(candidate)
    return candidate


def _fold_questions(parent: _Node, questions: Sequence[_Node]) -> None:
    """Each question subsection becomes a ``Faq`` block of ``parent``; what
    cannot be read as answer text (images, embeds, tables, code) follows it."""
    for question in questions:
        answer: list[str] = []
        extras: list[Block] = []
        for node in _walk(question):
            if node is not question and node.heading:
                answer.append(node.heading)
            for block in node.blocks:
                if block.type in _TEXT_BLOCKS:
                    answer.append(block.text)  # type: ignore[union-attr]
                else:
                    extras.append(block)
        parent.blocks.append(Faq(question=question.heading or "", answer="\n".join(answer)))
        parent.blocks.extend(extras)


def _pair_paragraphs(blocks: list[Block]) -> list[Block]:
    """Turn "Q: ..." then "A: ..." paragraphs (or both in one) into ``Faq`` blocks."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, Paragraph) and _QUESTION_PREFIX.match(block.text):
            inline = _INLINE_PAIR.match(block.text)
            if inline:
                out.append(Faq(question=inline["q"].strip(), answer=inline["a"].strip()))
                i += 1
                continue
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            if isinstance(following, Paragraph) and _ANSWER_PREFIX.match(following.text):
                answer = _ANSWER_PREFIX.sub("", following.text, count=1)
                question = _QUESTION_PREFIX.sub("", block.text, count=1)
                out.append(Faq(question=question, answer=answer))
                i += 2
                continue
        out.append(block)
        i += 1
    return out
