"""Names for the parts of a document that utterances read (pure).

The script stamps each utterance with the part it reads, and the talking
books (``reader.books``) give the same names to the elements that show it,
so a book's text and its audio point at each other. Sections are numbered
in ``Document.walk()`` order, blocks in their section, from 0::

    title byline dateline       the opening
    s3-h  s3-n                  section 3's heading, what reader says instead of reading it
    s3-b1                       its block 1 (a table, image, embed or code: the whole block)
    s3-b1-i0-i2                 list item 2 inside item 0 of a list
    s3-b1-p0                    paragraph 0 of a quote
    s3-b1-r4                    row 4 of a table
    s3-b1-q  s3-b1-a0           an FAQ's question, its answer's line 0
"""

from __future__ import annotations

__all__ = [
    "BYLINE",
    "DATELINE",
    "TITLE",
    "answer_ref",
    "block_ref",
    "heading_ref",
    "item_ref",
    "note_ref",
    "paragraph_ref",
    "question_ref",
    "row_ref",
]

TITLE = "title"
BYLINE = "byline"
DATELINE = "dateline"


def note_ref(number: int) -> str:
    """What reader says of section ``number`` instead of reading it (a reference list)."""
    return f"s{number}-n"


def heading_ref(number: int) -> str:
    return f"s{number}-h"


def block_ref(section: int, block: int) -> str:
    return f"s{section}-b{block}"


def item_ref(parent: str, index: int) -> str:
    """A list item of the list ``parent`` (a block, or the item a nested list is in)."""
    return f"{parent}-i{index}"


def paragraph_ref(block: str, index: int) -> str:
    return f"{block}-p{index}"


def row_ref(block: str, index: int) -> str:
    return f"{block}-r{index}"


def question_ref(block: str) -> str:
    return f"{block}-q"


def answer_ref(block: str, index: int) -> str:
    return f"{block}-a{index}"
