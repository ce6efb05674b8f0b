"""reader: offline, accessible article narrator.

An article goes in; a navigable spoken edition comes out, served as a podcast.
"""

from reader.errors import ReaderError
from reader.model import Document, Metadata, Section

__all__ = ["Document", "Metadata", "ReaderError", "Section", "__version__"]

__version__ = "0.1.0"
