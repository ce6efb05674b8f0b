"""The engines speak every sentence of the corpus articles, as narrated.

espeak-ng (the ``espeak`` profile, and the default's fallback) speaks every
sentence of every corpus article. Piper (the ``default`` profile) speaks the
articles full of what trips engines up (emoji, symbols, formulas, code, tables);
the seed article it speaks in the end-to-end tests. Piper speaks 12 to 30 times
real time on two cores, so the whole corpus (hours of speech) would cost minutes."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.parse import decode_article, parse_article
from reader.script import build_script
from reader.speech import load_voice_profile, open_speaker
from reader.speech.engine import profile_for_language

pytestmark = pytest.mark.e2e

DATA = Path(__file__).resolve().parents[1] / "data" / "parse"
ARTICLES = sorted(p for p in DATA.iterdir() if p.suffix in (".md", ".html"))
PIPER_ARTICLES = ("emoji-support.md", "rich-content.md")
CASES = [("espeak", p) for p in ARTICLES] + [("default", DATA / n) for n in PIPER_ARTICLES]


@pytest.mark.parametrize(("voice", "article"), CASES, ids=lambda v: getattr(v, "name", v))
def test_every_utterance_of_the_article_comes_out_as_sound(voice: str, article: Path) -> None:
    doc = parse_article(
        decode_article(article.read_bytes(), source=article.name), source=article.name
    )
    language = doc.metadata.language or "en"
    script = build_script(doc, language=language)
    requests = [(u.text, u.role) for u in script.utterances()]
    assert requests
    profile = profile_for_language(load_voice_profile(voice), language)
    assert profile.engine == ("piper" if voice == "default" else "espeak")
    with open_speaker(profile, language=language, timeout_s=30) as speaker:
        # synthesize_many checks every clip for sound and raises for a silent one.
        clips = list(speaker.synthesize_many(requests))
    assert len(clips) == len(requests)
    for (text, _), clip in zip(requests, clips, strict=True):
        words = len(text.split())
        # Trimmed speech lasts at least ~60 ms a word; a cut-off clip is far shorter.
        assert len(clip.pcm) // 2 >= 22050 * 0.06 * words, text
