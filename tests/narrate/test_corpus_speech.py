"""The default engine speaks every sentence of every corpus article, as narrated."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.parse import decode_article, parse_article
from reader.script import build_script
from reader.speech import load_voice_profile, open_speaker

pytestmark = pytest.mark.e2e

DATA = Path(__file__).resolve().parents[1] / "data" / "parse"
ARTICLES = sorted(p for p in DATA.iterdir() if p.suffix in (".md", ".html"))


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.name)
def test_every_utterance_of_the_article_comes_out_as_sound(article: Path) -> None:
    doc = parse_article(
        decode_article(article.read_bytes(), source=article.name), source=article.name
    )
    language = doc.metadata.language or "en"
    script = build_script(doc, language=language)
    requests = [(u.text, u.role) for u in script.utterances()]
    assert requests
    profile = load_voice_profile("default")
    with open_speaker(profile, language=language, timeout_s=30) as speaker:
        # synthesize_many checks every clip for sound and raises for a silent one.
        clips = list(speaker.synthesize_many(requests))
    assert len(clips) == len(requests)
    for (text, _), clip in zip(requests, clips, strict=True):
        words = len(text.split())
        # Trimmed speech lasts at least ~60 ms a word; a cut-off clip is far shorter.
        assert len(clip.pcm) // 2 >= 22050 * 0.06 * words, text
