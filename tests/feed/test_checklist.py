"""The feed checklist, on real editions on disk read through the catalog."""

from __future__ import annotations

import email.utils
import json
import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree
from support.editions import make_edition
from support.podcast_transcript import check_podcast_transcript

from reader.catalog import Catalog, sync_catalog
from reader.edition.manifest import MANIFEST_NAME, manifest_from_json, manifest_to_json
from reader.feed import build_feed
from reader.feed.rss import NAMESPACES

from .samples import CHANNEL

BASE = "http://127.0.0.1:8000"
NS = NAMESPACES


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    make_edition(out)
    make_edition(out, "calf-cramps", title="Calf cramps", author=None, date=None)
    make_edition(out, "night-cramps", title="Night cramps", chapter_seconds=1.5)
    return out


def _feed(out_dir: Path) -> etree._Element:
    catalog = Catalog(out_dir / "reader.db")
    sync_catalog(out_dir, catalog=catalog)
    return etree.fromstring(build_feed(CHANNEL, catalog.manifests(), base_url=BASE))


def _text(element: etree._Element, path: str) -> str:
    found = element.find(path, NS)
    assert found is not None, path
    return found.text or ""


def test_channel_has_every_required_element(out_dir: Path) -> None:
    channel = _feed(out_dir).find("channel")
    assert channel is not None
    assert _text(channel, "title") == CHANNEL.title
    assert _text(channel, "link") == f"{BASE}/"
    assert "<" not in _text(channel, "description")
    assert _text(channel, "language") == "en"
    image = channel.find("itunes:image", NS)
    assert image is not None and image.get("href") == f"{BASE}/cover.png"
    category = channel.find("itunes:category", NS)
    assert category is not None and category.get("text") == "Health & Fitness"
    assert not (category.text or "").strip()  # Apple reads the attribute, never the text
    sub = category.find("itunes:category", NS)
    assert sub is not None and sub.get("text") == "Medicine"
    assert _text(channel, "itunes:explicit") in ("true", "false")
    assert _text(channel, "itunes:author") == CHANNEL.author
    assert _text(channel, "itunes:owner/itunes:email") == CHANNEL.owner_email
    namespace = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
    assert _text(channel, "podcast:guid") == str(uuid.uuid5(namespace, "127.0.0.1:8000/feed.xml"))
    assert _text(channel, "podcast:locked") in ("yes", "no")


def test_every_item_follows_the_rules(out_dir: Path) -> None:
    items = _feed(out_dir).findall("channel/item")
    assert len(items) == 3
    guids = [_text(item, "guid") for item in items]
    assert len(set(guids)) == len(guids)
    for item in items:
        slug = urlsplit(_text(item, "link")).path.split("/")[-1]
        manifest = manifest_from_json((out_dir / slug / MANIFEST_NAME).read_text())
        guid = item.find("guid")
        assert guid is not None and guid.get("isPermaLink") == "false"
        published = email.utils.parsedate_to_datetime(_text(item, "pubDate"))
        assert published.tzinfo is not None
        enclosure = item.find("enclosure")
        assert enclosure is not None and enclosure.get("type") == "audio/mpeg"
        url = enclosure.get("url") or ""
        assert url.startswith(f"{BASE}/episodes/{slug}/")
        assert url == f"{BASE}/episodes/{slug}/{slug}.mp3"  # a name of its own
        on_disk = out_dir / slug / manifest.episode.path
        assert int(enclosure.get("length") or -1) == on_disk.stat().st_size
        assert re.fullmatch(r"\d+", _text(item, "itunes:duration"))
        assert not re.search(r"<[a-zA-Z/]", _text(item, "description"))
        encoded = _text(item, "content:encoded")
        assert all(c.title in encoded for c in manifest.chapters)
        chapters = item.find("podcast:chapters", NS)
        assert chapters is not None and chapters.get("type") == "application/json+chapters"
        transcripts = item.findall("podcast:transcript", NS)
        types = [t.get("type") for t in transcripts]
        assert types == ["text/vtt", "application/json", "application/x-subrip"]
        for transcript in transcripts:
            name = (transcript.get("url") or "").rsplit("/", 1)[-1]
            assert name in {f.path for f in manifest.files.values()}, name
            # the article's language, which may not be the show's
            assert transcript.get("language") == manifest.metadata.language
        json_url = transcripts[1].get("url") or ""
        on_disk = out_dir / slug / json_url.rsplit("/", 1)[-1]
        check_podcast_transcript(json.loads(on_disk.read_text(encoding="utf-8")))
        starts = [c.get("start") for c in item.findall("psc:chapters/psc:chapter", NS)]
        assert len(starts) == len(manifest.chapters)
        assert all(re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3}", s or "") for s in starts)
        people = [p.text for p in item.findall("podcast:person", NS)]
        assert people == ([manifest.metadata.author] if manifest.metadata.author else [])


def test_guids_are_stable_across_rebuilds_restarts_and_changed_manifests(out_dir: Path) -> None:
    before = [_text(i, "guid") for i in _feed(out_dir).findall("channel/item")]
    assert [_text(i, "guid") for i in _feed(out_dir).findall("channel/item")] == before
    # A later manifest with another GUID (say, a canonical URL was added).
    path = out_dir / "calf-cramps" / MANIFEST_NAME
    original = path.read_text()
    manifest = manifest_from_json(original)
    path.write_text(manifest_to_json(manifest.with_guid(str(uuid.uuid4()))))
    try:
        assert [_text(i, "guid") for i in _feed(out_dir).findall("channel/item")] == before
    finally:
        path.write_text(original)


def test_items_come_newest_first(out_dir: Path) -> None:
    dates = [
        email.utils.parsedate_to_datetime(_text(i, "pubDate"))
        for i in _feed(out_dir).findall("channel/item")
    ]
    assert dates == sorted(dates, reverse=True)
