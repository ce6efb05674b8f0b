"""How reader names what it cannot read aloud, in the article's language (pure).

The words are the language unit's ``[phrases]`` (``reader.languages``); this
module puts them together for an embed ("a video from YouTube, titled ...")
or a code example ("a code example in Python, 3 lines long").
"""

from __future__ import annotations

from reader.languages import Phrases
from reader.model import Code, Embed

__all__ = ["code_words", "embed_words"]


def embed_words(phrases: Phrases, block: Embed) -> str:
    """How an embed is named: "a video from YouTube, titled ..."."""
    what = {"video": phrases.video, "audio": phrases.audio}.get(block.kind, phrases.embedded)
    if block.kind == "iframe" and block.provider:
        what = phrases.post_from.format(provider=block.provider)
    elif block.provider:
        what = phrases.thing_from.format(what=what, provider=block.provider)
    if block.title and block.title.lower() not in (
        f"{block.provider or ''} video".strip().lower(),
        f"{block.provider or ''} post".strip().lower(),
        "post on x",
        "instagram post",
    ):
        what = phrases.titled.format(what=what, title=block.title)
    return what


def code_words(phrases: Phrases, block: Code) -> str:
    """How a code example is named: "a code example in Python, 3 lines long"."""
    language = _LANGUAGES.get((block.language or "").lower(), block.language or "")
    what = phrases.code_in.format(language=language) if language else phrases.code_example
    if block.line_count:
        what = phrases.long.format(what=what, lines=phrases.count(block.line_count, phrases.lines))
    return what


_LANGUAGES = {
    "js": "JavaScript",
    "javascript": "JavaScript",
    "ts": "TypeScript",
    "typescript": "TypeScript",
    "py": "Python",
    "python": "Python",
    "sh": "shell",
    "shell": "shell",
    "bash": "shell",
    "console": "shell",
    "yml": "YAML",
    "yaml": "YAML",
    "toml": "TOML",
    "json": "JSON",
    "html": "HTML",
    "css": "CSS",
    "md": "Markdown",
    "markdown": "Markdown",
    "go": "Go",
    "rust": "Rust",
    "c": "C",
    "cpp": "C plus plus",
    "c++": "C plus plus",
    "java": "Java",
    "sql": "SQL",
}
"""Programming languages by the names code blocks give them, as they are said."""
