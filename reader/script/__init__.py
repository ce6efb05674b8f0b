"""What is spoken: a ``Document`` to a ``Script`` of tracks and utterances (pure)."""

from reader.script.build import build_script
from reader.script.lexicon import Lexicon, merge, parse_pls, parse_toml_lexicon, read_lexicon
from reader.script.model import Role, Script, Track, TrackKind, Utterance
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
