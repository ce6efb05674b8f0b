"""py3langid's model, decompressed once into the model cache and loaded from there."""

from __future__ import annotations

from pathlib import Path

from reader.language_model import _from_cache, _from_package

TEXTS = (
    "Cramps in the inner thigh are common and usually harmless. They come from tired muscles.",
    "Krämpfe an der Innenseite des Oberschenkels sind häufig und meist harmlos.",
    "Les crampes à l'intérieur de la cuisse sont fréquentes et le plus souvent bénignes.",
)


def test_the_cached_model_identifies_as_py3langids_own(tmp_path: Path) -> None:
    package = _from_package()
    first = _from_cache(tmp_path)
    [kept] = tmp_path.glob("py3langid-*")
    assert kept.is_dir()
    again = _from_cache(tmp_path)  # from the kept arrays this time
    assert [p.name for p in tmp_path.iterdir()] == [kept.name]  # no temporary folder left
    for text in TEXTS:
        assert first.classify(text) == again.classify(text) == package.classify(text)
        assert first.rank(text) == again.rank(text) == package.rank(text)


def test_a_damaged_cache_file_gives_way_to_the_package_model(tmp_path: Path) -> None:
    _from_cache(tmp_path)
    [kept] = tmp_path.glob("py3langid-*/nextmove.npy")
    kept.write_bytes(b"not a model")
    assert _from_cache(tmp_path) is None  # language_identifier() then loads py3langid's


def test_an_unwritable_cache_gives_way_to_the_package_model(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    assert _from_cache(blocked / "models") is None
