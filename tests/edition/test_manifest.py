from pathlib import Path

import mutagen.mp3
import pytest
from support.editions import make_edition

from reader.edition.manifest import manifest_from_json, public_path


def test_make(tmp_path: Path) -> None:
    m = make_edition(tmp_path)
    back = manifest_from_json((tmp_path / m.slug / "manifest.json").read_text())
    assert back == m
    f = mutagen.mp3.MP3(tmp_path / m.slug / "episode.mp3")
    assert abs(f.info.length - m.duration_ms / 1000) < 0.2
    assert len([k for k in f.tags.keys() if k.startswith("CHAP")]) == len(m.chapters)


@pytest.mark.parametrize(
    ("path", "public"),
    [
        ("episode.mp3", "leg-cramps.mp3"),
        ("episode.m4b", "leg-cramps.m4b"),
        ("sections/03-overuse.mp3", "sections/leg-cramps-03-overuse.mp3"),
        ("chapters.json", "chapters.json"),
        ("transcript.vtt", "transcript.vtt"),
        ("leg-cramps.mp3", "leg-cramps.mp3"),
        ("sections/leg-cramps-03-overuse.mp3", "sections/leg-cramps-03-overuse.mp3"),
    ],
)
def test_audio_files_are_published_under_names_unique_to_the_article(
    path: str, public: str
) -> None:
    assert public_path("leg-cramps", path) == public
    assert public_path("leg-cramps", public) == public
