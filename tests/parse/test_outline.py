"""Sections nest by heading level; blocks keep their kind and readable text."""

from __future__ import annotations

import pytest

from reader.model import Code, Embed, Image, ListBlock, Quote, Table
from reader.parse import detect_format, parse_article
from reader.parse.slug import slugify


def outline(text: str, source: str = "a.md") -> list[tuple[int, str | None]]:
    return [(s.level, s.heading) for s in parse_article(text, source=source).walk()]


def test_headings_nest_and_skipped_levels_go_under_the_nearest_shallower() -> None:
    text = "Lead.\n\n## A\n\na\n\n#### A1\n\nx\n\n### A2\n\ny\n\n## B\n\nb\n"
    doc = parse_article(text, source="a.md")
    assert [(s.level, s.heading) for s in doc.sections] == [(0, None), (2, "A"), (2, "B")]
    assert [s.heading for s in doc.sections[1].sections] == ["A1", "A2"]


def test_empty_heading_keeps_the_text_under_it() -> None:
    doc = parse_article("## A\n\none\n\n## \n\ntwo\n", source="a.md")
    assert [s.heading for s in doc.walk()] == ["A"]
    assert [b.to_dict()["text"] for b in doc.sections[0].blocks] == ["one", "two"]


def test_title_falls_back_to_first_h1_then_the_file_name() -> None:
    doc = parse_article("# My Post\n\nText.\n\n## Part\n\nMore.\n", source="x.md")
    assert doc.title == "My Post"
    assert [s.heading for s in doc.walk()] == [None, "Part"]
    assert parse_article("Just text.\n", source="dir/my-first_post.md").title == "My first post"


def test_slug_is_safe() -> None:
    doc = parse_article("---\ntitle: '../../etc/passwd'\n---\nText.\n", source="a.md")
    assert doc.slug == "etc-passwd"
    assert parse_article("---\ntitle: 日本語\n---\nText.\n", source="b.md").slug == "b"
    assert slugify("Crème Brûlée: A/B ..") == "creme-brulee-a-b"
    assert "." not in slugify("v1.2.3") and "/" not in slugify("a/b")


def test_anchors_are_unique_and_from_ids() -> None:
    html = '<h2 id="intro">Intro</h2><p>a</p><h2>Same</h2><p>b</p><h2>Same</h2><p>c</p>'
    doc = parse_article(html, source="a.html")
    assert [s.anchor for s in doc.walk()] == ["intro", "same", "same-2"]


BLOCKS = """# T

Lead with [a link](https://example.org) and **bold** text.

1. one
2. two
   - nested

> Quoted words.
>
> — Someone

| Name | Age |
|------|-----|
| Bob  | 27  |

![A red bicycle](bike.jpg)

```python
print("hi")
print("there")
```

<figure><img src="x.png" alt="Chart"><figcaption>Sales by year</figcaption></figure>

<table><caption>Prices</caption><tr><th>Item</th><th>Cost</th></tr><tr><td>Tea</td><td>£2</td></tr></table>

<video src="clip.mp4" title="Demo clip"></video>
<iframe src="https://player.vimeo.com/video/1" title="Talk"></iframe>
"""


def test_every_block_kind() -> None:
    doc = parse_article(BLOCKS, source="blocks.md")
    blocks = list(doc.blocks())
    assert blocks[0].to_dict()["text"] == "Lead with a link and bold text."
    listed = blocks[1]
    assert isinstance(listed, ListBlock) and listed.ordered
    assert listed.items[1].children[0].items[0].text == "nested"
    quote = blocks[2]
    assert isinstance(quote, Quote)
    assert quote.paragraphs == ("Quoted words.",) and quote.attribution == "Someone"
    table = blocks[3]
    assert isinstance(table, Table) and table.header == ("Name", "Age")
    assert table.rows == (("Bob", "27"),)
    image = blocks[4]
    assert isinstance(image, Image) and image.alt == "A red bicycle"
    code = blocks[5]
    assert isinstance(code, Code) and (code.language, code.line_count) == ("python", 2)
    figure = blocks[6]
    assert isinstance(figure, Image) and figure.caption == "Sales by year"
    captioned = blocks[7]
    assert isinstance(captioned, Table) and captioned.caption == "Prices"
    assert captioned.rows == (("Tea", "£2"),)
    video, vimeo = blocks[8], blocks[9]
    assert isinstance(video, Embed) and (video.kind, video.title) == ("video", "Demo clip")
    assert isinstance(vimeo, Embed) and (vimeo.kind, vimeo.provider) == ("video", "Vimeo")


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        ("# Hi", "a.md", "markdown"),
        ("<p>Hi</p>", "a.md", "markdown"),
        ("# Hi", "a.html", "html"),
        ("<!DOCTYPE html><html></html>", "-", "html"),
        ("<div><p>Hi</p></div>", "<stdin>", "html"),
        ("---\ntitle: x\n---\n<p>Hi</p>", "<stdin>", "markdown"),
        ("Plain words.", "https://example.org/post", "markdown"),
    ],
)
def test_format_detection(text: str, source: str, expected: str) -> None:
    assert detect_format(text, source=source) == expected


def test_toml_front_matter() -> None:
    text = '+++\ntitle = "Hallo"\nlanguage = "de_AT"\nauthors = ["A", "B", "C"]\n+++\n\nText.\n'
    meta = parse_article(text, source="t.md").metadata
    assert (meta.title, meta.language, meta.author) == ("Hallo", "de-AT", "A, B and C")


def test_html_head_metadata() -> None:
    html = """<!doctype html><html lang="de"><head><title>Seite | Blog</title>
<meta property="og:title" content="Der Titel"><meta name="author" content="Eva Muster">
<meta property="article:published_time" content="2023-05-04T10:00:00+02:00">
<meta name="description" content="Kurz."><link rel="canonical" href="https://blog.example/der-titel">
</head><body><article><h1>Der Titel</h1>
<p>Ein langer Absatz mit genug Text, damit die Extraktion ihn als Hauptinhalt erkennt und behält.
Noch ein Satz mit weiteren Wörtern, der den Absatz lang genug macht für die Erkennung.</p>
</article></body></html>"""
    meta = parse_article(html, source="page.html").metadata
    assert (meta.title, meta.author, str(meta.date)) == ("Der Titel", "Eva Muster", "2023-05-04")
    assert (meta.language, meta.description) == ("de", "Kurz.")
    assert meta.canonical_url == "https://blog.example/der-titel"


@pytest.mark.parametrize(
    "markup",
    [
        "<blockquote><p>Words.</p><footer>— Ada Lovelace</footer></blockquote>",
        "<blockquote><p>Words.</p><cite>-- Ada Lovelace</cite></blockquote>",
        "<blockquote><p>Words.</p><p>― Ada Lovelace</p></blockquote>",
        "<figure><blockquote><p>Words.</p></blockquote><figcaption>–Ada Lovelace</figcaption>"
        "</figure>",
    ],
)
def test_an_attribution_is_the_name_without_its_dash(markup: str) -> None:
    doc = parse_article(f"<h1>Q</h1>{markup}", source="quote.html")
    quote = next(b for b in doc.blocks() if isinstance(b, Quote))
    assert (quote.paragraphs, quote.attribution) == (("Words.",), "Ada Lovelace")
