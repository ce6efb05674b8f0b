"""py3langid's model, decompressed once into the model cache and loaded from there,
classified without numpy as py3langid classifies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.language_model import _from_cache, _from_package

TEXTS = (
    "Cramps in the inner thigh are common and usually harmless. They come from tired muscles.",
    "Krämpfe an der Innenseite des Oberschenkels sind häufig und meist harmlos.",
    "Les crampes à l'intérieur de la cuisse sont fréquentes et le plus souvent bénignes.",
)
MORE_TEXTS = (
    "",
    "!!! ... ???",
    "THE WHOLE SENTENCE IS SHOUTED IN CAPITAL LETTERS, AS SOME HEADLINES ARE.",
    "Привет, как дела? Это короткое предложение на русском языке.",
    "这是一个用中文写的测试句子。",
    "Ово је реченица на српском језику, ћирилицом.",
    "Ovo je rečenica na srpskom jeziku, latinicom.",
    "Los calambres en la cara interna del muslo son frecuentes y casi siempre benignos.",
    "e\u0301te\u0301 (a decomposed accent) mixed with English words and 12,345 numbers",
)
SEED = Path(__file__).resolve().parents[1] / "reader" / "samples" / "inner-thigh-cramps.md"


def _same(mine: tuple[str, float], theirs: tuple[str, float]) -> None:
    """The same language, with the probability py3langid gives in float32."""
    assert mine[0] == theirs[0]
    assert mine[1] == pytest.approx(theirs[1], abs=1e-5)


def test_the_cached_model_identifies_as_py3langids_own(tmp_path: Path) -> None:
    package = _from_package()
    first = _from_cache(tmp_path)
    [kept] = tmp_path.glob("py3langid-*")
    assert kept.is_dir()
    again = _from_cache(tmp_path)  # from the kept arrays this time
    assert [p.name for p in tmp_path.iterdir()] == [kept.name]  # no temporary folder left
    for text in (*TEXTS, *MORE_TEXTS, SEED.read_text(encoding="utf-8")[:4000]):
        assert first.classify(text) == again.classify(text)
        _same(first.classify(text), package.classify(text))


def test_a_narration_identifies_the_language_without_loading_numpy(tmp_path: Path) -> None:
    _from_cache(tmp_path)  # the cache is made (with numpy) once
    probe = (
        "import sys\n"
        "from reader.parse.language import detect_language\n"
        f"print(detect_language({TEXTS[1]!r} * 3))\n"
        "print('numpy' in sys.modules)\n"
    )
    env = {**os.environ, "READER_MODEL_CACHE": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["de", "False"]


@pytest.mark.parametrize("name", ["nextmove", "ptc", "out_feat", "classes"])
@pytest.mark.parametrize("damage", ["overwritten", "cut short"])
def test_a_damaged_cache_file_gives_way_to_the_package_model(
    tmp_path: Path, name: str, damage: str
) -> None:
    _from_cache(tmp_path)
    [kept] = tmp_path.glob(f"py3langid-*/{name}.npy")
    data = kept.read_bytes()
    kept.write_bytes(b"not a model" if damage == "overwritten" else data[: len(data) - 8])
    assert _from_cache(tmp_path) is None  # language_identifier() then loads py3langid's


def test_an_unwritable_cache_gives_way_to_the_package_model(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    assert _from_cache(blocked / "models") is None
