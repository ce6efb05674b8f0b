"""The benchmarks in ``bench/`` stay runnable: each parses its options, and the
espeak bench's set-up still reads what reader speaks and how it encodes (it names
reader's own encoder settings, which a rename once broke unseen)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.parametrize("script", sorted(p.name for p in BENCH.glob("bench_*.py")))
def test_each_bench_starts_and_explains_itself(script: str) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH / script), "--help"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout


def _bench(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module


def test_the_espeak_bench_speaks_the_seeds_narration_with_readers_encoder_settings() -> None:
    bench = _bench("bench_espeak_process")
    found = bench.setup(bench.ROOT / "voices" / "espeak.toml")
    assert found["slug"] == "what-causes-inner-thigh-cramps"
    assert "Inner Thigh Cramps" in found["text"]
    assert found["mp3"][:2] == ["-c:a", "libmp3lame"]
    assert Path(found["ffmpeg"]).is_file()
