"""What is spoken: a ``Document`` to a ``Script`` of tracks and utterances (pure).

The data types load eagerly; the builder, lexicons and normaliser load on
first use, so speech worker processes (which only need ``Role``) start fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from reader.script.model import Role, Script, Track, TrackKind, Utterance

if TYPE_CHECKING:
    from reader.script.build import build_script
    from reader.script.lexicon import Lexicon, merge, parse_pls, parse_toml_lexicon, read_lexicon
    from reader.script.normalize import normalize_for_speech
    from reader.script.sentences import split_sentences

__all__ = [
    "Lexicon",
    "Role",
    "Script",
    "Track",
    "TrackKind",
    "Utterance",
    "build_script",
    "merge",
    "normalize_for_speech",
    "parse_pls",
    "parse_toml_lexicon",
    "read_lexicon",
    "split_sentences",
]

_LAZY = {
    "build_script": "reader.script.build",
    "Lexicon": "reader.script.lexicon",
    "merge": "reader.script.lexicon",
    "parse_pls": "reader.script.lexicon",
    "parse_toml_lexicon": "reader.script.lexicon",
    "read_lexicon": "reader.script.lexicon",
    "normalize_for_speech": "reader.script.normalize",
    "split_sentences": "reader.script.sentences",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'reader.script' has no attribute {name!r}")
