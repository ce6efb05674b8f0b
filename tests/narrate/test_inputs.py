from pathlib import Path

from reader.narrate.inputs import expand_inputs, feed_jobs, looks_like_feed

POST = "---\ntitle: A\n---\n\nText.\n"
DRAFT = "---\ntitle: B\ndraft: true\n---\n\nText.\n"
TOML_DRAFT = '+++\ntitle = "C"\ndraft = true\n+++\n\nText.\n'


def _site(root: Path) -> Path:
    (root / "content" / "posts" / "deep").mkdir(parents=True)
    (root / "content" / "_index.md").write_text(POST)
    (root / "content" / "posts" / "a.md").write_text(POST)
    (root / "content" / "posts" / "b.md").write_text(DRAFT)
    (root / "content" / "posts" / "deep" / "c.markdown").write_text(TOML_DRAFT)
    (root / "content" / "posts" / "deep" / "d.html").write_text("<p>Hi</p>")
    (root / "content" / "posts" / "notes.txt").write_text("not an article")
    (root / "content" / ".hidden").mkdir()
    (root / "content" / ".hidden" / "e.md").write_text(POST)
    return root / "content"


def test_directory_is_searched_recursively_skipping_list_pages_and_drafts(tmp_path: Path) -> None:
    jobs = expand_inputs([str(_site(tmp_path))])
    runnable = sorted(Path(j.location).name for j in jobs if j.location)
    skipped = {Path(j.label).name: j.skip_reason for j in jobs if j.skip_reason}
    assert runnable == ["a.md", "d.html"]
    assert set(skipped) == {"_index.md", "b.md", "c.markdown"}
    assert "draft" in (skipped["b.md"] or "")


def test_include_drafts(tmp_path: Path) -> None:
    jobs = expand_inputs([str(_site(tmp_path))], include_drafts=True)
    assert sorted(Path(j.location).name for j in jobs if j.location) == [
        "a.md",
        "b.md",
        "c.markdown",
        "d.html",
    ]


def test_globs_and_duplicates(tmp_path: Path) -> None:
    content = _site(tmp_path)
    a = str(content / "posts" / "a.md")
    jobs = expand_inputs([f"{content}/**/*.html", a, a])
    assert [Path(j.location or "").name for j in jobs] == ["d.html", "a.md"]


def test_missing_file_is_kept_so_it_is_reported(tmp_path: Path) -> None:
    jobs = expand_inputs([str(tmp_path / "nope.md")])
    assert len(jobs) == 1 and jobs[0].location == str(tmp_path / "nope.md")


RSS = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Blog</title><link>https://blog.example/</link>
<item><title>Full one</title><link>https://blog.example/1</link>
<pubDate>Tue, 03 Jan 2023 10:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p>Whole article.</p>]]></content:encoded></item>
<item><title>Link only</title><link>https://blog.example/2</link><description>Teaser</description></item>
</channel></rss>"""


def test_feed_items_use_full_content_or_their_link() -> None:
    assert looks_like_feed(RSS)
    full, link_only = feed_jobs(RSS, source="feed.xml")
    assert full.content == "<p>Whole article.</p>" and full.format == "html"
    assert (
        full.title == "Full one" and full.date is not None and full.date.isoformat() == "2023-01-03"
    )
    assert full.link == "https://blog.example/1"
    assert link_only.content is None and link_only.location == "https://blog.example/2"


def test_feed_file_expands_into_items(tmp_path: Path) -> None:
    feed = tmp_path / "index.xml"
    feed.write_bytes(RSS)
    jobs = expand_inputs([str(feed)])
    assert [j.title for j in jobs] == ["Full one", "Link only"]
