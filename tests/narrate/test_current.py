"""The batch fast path: an edition is current when nothing it is made from changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.narrate import NarrateSettings, current, narrate_article
from reader.narrate.current import current_edition, read_edition_index

pytestmark = pytest.mark.e2e

ARTICLE = "---\ntitle: Short\n---\n\nOne sentence here. And another one.\n"


@pytest.fixture
def narrated(tmp_path: Path) -> tuple[Path, NarrateSettings]:
    article = tmp_path / "short.md"
    article.write_text(ARTICLE)
    settings = NarrateSettings(out_dir=tmp_path / "out")
    result = narrate_article(str(article), settings=settings)
    assert result.manifest.source == str(article.resolve())
    assert result.manifest.input_sha256
    return article, settings


def _current(article: Path, settings: NarrateSettings) -> bool:
    index = read_edition_index(settings.out_dir)
    return current_edition(str(article), settings=settings, index=index) is not None


def test_unchanged_article_is_current(narrated: tuple[Path, NarrateSettings]) -> None:
    article, settings = narrated
    assert _current(article, settings)


def test_any_changed_input_needs_a_real_look(narrated: tuple[Path, NarrateSettings]) -> None:
    article, settings = narrated
    assert not _current(article, NarrateSettings(out_dir=settings.out_dir, force=True))
    assert not _current(article, NarrateSettings(out_dir=settings.out_dir, formats=("mp3", "m4b")))
    assert not _current(article, NarrateSettings(out_dir=settings.out_dir, read_references=True))
    lexicon = article.with_name("short.lexicon.toml")
    lexicon.write_text('sentence = "sen tence"\n')
    assert not _current(article, settings)
    lexicon.unlink()
    article.write_text(ARTICLE.replace("another", "a second"))
    assert not _current(article, settings)


def test_a_change_to_the_narration_code_needs_a_real_look(
    narrated: tuple[Path, NarrateSettings], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edited parser may read the same file differently, released or not."""
    article, settings = narrated
    monkeypatch.setattr(current, "_code_fingerprint", lambda: "edited parser")
    assert not _current(article, settings)


def test_a_damaged_edition_is_not_current(narrated: tuple[Path, NarrateSettings]) -> None:
    article, settings = narrated
    next((settings.out_dir / "short" / "sections").glob("*.mp3")).write_bytes(b"")
    assert not _current(article, settings)


def test_unchanged_script_with_new_inputs_records_them(
    narrated: tuple[Path, NarrateSettings],
) -> None:
    article, settings = narrated
    article.write_text(ARTICLE + "\n")  # new bytes, same speech
    result = narrate_article(str(article), settings=settings)
    assert result.status == "unchanged"
    assert _current(article, settings)


def test_a_directory_of_language_files_is_part_of_the_input(
    narrated: tuple[Path, NarrateSettings], tmp_path: Path
) -> None:
    article, settings = narrated
    languages = tmp_path / "languages"
    languages.mkdir()
    (languages / "pl.toml").write_text('code = "pl"\n', encoding="utf-8")
    assert not _current(
        article, NarrateSettings(out_dir=settings.out_dir, language_dirs=(languages,))
    )
