"""Podcast feeds: catalog manifests in, RSS bytes out (pure)."""

from reader.feed.model import ChannelInfo, edition_url, format_npt, podcast_guid
from reader.feed.rss import NAMESPACES, build_episode_feed, build_feed

__all__ = [
    "NAMESPACES",
    "ChannelInfo",
    "build_episode_feed",
    "build_feed",
    "edition_url",
    "format_npt",
    "podcast_guid",
]
