"""Real podcast clients read what we publish: gPodder's podcastparser and feedparser.

podcastparser 0.6.11 maps only the old GitHub URI of the Podcasting 2.0
namespace (``https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md``)
to ``podcast:``. We publish the current URI, ``https://podcastindex.org/namespace/1.0``,
as the namespace spec says, so podcastparser reads none of our ``podcast:*``
tags (transcripts, JSON chapters, person, locked); it still gets every episode,
enclosure and chapter list, because chapters also go out as ``psc:chapters``.
feedparser knows both URIs' tags only as raw elements; it reads psc chapters.
"""

from __future__ import annotations

import io

import feedparser
import podcastparser
from lxml import etree

from reader.edition.manifest import public_path
from reader.feed import build_episode_feed, build_feed
from reader.feed.rss import ITUNES, PODCAST

from .samples import BASE_URL, CHANNEL, sample_episodes, sample_manifest

DC = "http://purl.org/dc/elements/1.1/"
OLD_PODCAST_URI = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
FEED_URL = f"{BASE_URL}/feed.xml"


def _feed() -> bytes:
    return build_feed(CHANNEL, sample_episodes(), base_url=BASE_URL)


def _by_title(entries: list[dict]) -> dict[str, dict]:  # type: ignore[type-arg]
    return {e["title"]: e for e in entries}


def test_podcastparser_reads_every_episode_enclosure_and_chapter_list() -> None:
    parsed = podcastparser.parse(FEED_URL, io.BytesIO(_feed()))
    assert parsed["title"] == CHANNEL.title
    assert parsed["cover_url"] == f"{BASE_URL}/cover.png"
    episodes = _by_title(parsed["episodes"])
    assert len(episodes) == len(sample_episodes())
    for manifest in sample_episodes():
        episode = episodes[manifest.metadata.title]
        assert episode["guid"] == manifest.guid
        assert episode["enclosures"] == [
            {
                "url": f"{BASE_URL}/episodes/{manifest.slug}/{manifest.slug}.mp3",
                "file_size": manifest.episode.bytes,
                "mime_type": "audio/mpeg",
            }
        ]
        assert episode["total_time"] == (manifest.duration_ms + 500) // 1000
        # podcastparser truncates fractional seconds (field notes).
        assert episode["chapters"] == [
            {"start": c.start_ms // 1000, "title": c.title} for c in manifest.chapters
        ]
        assert "<" not in episode["description"] or "&lt;" in manifest.metadata.title


def test_podcastparser_ignores_the_current_podcast_namespace() -> None:
    """A known limit of podcastparser 0.6.11, not a defect of our feed."""
    episode = podcastparser.parse(FEED_URL, io.BytesIO(_feed()))["episodes"][1]
    assert "transcript_url" not in episode
    assert "chapters_json_url" not in episode


def test_podcastparser_reads_our_podcast_tags_under_the_uri_it_knows() -> None:
    """Same feed with the old URI swapped in: the tags themselves are right."""
    old = _feed().replace(PODCAST.encode(), OLD_PODCAST_URI.encode())
    parsed = podcastparser.parse(FEED_URL, io.BytesIO(old))
    episode = _by_title(parsed["episodes"])["What Causes Inner Thigh Cramps?"]
    base = f"{BASE_URL}/episodes/inner-thigh-cramps"
    # It keeps one transcript URL (the last); we offer WebVTT, Podcasting 2.0 JSON, SRT.
    assert episode["transcript_url"] in (
        f"{base}/transcript.vtt",
        f"{base}/transcript-segments.json",
        f"{base}/transcript.srt",
    )
    assert episode["chapters_json_url"] == f"{base}/chapters.json"
    assert parsed["import_prohibited"] is True


def test_feedparser_reads_every_episode_enclosure_and_chapter_list() -> None:
    parsed = feedparser.parse(_feed())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == CHANNEL.title
    entries = _by_title(parsed.entries)
    assert len(entries) == len(sample_episodes())
    for manifest in sample_episodes():
        entry = entries[manifest.metadata.title]
        assert entry.id == manifest.guid
        assert entry.guidislink is False
        assert entry.published_parsed is not None
        (enclosure,) = entry.enclosures
        assert enclosure.href == f"{BASE_URL}/episodes/{manifest.slug}/{manifest.slug}.mp3"
        assert int(enclosure.length) == manifest.episode.bytes
        assert enclosure.type == "audio/mpeg"
        assert entry.itunes_duration == str((manifest.duration_ms + 500) // 1000)
        starts = [c.start_parsed.total_seconds() * 1000 for c in entry.psc_chapters.chapters]
        assert starts == [c.start_ms for c in manifest.chapters]
        assert [c.title for c in entry.psc_chapters.chapters] == [
            c.title for c in manifest.chapters
        ]
        assert entry.content[0].type == "text/html"
        for chapter in manifest.chapters:
            assert chapter.title.replace("&", "&amp;") in entry.content[0].value


def test_feedparser_reads_a_podcast_transcript_of_ours_with_its_type() -> None:
    """feedparser keeps the attributes of one ``podcast:transcript`` (the last) as
    ``podcast_transcript``; every one we write has a URL of the edition and its type."""
    types = {
        "transcript.vtt": "text/vtt",
        "transcript-segments.json": "application/json",
        "transcript.srt": "application/x-subrip",
    }
    for entry in feedparser.parse(_feed()).entries:
        transcript = entry.podcast_transcript
        folder, _, name = transcript["url"].rpartition("/")
        assert folder == entry.enclosures[0].href.rpartition("/")[0]
        assert transcript["type"] == types[name]


def test_both_clients_read_the_section_feed_in_reading_order() -> None:
    manifest = sample_manifest()
    body = build_episode_feed(CHANNEL, manifest, base_url=BASE_URL)
    url = f"{BASE_URL}/episodes/{manifest.slug}/feed.xml"
    episodes = podcastparser.parse(url, io.BytesIO(body))["episodes"]
    urls = [e["enclosures"][0]["url"] for e in episodes]
    assert urls == [
        f"{BASE_URL}/episodes/{manifest.slug}/{public_path(manifest.slug, s.file.path)}"
        for s in manifest.sections
    ]
    entries = feedparser.parse(body).entries
    assert [int(e.enclosures[0].length) for e in entries] == [
        s.file.bytes for s in manifest.sections
    ]
    assert len({e.id for e in entries}) == len(manifest.sections)


def test_both_clients_read_the_category_and_subcategory() -> None:
    """Issue 9 item 2: the category went out as element text, which podcastparser
    read as ``[['']]`` and Apple ignores."""
    body = _feed()
    assert podcastparser.parse(FEED_URL, io.BytesIO(body))["itunes_categories"] == [
        ["Health & Fitness", "Medicine"]
    ]
    terms = [t["term"] for t in feedparser.parse(body).feed.tags]
    assert terms == ["Health & Fitness", "Medicine"]


def _apostrophes() -> bytes:
    manifest = sample_manifest(
        title="A Beginner's Guide",
        description="It's about 'cramps' & <stretches>",
        chapter_titles=("Opening", "Don't stretch cold"),
    )
    return build_feed(CHANNEL, [manifest], base_url=BASE_URL)


def test_apostrophes_reach_gpodder_as_apostrophes() -> None:
    """Issue 9 item 5: ``html.escape`` wrote ``'`` as ``&#x27;`` in the show notes,
    and gPodder showed "A Beginners Guide"."""
    body = _apostrophes()
    assert b"&#x27;" not in body and b"&amp;#x27;" not in body
    (episode,) = podcastparser.parse(FEED_URL, io.BytesIO(body))["episodes"]
    assert "It's about 'cramps' &amp; &lt;stretches&gt;" in episode["description_html"]
    assert "Don't stretch cold" in episode["description_html"]
    (entry,) = feedparser.parse(body).entries
    assert "Don't stretch cold" in entry.content[0].value
    assert entry.title == "A Beginner's Guide"


def test_items_name_their_author_in_dc_creator() -> None:
    """Issue 9 item 4: newsboat shows no author from ``itunes:author`` alone."""
    for body in (_feed(), build_episode_feed(CHANNEL, sample_manifest(), base_url=BASE_URL)):
        items = etree.fromstring(body).findall("channel/item")
        creators = [i.findtext(f"{{{DC}}}creator") for i in items]
        authors = [i.findtext(f"{{{ITUNES}}}author") for i in items]
        assert creators == authors and "Osgood" in creators
        assert "Osgood" in {e.get("author") for e in feedparser.parse(body).entries}


def test_every_enclosure_has_a_file_name_of_its_own() -> None:
    """Issue 9 item 3: podboat and gPodder name downloads after the URL's last
    segment, and every enclosure was ``episode.mp3``: podboat kept only the last."""
    names: list[str] = []
    for manifest in sample_episodes():
        sections = build_episode_feed(CHANNEL, manifest, base_url=BASE_URL)
        for entry in feedparser.parse(sections).entries:
            names.append(entry.enclosures[0].href.rsplit("/", 1)[-1])
    for entry in feedparser.parse(_feed()).entries:
        names.append(entry.enclosures[0].href.rsplit("/", 1)[-1])
    assert len(names) == len(set(names)) == 9
    assert "inner-thigh-cramps.mp3" in names
    assert "inner-thigh-cramps-01-inner-thigh-cramps.mp3" in names
