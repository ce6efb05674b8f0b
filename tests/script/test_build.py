"""What the listener hears: tracks, roles, pauses and announcements."""

from __future__ import annotations

import re

import pytest
from support.seed import SECTIONS, SEED, TITLE

from reader.parse import parse_article
from reader.script import Lexicon, Script, build_script
from reader.script.build import (
    ANSWER_PAUSE_MS,
    BLOCK_PAUSE_MS,
    ITEM_PAUSE_MS,
    QUESTION_PAUSE_MS,
    SECTION_PAUSE_MS,
    SENTENCE_PAUSE_MS,
)


def seed_script(**kwargs: object) -> Script:
    doc = parse_article(SEED.read_text(encoding="utf-8"), source=SEED.name)
    return build_script(doc, **kwargs)  # type: ignore[arg-type]


def script_of(text: str, **kwargs: object) -> Script:
    return build_script(parse_article(text, source="post.md"), **kwargs)  # type: ignore[arg-type]


def spoken(script: Script) -> list[str]:
    return [u.text for u in script.utterances()]


def test_pauses_rank_structure() -> None:
    assert SENTENCE_PAUSE_MS < ITEM_PAUSE_MS < BLOCK_PAUSE_MS < QUESTION_PAUSE_MS
    assert QUESTION_PAUSE_MS < SECTION_PAUSE_MS and ANSWER_PAUSE_MS < QUESTION_PAUSE_MS


def test_seed_tracks_opening_sections_then_one_per_question() -> None:
    script = seed_script()
    kinds = [(t.kind, t.title) for t in script.tracks]
    assert kinds[0] == ("opening", TITLE)
    assert [t for k, t in kinds if k == "section"] == SECTIONS
    faqs = [t for t in script.tracks if t.kind == "faq"]
    assert len(faqs) == 13 and faqs[0].title == "What causes inner thigh cramps?"
    for track in faqs:
        roles = [u.role for u in track.utterances]
        assert roles[0] == "question" and "answer" in roles
        assert track.utterances[0].pause_before_ms == QUESTION_PAUSE_MS
    assert script.tracks[-1].utterances[-1].text == (
        "This article includes a video from YouTube on the web page."
    )


def test_seed_opening_says_title_author_and_date_in_words() -> None:
    opening = seed_script().tracks[0].utterances
    assert [u.display for u in opening[:3]] == [
        "What Causes Inner Thigh Cramps?",
        "By Osgood.",
        "Published December 29, 2022.",
    ]
    assert opening[2].text == "Published December twenty-ninth, twenty twenty-two."
    assert opening[3].display.startswith("Inner thigh cramps can be incredibly painful")
    # The lead image's alt text only repeats the title: not read.
    assert not any("Image" in u.display for u in opening)


def test_every_track_starts_with_a_pause_and_sections_with_their_heading() -> None:
    for track in seed_script().tracks[1:]:
        first = track.utterances[0]
        assert first.pause_before_ms >= QUESTION_PAUSE_MS
        if track.kind == "section":
            assert (first.role, first.display) == ("heading", track.title)


def test_sentences_paragraphs_and_list_items_get_their_pauses() -> None:
    script = script_of("## A\n\nOne. Two.\n\nThree.\n\n- x\n- y\n")
    pauses = [(u.display, u.pause_before_ms) for u in script.tracks[1].utterances]
    assert pauses == [
        ("A", SECTION_PAUSE_MS),
        ("One.", BLOCK_PAUSE_MS),
        ("Two.", SENTENCE_PAUSE_MS),
        ("Three.", BLOCK_PAUSE_MS),
        ("x", BLOCK_PAUSE_MS),
        ("y", ITEM_PAUSE_MS),
    ]


def test_blocks_that_cannot_be_read_are_announced() -> None:
    text = """# T

1. First step
2. Second step

> Less is more.
>
> — Mies

| Fruit | Price |
|---|---|
| Apple | $2 |

![A chart of sales](c.png)

```python
a = 1
b = 2
```

<audio src="a.mp3" title="Interview"></audio>
"""
    assert spoken(script_of(text))[1:] == [
        "one. First step",
        "two. Second step",
        "A quote from Mies:",
        "Less is more.",
        "A table, with one row and two columns.",
        "Row one: Fruit: Apple; Price: two dollars.",
        "Image: A chart of sales.",
        "This article includes a code example in Python, two lines long, on the web page.",
        "This article includes an audio clip, titled “Interview”, on the web page.",
    ]


def test_lexicon_applies_to_speech_not_to_the_transcript() -> None:
    lexicon = Lexicon(entries=(("osgood", "Oz good"),))
    opening = seed_script(lexicon=lexicon).tracks[0].utterances
    assert (opening[1].display, opening[1].text) == ("By Osgood.", "By Oz good.")


def test_no_digits_or_urls_reach_the_engine() -> None:
    text = "# T\n\nOn 2022-12-29 we ran 10-15 km at 4:05 p.m.; see https://example.org/x.\n"
    for utterance in script_of(text).utterances():
        assert not re.search(r"\d|https?:|/", utterance.text), utterance.text


def test_german_article_gets_german_phrases() -> None:
    text = "---\ntitle: Krämpfe\nauthor: Eva\ndate: 2023-05-04\nlanguage: de\n---\n\n"
    text += "Es gibt 3 Gründe.\n"
    doc = parse_article(text, source="de.md")
    script = build_script(doc, language="de")
    assert spoken(script)[:4] == [
        "Krämpfe.",
        "Von Eva.",
        "Veröffentlicht am vierten Mai zweitausenddreiundzwanzig.",
        "Es gibt drei Gründe.",
    ]


def test_a_list_of_references_is_announced_by_its_length_not_read() -> None:
    text = "# Post\n\nBody text.\n\n## References\n\n1. Doe, J. (2001). A paper. doi:10.1/2.\n"
    text += "2. Roe, R. (2002). Another. ISBN 978-1-5090-2455-1.\n\n## Next\n\nMore text.\n"
    script = script_of(text)
    references = next(t for t in script.tracks if t.title == "References")
    assert [u.text for u in references.utterances] == [
        "References.",
        "two entries, listed on the web page.",
    ]
    assert "More text." in spoken(script)
    assert not any("Doe" in u for u in spoken(script))

    read_out = spoken(script_of(text, read_references=True))
    assert any("Doe" in u for u in read_out) and any("Roe" in u for u in read_out)


def test_prose_under_a_notes_heading_is_read() -> None:
    script = script_of("# Post\n\nBody.\n\n## Notes\n\nThe trail was closed in May.\n")
    assert "The trail was closed in May." in spoken(script)


@pytest.mark.parametrize("heading", ["Einzelnachweise", "Fußnoten", "FUSSNOTEN", "Fussnoten:"])
def test_german_reference_list_gets_a_german_notice(heading: str) -> None:
    text = f"---\ntitle: Beitrag\nlanguage: de\n---\n\nText.\n\n## {heading}\n\n- Eine Quelle.\n"
    script = build_script(parse_article(text, source="de.md"), language="de")
    assert spoken(script)[-1] == "Ein Eintrag, auf der Webseite aufgeführt."


def test_announcements_are_made_in_the_articles_language() -> None:
    text = "---\ntitle: Cuisine\nauthor: Léa\ndate: 2023-05-04\nlanguage: fr\n---\n\n"
    text += "Une phrase.\n\n| plat | prix |\n|---|---|\n| soupe | 5 |\n\n"
    text += '<iframe src="https://www.youtube.com/embed/x" title="Recette"></iframe>\n\n'
    text += "```python\nprint(1)\nprint(2)\n```\n"
    script = build_script(parse_article(text, source="fr.md"), language="fr")
    assert spoken(script) == [
        "Cuisine.",
        "Par Léa.",
        "Publié le quatre mai deux mille vingt-trois.",
        "Une phrase.",
        "Un tableau, avec une ligne et deux colonnes.",
        "Ligne un : plat : soupe; prix : cinq.",
        "Cet article contient une vidéo de YouTube, « Recette », sur la page web.",
        "Cet article contient un exemple de code en Python, de deux lignes, sur la page web.",
    ]


def test_german_embeds_and_single_rows_are_german() -> None:
    text = "---\ntitle: Küche\nlanguage: de\n---\n\nEin Satz.\n\n| Gericht |\n|---|\n| Suppe |\n\n"
    text += '<iframe src="https://www.youtube.com/embed/x" title="Rezept"></iframe>\n'
    script = build_script(parse_article(text, source="de.md"), language="de")
    assert spoken(script)[2:] == [
        "Eine Tabelle, mit einer Zeile und einer Spalte.",
        "Zeile eins: Gericht: Suppe.",
        "Dieser Artikel enthält ein Video von YouTube mit dem Titel „Rezept“, auf der Webseite.",
    ]
