"""The accessible player: ``GET /`` (the episode list) and ``GET /episodes/{slug}``.

Pages are plain HTML from the Jinja2 templates in ``reader/web/templates``
(``pages`` gives them their context), usable without JavaScript;
``reader/web/static/player.js`` enhances them. ``routes`` serves them and the
two static files.
"""

from reader.web.player.pages import (
    Assets,
    render_episode_page,
    render_index_page,
    render_not_found_page,
)
from reader.web.player.routes import STATIC_DIR, build_player_router, read_transcript_cues
from reader.web.player.transcript import TranscriptPart, group_cues, parse_transcript_vtt

__all__ = [
    "STATIC_DIR",
    "Assets",
    "TranscriptPart",
    "build_player_router",
    "group_cues",
    "parse_transcript_vtt",
    "read_transcript_cues",
    "render_episode_page",
    "render_index_page",
    "render_not_found_page",
]
