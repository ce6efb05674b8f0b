"""RSS 2.0 podcast feeds from manifests: pure, manifests in and XML bytes out.

Namespaces: iTunes, Dublin Core (``dc:creator``, the author newsboat and most
feed readers show), Podcasting 2.0 (``https://podcastindex.org/namespace/1.0``,
the current URI; gPodder's podcastparser 0.6.11 only knows the older GitHub
URI and so reads none of our ``podcast:*`` tags, but it does read
``psc:chapters``), Podlove Simple Chapters and ``content:encoded``.

Rules every feed follows (see ``tests/feed/test_checklist.py``): plain-text
``description`` (HTML only in ``content:encoded``), ``guid isPermaLink="false"``
from the catalog, RFC 2822 dates, absolute enclosure URLs with exact byte
lengths, ``itunes:duration`` in whole seconds, ``itunes:explicit`` true/false.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
from collections.abc import Sequence
from urllib.parse import quote

from lxml import etree

from reader.catalog.model import published_at
from reader.edition.manifest import FileEntry, Manifest, SectionEntry, public_path
from reader.feed.categories import CategoryError, apple_category
from reader.feed.model import ChannelInfo, edition_url, format_npt, podcast_guid
from reader.text import xml_safe

__all__ = ["NAMESPACES", "build_episode_feed", "build_feed"]

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
PSC = "http://podlove.org/simple-chapters"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
NAMESPACES = {
    "itunes": ITUNES,
    "podcast": PODCAST,
    "psc": PSC,
    "content": CONTENT,
    "atom": ATOM,
    "dc": DC,
}

log = logging.getLogger("reader.feed")


def build_feed(
    channel: ChannelInfo,
    episodes: Sequence[Manifest],
    *,
    base_url: str,
    media_base_url: str | None = None,
) -> bytes:
    """The show's feed: one item per episode, newest first.

    With ``media_base_url`` (the storage's public address, a CDN) enclosures
    point at ``<media_base_url>/<slug>/<file>`` instead of the server.

    One episode never takes the feed down: an episode whose item cannot be
    written is left out, and logged as a warning on the ``reader.feed`` logger.
    """
    base_url = base_url.rstrip("/")
    feed_url = f"{base_url}/feed.xml"
    rss, chan = _channel(
        channel, title=channel.title, link=f"{base_url}/", feed_url=feed_url, base_url=base_url
    )
    for manifest in sorted(episodes, key=_newest_first, reverse=True):
        item = _sub(chan, "item")
        try:
            _episode_item(item, manifest, base_url=base_url, media_base_url=media_base_url)
        except Exception as e:  # any broken manifest: the others still go out
            chan.remove(item)
            log.warning("feed: left out episode %r: %s", getattr(manifest, "slug", "?"), e)
    return _serialize(rss)


def _newest_first(manifest: Manifest) -> tuple[dt.datetime, str]:
    try:
        return published_at(manifest), str(manifest.slug)
    except Exception:  # a broken date: last in the feed, and left out if it cannot be written
        return dt.datetime.min.replace(tzinfo=dt.UTC), str(getattr(manifest, "slug", ""))


def build_episode_feed(
    channel: ChannelInfo, manifest: Manifest, *, base_url: str, media_base_url: str | None = None
) -> bytes:
    """One article as a serial show of its section files, for apps without chapters."""
    base_url = base_url.rstrip("/")
    page = edition_url(base_url, manifest.slug)
    meta = manifest.metadata
    rss, chan = _channel(
        channel,
        title=meta.title,
        link=page,
        feed_url=f"{page}/feed.xml",
        base_url=base_url,
        description=meta.description or f"{meta.title}, one episode per section.",
        author=meta.author,
        serial=True,
    )
    start = published_at(manifest)
    for section in manifest.sections:
        item = _sub(chan, "item")
        try:
            _section_item(
                item,
                channel,
                manifest,
                section,
                base_url=base_url,
                start=start,
                media_base_url=media_base_url,
            )
        except Exception as e:  # one broken section: the others still go out
            chan.remove(item)
            log.warning("feed: left out section %r of %r: %s", section.number, manifest.slug, e)
    return _serialize(rss)


def _section_item(
    item: etree._Element,
    channel: ChannelInfo,
    manifest: Manifest,
    section: SectionEntry,
    *,
    base_url: str,
    start: dt.datetime,
    media_base_url: str | None = None,
) -> None:
    meta = manifest.metadata
    page = edition_url(base_url, manifest.slug)
    _sub(item, "title", f"{section.number}. {section.title}")
    _sub(item, "link", f"{page}#t={section.start_ms / 1000:g}")
    _sub(item, "guid", f"{manifest.guid}/section/{section.number}", isPermaLink="false")
    # One second apart, so that apps that sort by date keep the reading order.
    _sub(item, "pubDate", _rfc2822(start + dt.timedelta(seconds=section.number)))
    _sub(item, "description", f"Section {section.number} of {meta.title}: {section.title}")
    _enclosure(item, base_url, manifest.slug, section.file, media_base_url)
    _sub(item, f"{{{ITUNES}}}title", section.title)
    _sub(item, f"{{{ITUNES}}}episode", str(section.number))
    _sub(item, f"{{{ITUNES}}}episodeType", "full")
    _sub(item, f"{{{ITUNES}}}duration", str(_seconds(section.file.duration_ms or 0)))
    _sub(item, f"{{{ITUNES}}}explicit", _bool(channel.explicit))
    if meta.author:
        _sub(item, f"{{{ITUNES}}}author", meta.author)
        _sub(item, f"{{{DC}}}creator", meta.author)


def _channel(
    info: ChannelInfo,
    *,
    title: str,
    link: str,
    feed_url: str,
    base_url: str,
    description: str | None = None,
    author: str | None = None,
    serial: bool = False,
) -> tuple[etree._Element, etree._Element]:
    rss = etree.Element("rss", nsmap=NAMESPACES, version="2.0")
    chan = _sub(rss, "channel")
    _sub(chan, f"{{{ATOM}}}link", href=feed_url, rel="self", type="application/rss+xml")
    _sub(chan, "title", title)
    _sub(chan, "link", link)
    _sub(chan, "description", description or info.description)
    _sub(chan, "language", info.language)
    image = _absolute(base_url, info.image_path)
    img = _sub(chan, "image")
    _sub(img, "url", image)
    _sub(img, "title", title)
    _sub(img, "link", link)
    _sub(chan, f"{{{ITUNES}}}image", href=image)
    parent, child = _category(info.category)
    # Apple reads the category from the ``text`` attribute, never from element text.
    category = etree.SubElement(chan, f"{{{ITUNES}}}category", {"text": xml_safe(parent)})
    if child:
        etree.SubElement(category, f"{{{ITUNES}}}category", {"text": xml_safe(child)})
    _sub(chan, f"{{{ITUNES}}}explicit", _bool(info.explicit))
    _sub(chan, f"{{{ITUNES}}}author", author or info.author)
    _sub(chan, f"{{{ITUNES}}}type", "serial" if serial else "episodic")
    if info.owner_name or info.owner_email:
        owner = _sub(chan, f"{{{ITUNES}}}owner")
        _sub(owner, f"{{{ITUNES}}}name", info.owner_name or info.author)
        if info.owner_email:
            _sub(owner, f"{{{ITUNES}}}email", info.owner_email)
    _sub(chan, f"{{{PODCAST}}}guid", podcast_guid(feed_url))
    locked = {"owner": info.owner_email} if info.owner_email else {}
    _sub(chan, f"{{{PODCAST}}}locked", "yes" if info.locked else "no", **locked)
    return rss, chan


def _web_link(url: str | None) -> str | None:
    """``url`` if it is an http(s) link: an edition narrated before the parser dropped
    other schemes may still carry a ``javascript:`` one, which never reaches a feed."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _episode_item(
    item: etree._Element, manifest: Manifest, *, base_url: str, media_base_url: str | None = None
) -> None:
    meta = manifest.metadata
    slug = manifest.slug
    page = edition_url(base_url, slug)
    _sub(item, "title", meta.title)
    _sub(item, "link", _web_link(meta.canonical_url) or page)
    _sub(item, "guid", manifest.guid, isPermaLink="false")
    _sub(item, "pubDate", _rfc2822(published_at(manifest)))
    _sub(item, "description", _plain_description(manifest))
    _sub(item, f"{{{CONTENT}}}encoded", _chapter_html(manifest, page, base_url))
    _enclosure(item, base_url, slug, manifest.episode, media_base_url)
    _sub(item, f"{{{ITUNES}}}title", meta.title)
    _sub(item, f"{{{ITUNES}}}duration", str(_seconds(manifest.duration_ms)))
    _sub(item, f"{{{ITUNES}}}episodeType", "full")
    if meta.author:
        _sub(item, f"{{{ITUNES}}}author", meta.author)
        _sub(item, f"{{{DC}}}creator", meta.author)  # what newsboat and most readers show
    files = manifest.files
    if "chapters_json" in files:
        url = edition_url(base_url, slug, files["chapters_json"].path)
        _sub(item, f"{{{PODCAST}}}chapters", url=url, type="application/json+chapters")
    # An app assumes a transcript is in the show's language unless told: a German
    # article in an English show says so.
    language = {"language": meta.language} if meta.language else {}
    for role, attrs in _TRANSCRIPTS:
        if role in files:
            url = edition_url(base_url, slug, files[role].path)
            _sub(item, f"{{{PODCAST}}}transcript", url=url, **attrs, **language)
    if meta.author:
        _sub(item, f"{{{PODCAST}}}person", meta.author, role="author", group="writing")
    psc = _sub(item, f"{{{PSC}}}chapters", version="1.2")
    for chapter in manifest.chapters:
        _sub(psc, f"{{{PSC}}}chapter", start=format_npt(chapter.start_ms), title=chapter.title)


_TRANSCRIPTS: tuple[tuple[str, dict[str, str]], ...] = (
    ("transcript_vtt", {"type": "text/vtt", "rel": "captions"}),
    ("transcript_segments", {"type": "application/json"}),
    ("transcript_srt", {"type": "application/x-subrip"}),
)
"""The ``podcast:transcript`` tags by manifest role, most wanted first: WebVTT, which
the namespace recommends when an app reads one format and Apple Podcasts ingests
(its ``<v>`` spans name who speaks); the Podcasting 2.0 JSON, word by word; SRT.
Apps that read several choose by type (AntennaPod takes the JSON over SRT
wherever it stands); apps that read one take the first they know."""


def _category(value: str) -> tuple[str, str | None]:
    """Apple's spelling of the show's category (checked when settings are read)."""
    try:
        return apple_category(value)
    except CategoryError:
        parent, _, child = (part.strip() for part in value.partition(">"))
        return parent, child or None


def _enclosure(
    item: etree._Element,
    base_url: str,
    slug: str,
    entry: FileEntry,
    media_base_url: str | None = None,
) -> None:
    if media_base_url:
        base = media_base_url.rstrip("/")
        published = public_path(slug, entry.path)  # as the bucket holds it: storage.file_key
        url = f"{base}/{quote(slug, safe='')}/{quote(published, safe='/')}"
    else:
        url = edition_url(base_url, slug, entry.path)
    _sub(item, "enclosure", url=url, length=str(entry.bytes), type="audio/mpeg")


def _plain_description(manifest: Manifest) -> str:
    meta = manifest.metadata
    sentences = [_sentence(meta.description or meta.title)]
    if meta.author:
        sentences.append(f"By {meta.author}.")
    if manifest.chapters:
        sentences.append(_sentence("Chapters: " + "; ".join(c.title for c in manifest.chapters)))
    return " ".join(sentences)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def _chapter_html(manifest: Manifest, page: str, base_url: str) -> str:
    """The show notes: description, chapter links, the article's address and the
    talking books, as HTML built with lxml, so that only ``& < >`` (and ``"`` in
    attributes) are escaped: an apostrophe stays an apostrophe in every app."""
    meta = manifest.metadata
    root = etree.Element("div")
    if meta.description:
        _html(root, "p", meta.description)
    _html(root, "h2", "Chapters")
    chapters = _html(root, "ol")
    for chapter in manifest.chapters:
        start = format_npt(chapter.start_ms).split(".")[0]
        item = _html(chapters, "li")
        link = _html(item, "a", start, href=f"{page}#t={chapter.start_ms / 1000:g}")
        link.tail = " " + xml_safe(chapter.title)
    article = _web_link(meta.canonical_url)
    if article:
        read = _html(root, "p", "Read the article: ")
        _html(read, "a", article, href=article)
    books = [(role, label) for role, label in _BOOKS if role in manifest.files]
    if books:
        along = _html(root, "p", "Read along as you listen: ")
        for n, (role, label) in enumerate(books):
            url = edition_url(base_url, manifest.slug, manifest.files[role].path)
            link = _html(along, "a", label, href=url)
            link.tail = " or " if n + 1 < len(books) else "."
    return "".join(etree.tostring(child, method="html", encoding="unicode") for child in root)


_BOOKS = (("epub", "EPUB 3 talking book"), ("daisy", "DAISY 2.02 talking book"))
"""The talking books the show notes link, by manifest role (``reader.books``)."""


def _html(
    parent: etree._Element, tag: str, text: str | None = None, **attrs: str
) -> etree._Element:
    element = etree.SubElement(parent, tag, {k: xml_safe(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


def _sub(
    parent: etree._Element, tag: str, text: str | etree.CDATA | None = None, **attrs: str
) -> etree._Element:
    """A child element; text and attribute values lose the characters XML cannot hold
    (the parser strips them already; editions narrated before it did may have them)."""
    element = etree.SubElement(parent, tag, {k: xml_safe(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_safe(text) if isinstance(text, str) else text
    return element


def _absolute(base_url: str, path: str) -> str:
    return path if "://" in path else f"{base_url}/{path.lstrip('/')}"


def _rfc2822(when: dt.datetime) -> str:
    return email.utils.format_datetime(when.astimezone(dt.UTC), usegmt=True)


def _seconds(ms: int) -> int:
    return (ms + 500) // 1000


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _serialize(rss: etree._Element) -> bytes:
    return etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)
