"""Small editions for tests, written by the real pipeline with the fake engine.

``make_edition`` narrates a short Markdown article with ``reader.narrate`` and
the fake engine (tones, about 60 ms a character), so an edition on disk is
shaped exactly as ``reader narrate`` writes it, because ``reader narrate``
wrote it. Each distinct article is narrated once per process and then copied.
"""

from __future__ import annotations

import atexit
import datetime as dt
import shutil
import tempfile
from pathlib import Path

from reader.edition.manifest import MANIFEST_NAME, Manifest, manifest_from_json
from reader.narrate import NarrateSettings, narrate_text
from reader.speech import register_engine
from support.fake_engine import FAKE_ENGINE

__all__ = ["FAKE_VOICE", "SECTION_TITLES", "article_text", "make_edition"]

SECTION_TITLES = ("Dehydration", "Overuse")
"""The article's sections; its chapters are the title, these, then its FAQ."""
FAQ_QUESTION = "What causes cramps?"
FAKE_VOICE = Path(__file__).with_name("voices") / "fake.toml"
"""The voice profile that speaks with the fake engine."""
_SENTENCE = "Cramps hurt and they come at night."
_MS_PER_CHAR = 60

_made: dict[tuple[object, ...], Path] = {}
_root: Path | None = None


def article_text(
    slug: str,
    *,
    title: str,
    author: str | None,
    date: dt.date | None,
    chapter_seconds: float,
) -> str:
    """Markdown with front matter whose sections each last about ``chapter_seconds``."""
    repeats = max(1, round(chapter_seconds * 1000 / _MS_PER_CHAR / (len(_SENTENCE) + 1)))
    body = " ".join([_SENTENCE] * repeats)
    front = [f"title: {title!r}", f"slug: {slug}", "language: en"]
    if author is not None:
        front.append(f"author: {author}")
    if date is not None:
        front.append(f"date: {date.isoformat()}")
    sections = "".join(f"## {name}\n\n{body}\n\n" for name in SECTION_TITLES)
    return (
        "---\n" + "\n".join(front) + "\n---\n\n"
        f"{body}\n\n{sections}## FAQ\n\n### {FAQ_QUESTION}\n\n{body}\n"
    )


def make_edition(
    out_dir: Path,
    slug: str = "inner-thigh-cramps",
    *,
    title: str = "What Causes Inner Thigh Cramps?",
    author: str | None = "Osgood",
    date: dt.date | None = dt.date(2022, 12, 29),
    chapter_seconds: float = 2.0,
) -> Manifest:
    """Narrate the article into ``out_dir/slug/`` with the fake engine; return its manifest."""
    global _root
    key = (slug, title, author, date, chapter_seconds)
    made = _made.get(key)
    if made is None:
        if _root is None:
            _root = Path(tempfile.mkdtemp(prefix="reader-test-editions-"))
            atexit.register(shutil.rmtree, _root, ignore_errors=True)
        register_engine("fake", FAKE_ENGINE)
        made = _root / str(len(_made))
        settings = NarrateSettings(
            out_dir=made, voice=str(FAKE_VOICE), cache_dir=_root / "speech", speech_workers=1
        )
        text = article_text(
            slug, title=title, author=author, date=date, chapter_seconds=chapter_seconds
        )
        narrate_text(text, settings=settings, format="markdown", source=f"{slug}.md")
        _made[key] = made
    shutil.copytree(made / slug, out_dir / slug, dirs_exist_ok=True)
    path = out_dir / slug / MANIFEST_NAME
    return manifest_from_json(path.read_text(encoding="utf-8"), source=str(path))
