"""Extraction fidelity (issue 10): every word of the article and nothing else.

One minimal case per defect seen on real pages; the F1 figures on the
Readability pages are bench/bench_extraction.py's, not assertions here.
"""

from __future__ import annotations

from reader.model import Code, Document, Image, ListBlock, ListItem, Paragraph, Quote
from reader.parse import parse_article

_FILLER = (
    "This sentence is here so that the page has enough words around the case to look"
    " like the main content of an article, the way a real one does."
)


def page(body: str, head: str = "<title>A test page about things</title>") -> Document:
    html = (
        f"<!doctype html><html><head>{head}</head><body>"
        '<nav><a href="/">Home</a> <a href="/about">About</a></nav>'
        f"<article><p>{_FILLER}</p>{body}<p>{_FILLER}</p></article>"
        "<footer><a href='/privacy'>Privacy</a></footer></body></html>"
    )
    return parse_article(html, source="page.html")


def blocks(document: Document) -> list[object]:
    return list(document.blocks())


def spoken(document: Document) -> str:
    return " ".join(
        getattr(b, "text", "") + " " + (getattr(b, "caption", None) or "")
        for b in document.blocks()
    )


# Inline code and listings


def test_inline_code_stays_in_its_sentence() -> None:
    doc = page("<p>Rust allows for the concept of <code>impl Trait</code>. This means more.</p>")
    assert Paragraph(text="Rust allows for the concept of impl Trait. This means more.") in blocks(
        doc
    )
    assert not any(isinstance(b, Code) for b in blocks(doc))


def test_a_listing_without_code_is_a_code_block() -> None:
    doc = page("<pre>total 8\ndrwxr-xr-x  2 me me 4096 .\n-rw-r--r--  1 me me  220 .bashrc</pre>")
    assert Code(language=None, line_count=3) in blocks(doc)
    assert not any(isinstance(b, Quote) for b in blocks(doc))


def test_a_listing_keeps_its_language_through_extraction() -> None:
    doc = page('<pre><code class="language-python">x = 1\ny = 2\n</code></pre>')
    assert Code(language="python", line_count=2) in blocks(doc)


def test_a_one_line_pre_is_read_in_words() -> None:
    doc = page("<pre>npm install reader</pre>")
    assert Paragraph(text="npm install reader") in blocks(doc)


def test_a_pre_of_prose_is_read_as_paragraphs() -> None:
    rfc = (
        "1.  Introduction\n\n"
        "   The Hypertext Transfer Protocol is a stateless application-level\n"
        "   protocol for distributed, collaborative, hypertext information\n"
        "   systems. This document defines the semantics of the protocol. It\n"
        "   obsoletes the earlier documents that described the same things in\n"
        "   a different order.\n\n"
        "   Each request is sent by a client and each response by a server. The\n"
        "   words of this section are prose that a listener should hear read.\n"
    )
    doc = page(f"<pre>{rfc}</pre>")
    text = spoken(doc)
    assert "stateless application-level protocol for distributed" in text
    assert "a listener should hear read." in text
    assert not any(isinstance(b, (Code, Quote)) for b in blocks(doc))


def test_a_fenced_block_in_a_list_item_is_code_and_the_list_goes_on() -> None:
    md = "1. Install it:\n\n   ```sh\n   pip install a\n   pip install b\n   ```\n\n2. Run it.\n"
    doc = parse_article(md, source="steps.md")
    assert blocks(doc)[:3] == [
        ListBlock(ordered=True, items=(ListItem(text="Install it:"),)),
        Code(language="sh", line_count=2),
        ListBlock(ordered=True, items=(ListItem(text="Run it."),), start=2),
    ]


# Markdown nesting


def test_a_list_after_a_paragraph_in_a_blockquote_is_kept() -> None:
    doc = parse_article("> Intro line:\n>\n> - Alpha item\n> - Beta item\n", source="q.md")
    assert blocks(doc) == [Quote(paragraphs=("Intro line:", "Alpha item", "Beta item"))]


# Anchors, media


def test_an_anchor_without_href_is_not_a_link() -> None:
    questions = "".join(
        f'<p><b><a name="q{n}">What came next, {n}?</a></b></p>'
        f"<p>An answer {n} that goes on for a while in words.</p>"
        for n in range(6)
    )
    text = spoken(page(questions))
    for n in range(6):
        assert f"What came next, {n}?" in text


def test_a_figure_keeps_its_caption() -> None:
    doc = page(
        '<figure><img src="a.jpg" alt="A cat"><figcaption>Artist: Jo Bloggs</figcaption></figure>'
    )
    assert Image(alt="A cat", caption="Artist: Jo Bloggs") in blocks(doc)


def test_an_image_title_is_read_when_there_is_no_alt() -> None:
    doc = page('<p>Look:</p><img src="a.jpg" title="A harbour at dawn">')
    assert Image(alt="A harbour at dawn") in blocks(doc)


def test_lazy_loaded_images_are_kept() -> None:
    doc = page(
        '<figure><img src="data:image/gif;base64,R0lGOD" data-src="b.jpg" alt="A lazy dog">'
        "<figcaption>Caught napping</figcaption></figure>"
        '<div><img src="blank.gif"><noscript><img src="c.jpg" alt="A fallback fox"></noscript>'
        "</div>"
    )
    assert Image(alt="A lazy dog", caption="Caught napping") in blocks(doc)
    assert Image(alt="A fallback fox") in blocks(doc)


def test_an_embedded_tweet_is_a_quote_by_its_author_without_links() -> None:
    doc = page(
        '<blockquote class="twitter-tweet"><p lang="en">Ship it today '
        '<a href="https://t.co/abc">https://t.co/abc</a> pic.twitter.com/xyz</p>'
        '&mdash; Jo Bloggs (@jo) <a href="https://twitter.com/jo/status/1">May 1, 2020</a>'
        "</blockquote>"
    )
    assert Quote(paragraphs=("Ship it today",), attribution="Jo Bloggs (@jo)") in blocks(doc)


def test_call_to_action_images_and_logos_are_not_read() -> None:
    doc = page(
        '<p>Text.</p><img src="cta.png" alt="New Call-to-action"><img src="l.png" alt="NDR Logo">'
    )
    assert not any(isinstance(b, Image) for b in blocks(doc))


def test_rules_and_spacers_drawn_as_images_are_not_read() -> None:
    """BBC News draws its section rules as 2-pixel images with the alt text "line"."""
    doc = page(
        '<p>Text.</p><img src="line976.jpg" alt="line" height="2" width="464">'
        '<img src="dot.gif" alt="spacer" width="1" height="1">'
        '<img src="band.jpg" alt="A wide band of colour" height="40" width="976">'
    )
    assert [b.alt for b in blocks(doc) if isinstance(b, Image)] == ["A wide band of colour"]


# Titles


def test_the_site_name_comes_off_when_the_h1_is_clean() -> None:
    doc = page(
        "<h1>Deploying Django the boring way</h1>",
        head="<title>Deploying Django the boring way | Caktus Group</title>",
    )
    assert doc.title == "Deploying Django the boring way"


def test_the_site_name_comes_off_when_og_title_is_clean() -> None:
    doc = page(
        "",
        head="<title>Five things we learned - Stack Overflow Blog</title>"
        '<meta property="og:title" content="Five things we learned - Stack Overflow Blog">'
        '<meta name="twitter:title" content="Five things we learned">',
    )
    assert doc.title == "Five things we learned"


def test_dublin_core_title_comes_before_open_graph() -> None:
    doc = page(
        "<h1>Test document title</h1>",
        head='<title>Title Element</title><meta property="x:title dc:title" content="My title">'
        '<meta property="og:title" content="Open Graph title">',
    )
    assert doc.title == "My title"


def test_a_short_title_element_beats_a_one_word_h1() -> None:
    doc = page("<h1>Lorem</h1>", head="<title>RTL Test</title>")
    assert doc.title == "RTL Test"


def test_json_ld_in_cdata_gives_the_headline() -> None:
    doc = page(
        "",
        head='<script type="application/ld+json">//<![CDATA[\n{"@type": "NewsArticle",'
        ' "headline": "Apple\'s headset hands-on"}\n//]]></script>'
        '<meta property="og:title" content="Apple\'s headset is here">',
    )
    assert doc.title == "Apple's headset hands-on"


def test_a_paragraph_said_twice_is_heard_twice() -> None:
    refrain = "<p>We will keep going, whatever the weather brings us this year.</p>"
    doc = page(refrain + "<p>Between the refrains there is a verse of its own here.</p>" + refrain)
    said = [b for b in blocks(doc) if b == Paragraph(text=refrain[3:-4])]
    assert len(said) == 2


def test_a_block_of_text_said_twice_is_heard_twice() -> None:
    refrain = f"<div>{_FILLER} We will keep going, whatever the weather brings us.</div>"
    html = f"<html><head><title>Twice</title></head><body><article>{refrain * 2}</article>"
    doc = parse_article(html + "</body></html>", source="twice.html")
    assert spoken(doc).count("We will keep going") == 2


def test_site_lines_and_datelines_are_not_read() -> None:
    doc = page(
        "<p>Published 12 March 2021, 10:45 GMT</p>"
        "<p>Our Standards: The Thomson Reuters Trust Principles.</p>"
        "<p>© 2021 Example Media. All rights reserved.</p>"
        "<p>Citation: Jo Bloggs (2021). Things. https://example.org/things</p>"
    )
    text = spoken(doc)
    for leak in ("Published 12 March", "Our Standards", "All rights reserved", "Citation:"):
        assert leak not in text


# Authors and languages


def test_an_author_label_is_not_part_of_the_name() -> None:
    doc = page(
        "", head='<title>A page</title><meta name="author" content="Autor/in: Korinna Hennig">'
    )
    assert doc.metadata.author == "Korinna Hennig"


def test_content_language_meta_gives_the_language() -> None:
    doc = page("", head='<meta http-equiv="content-language" content="de-AT"><title>Seite</title>')
    assert doc.metadata.language == "de-AT"


def test_og_locale_gives_the_language() -> None:
    doc = page("", head='<meta property="og:locale" content="fr_FR"><title>Une page</title>')
    assert doc.metadata.language == "fr-FR"


def test_the_words_give_the_language_when_nothing_says() -> None:
    german = (
        "<p>Die Stadt hat am Montag beschlossen, die Brücke über den Fluss neu zu bauen, weil"
        " die alte Brücke seit vielen Jahren nicht mehr sicher ist und die Menschen jeden Tag"
        " einen langen Umweg fahren müssen.</p>"
    )
    html = f"<!doctype html><html><head><title>Brücke</title></head><body><article>{german * 3}"
    doc = parse_article(html + "</article></body></html>", source="brücke.html")
    assert doc.metadata.language == "de"


def test_markdown_without_a_language_is_guessed_from_its_words() -> None:
    text = "Ceci est un article en français sur la ville, ses rues et ses habitants. " * 3
    assert parse_article(text, source="ville.md").metadata.language == "fr"


# Markdown: formulas, shortcodes, templates


def test_bracketed_latex_is_a_formula_like_dollars() -> None:
    brackets = parse_article(r"The area is \(\pi r^2\) here.", source="a.md")
    dollars = parse_article(r"The area is $\pi r^2$ here.", source="b.md")
    assert blocks(brackets) == blocks(dollars)
    assert "\\(" not in spoken(brackets)


def test_a_shortcode_summary_is_read_before_its_text() -> None:
    md = (
        '{{< collapse summary="Method 1 - Git Clone" >}}\n'
        "Clone the repository.\n{{< /collapse >}}\n"
    )
    assert blocks(parse_article(md, source="c.md"))[:2] == [
        Paragraph(text="Method 1 - Git Clone"),
        Paragraph(text="Clone the repository."),
    ]


def test_hugo_template_lines_are_not_read_but_code_keeps_them() -> None:
    md = (
        "Before.\n\n{{ if .Params.toc }}\nInside.\n{{ end }}\n\n"
        "```go-html-template\n{{ if .Params.toc }}\n{{ end }}\n```\n"
    )
    doc = parse_article(md, source="t.md")
    assert blocks(doc) == [
        Paragraph(text="Before."),
        Paragraph(text="Inside."),
        Code(language="go-html-template", line_count=2),
    ]


def test_images_of_the_page_chrome_are_not_read() -> None:
    related = "".join(
        f"<div><img src='t{n}.jpg' alt='Photo for story {n}'><span>Story {n} today</span></div>"
        for n in range(8)
    )
    html = (
        "<!doctype html><html><head><title>A page</title></head><body>"
        f"<div><p>{_FILLER}</p><div><img src='a.jpg' alt='A map of the town'></div>"
        f"<p>{_FILLER}</p></div><div>{related}</div></body></html>"
    )
    images = [b for b in blocks(parse_article(html, source="p.html")) if isinstance(b, Image)]
    assert images == [Image(alt="A map of the town")]
