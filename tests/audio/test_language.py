"""ID3 language codes are ISO 639-2 (issue 9 item 6: TLAN was ``en``)."""

from __future__ import annotations

import pytest

from reader.audio.language import iso639_2


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("en", "eng"),
        ("en-GB", "eng"),
        ("EN_us", "eng"),
        ("de-AT", "deu"),
        ("fr", "fra"),
        ("zh-Hant-TW", "zho"),
        ("yue", "yue"),
        ("nb", "nob"),
        ("xx", None),
        ("", None),
        (None, None),
    ],
)
def test_bcp47_tags_map_to_iso_639_2(tag: str | None, code: str | None) -> None:
    assert iso639_2(tag) == code
