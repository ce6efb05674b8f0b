"""The order a batch hands articles to its workers: most text first."""

from __future__ import annotations

from pathlib import Path

from reader.narrate.batch import longest_first
from reader.narrate.inputs import ArticleJob


def test_pages_are_ranked_by_their_visible_text_not_their_bytes(tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    scripts = "<script>var ad = 1;</script>" * 5_000
    page.write_text(f"<html><head><style>p {{}}</style>{scripts}</head><body><p>Short news.</p>")
    essay = tmp_path / "essay.md"
    essay.write_text("# Essay\n\n" + "A long sentence of plain words. " * 200)
    note = ArticleJob(label="note", content="<p>" + "Feed item words. " * 50 + "</p>")
    url = ArticleJob(label="url", location="https://example.org/a")
    jobs = [ArticleJob(label="news", location=str(page)), note, url]
    jobs.append(ArticleJob(label="essay", location=str(essay)))

    assert [job.label for job in longest_first(jobs)] == ["essay", "note", "news", "url"]
