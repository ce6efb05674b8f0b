from pathlib import Path

import mutagen.mp3
from support.editions import make_edition

from reader.edition.manifest import manifest_from_json


def test_make(tmp_path: Path) -> None:
    m = make_edition(tmp_path)
    back = manifest_from_json((tmp_path / m.slug / "manifest.json").read_text())
    assert back == m
    f = mutagen.mp3.MP3(tmp_path / m.slug / "episode.mp3")
    assert abs(f.info.length - m.duration_ms / 1000) < 0.2
    assert len([k for k in f.tags.keys() if k.startswith("CHAP")]) == len(m.chapters)
