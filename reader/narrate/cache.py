"""Synthesised speech, stored by content.

A clip's key is the hash of everything that decides how it sounds: the voice
identity (engine, engine version, voice, settings) and the exact text sent to
the engine (normalised, lexicon applied). Narrating an unchanged article
again finds every clip here; editing one paragraph misses only its sentences.

Clips are trimmed mono s16le PCM files, written to a temporary name and
renamed, so a crash never leaves a truncated clip under a valid key.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

__all__ = ["SpeechCache"]


class SpeechCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    @staticmethod
    def key(identity: str, text: str) -> str:
        return hashlib.sha256(f"{identity}\0{text}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pcm"

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def frames(self, key: str) -> int:
        """Length of the clip in samples (16-bit mono)."""
        return self._path(key).stat().st_size // 2

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def put(self, key: str, pcm: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pcm")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(pcm)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
