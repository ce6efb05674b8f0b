"""The server: feeds, edition files, the accessible player and the publisher API."""

from reader.web.app import DEFAULT_COVER, create_app
from reader.web.site import Site

__all__ = ["DEFAULT_COVER", "Site", "create_app"]
