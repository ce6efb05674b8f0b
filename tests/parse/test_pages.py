"""Whole web pages: the article's text and headings, nothing of the page around it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from reader.model import Document, Embed, Faq, Table
from reader.parse import decode_article, parse_article

DATA = Path(__file__).parents[1] / "data" / "parse"


def parsed(name: str) -> Document:
    path = DATA / name
    return parse_article(decode_article(path.read_bytes(), source=name), source=name)


def all_text(doc: Document) -> str:
    parts = [s.heading or "" for s in doc.walk()]
    for block in doc.blocks():
        parts.append(f"{block.question}\n{block.answer}" if isinstance(block, Faq) else "")
        parts.append(str(block.to_dict()))
    return "\n".join(parts)


# Text of navigation, footers, sidebars, scripts and comment threads on each page.
NOT_ARTICLE = {
    "blog.python.org.html": ["Blog Archive", "Related Links", "Subscribe", "Python-Dev Blogs"],
    "en.wikipedia.org.tsne.html": [
        "Navigation menu",
        "Personal tools",
        "[edit]",
        "Contents",
        "Machine-learning venues",  # the series box beside the lead
        "^ a b",  # the marks leading from a reference back to its citations
    ],
    "lemire.me.json.html": ["thoughts on", "Leave a Reply", "Recent Comments", "Post navigation"],
    "theguardian.com.academics.html": ["Most popular", "Third of Cambridge University staff"],
}
# Headings of the article body, as the page shows them (without "[edit]").
BODY_HEADINGS = {
    "blog.python.org.html": [],
    "en.wikipedia.org.tsne.html": ["Details", "Software", "References", "External links"],
    "lemire.me.json.html": [],
    "theguardian.com.academics.html": [],
}
TITLES = {
    "blog.python.org.html": "Python 3.6.0 is now available!",
    "en.wikipedia.org.tsne.html": "T-distributed stochastic neighbor embedding",
    "lemire.me.json.html": "JSON parsing: simdjson vs. JSON for Modern C++",
    "theguardian.com.academics.html": (
        "Thousands of UK academics 'treated as second-class citizens'"
    ),
}


@pytest.mark.parametrize("name", sorted(NOT_ARTICLE))
def test_page_keeps_article_and_drops_the_rest(name: str) -> None:
    doc = parsed(name)
    text = all_text(doc)
    assert doc.title == TITLES[name]
    for unwanted in NOT_ARTICLE[name]:
        assert unwanted not in text
    assert [s.heading for s in doc.walk() if s.heading] == BODY_HEADINGS[name]
    page = BeautifulSoup((DATA / name).read_bytes(), "lxml")
    for script in page.find_all(["script", "style"]):
        code = " ".join(script.get_text().split())[:60]
        if len(code) > 20:
            assert code not in text


def test_page_metadata_comes_from_its_head() -> None:
    doc = parsed("theguardian.com.academics.html")
    assert doc.metadata.author == "Richard Adams"
    assert doc.metadata.language == "en"
    assert str(doc.metadata.date) == "2020-01-20"
    assert doc.metadata.canonical_url and "theguardian.com" in doc.metadata.canonical_url


def test_author_link_text_is_reduced_to_the_name() -> None:
    assert parsed("lemire.me.json.html").metadata.author == "Daniel Lemire"


HIDDEN = """<div><h1>Title</h1><p>Visible words.</p>
<script>var tracking = 1;</script><style>p { color: red }</style>
<noscript>Enable JavaScript</noscript><form><label>Email</label><input></form>
<button>Subscribe now</button><template><p>Template text</p></template>
<p hidden>Hidden paragraph</p><div aria-hidden="true">Decorative text</div>
<p style="display: none">Invisible</p><!-- a comment --></div>"""


def test_never_spoken_elements_are_left_out() -> None:
    doc = parse_article(HIDDEN, source="hidden.html", format="html")
    text = all_text(doc)
    assert "Visible words." in text
    for unwanted in (
        "tracking",
        "color",
        "JavaScript",
        "Email",
        "Subscribe",
        "Template",
        "Hidden",
        "Decorative",
        "Invisible",
        "comment",
    ):
        assert unwanted not in text


def test_hugo_shortcodes_leave_no_syntax() -> None:
    text = (DATA / "rich-content.md").read_text(encoding="utf-8")
    doc = parse_article(text, source="rich-content.md")
    assert not re.search(r"\{\{|\}\}|<|>", all_text(doc).replace("'", ""))
    assert [b.to_dict()["provider"] for b in doc.blocks() if b.type == "embed"] == [
        "YouTube",
        "Vimeo",
        "X",
        "Instagram",
    ]


_FILLER = "Words about birds, their nests and what they eat in the cold months of the year. " * 3
EMBEDS_PAGE = f"""<!doctype html><html lang="en"><head><title>Birdsong</title></head><body>
<nav><a href="/">Home</a> <iframe src="/menu-widget" title="Menu widget"></iframe></nav>
<article><h1>Birdsong</h1><p>{_FILLER}</p>
<iframe src="https://www.youtube.com/embed/abc123" title="Birdsong at dawn"></iframe>
<p>{_FILLER}</p><video src="/robin.mp4" title="Robin in snow"></video>
<p>{_FILLER}</p><audio src="/blackbird.mp3" aria-label="Blackbird song"></audio><p>{_FILLER}</p>
</article><footer><iframe src="/newsletter" title="Newsletter sign-up"></iframe></footer>
</body></html>"""


def test_embeds_in_a_whole_page_are_kept_where_they_stand() -> None:
    doc = parse_article(EMBEDS_PAGE, source="birdsong.html")
    blocks = list(doc.blocks())
    embeds = [(b.kind, b.provider, b.title) for b in blocks if isinstance(b, Embed)]
    assert embeds == [
        ("video", "YouTube", "Birdsong at dawn"),
        ("video", None, "Robin in snow"),
        ("audio", None, "Blackbird song"),
    ]
    assert [b.type for b in blocks][:3] == ["paragraph", "embed", "paragraph"]
    assert "placeholder" not in all_text(doc)


def test_table_cells_that_look_like_share_buttons_are_kept() -> None:
    rows = "".join(
        f"<tr><td>{name}</td><td>{n} GB/s</td></tr>"
        for n, name in enumerate(["apache", "twitter", "Print", "Email"], start=1)
    )
    page = (
        '<!doctype html><html lang="en"><head><title>Speeds</title></head><body><article>'
        f"<h1>Speeds</h1><p>{_FILLER}</p><table><tr><th>file</th><th>speed</th></tr>{rows}"
        f"</table><p>{_FILLER}</p></article></body></html>"
    )
    doc = parse_article(page, source="speeds.html")
    table = next(b for b in doc.blocks() if isinstance(b, Table))
    assert [row[0] for row in table.rows] == ["apache", "twitter", "Print", "Email"]
    assert "cell" not in str(table.to_dict())
