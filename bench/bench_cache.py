"""The speech cache's size against the edition's, as issue 11 asks.

    .venv/bin/python bench/bench_cache.py [--article ../shared/corpus/inner-thigh-cramps.md]
                                          [--voice default]

Narrates the article into an empty output directory with the ``default``
voice (or ``--voice``), then prints:

- the cache's bytes (``reader cache stats``) / the edition's bytes (goal <= 0.5;
  the raw-PCM cache this replaced measured 2.5);
- the narration's wall and CPU seconds, for comparison with bench_narrate.py;
- how long re-rendering the edition from the cache alone takes (``--force`` is
  not used: a copy of the article with one changed word misses one clip and
  decodes the rest from the pack).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READER = Path(sys.executable).with_name("reader")
SEED = ROOT.parent / "shared" / "corpus" / "inner-thigh-cramps.md"


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _narrate(article: Path, out: Path, voice: str) -> tuple[float, float]:
    before, started = _children_cpu_s(), time.perf_counter()
    subprocess.run(
        [str(READER), "narrate", str(article), "--out", str(out), "--quiet", "--voice", voice],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started, _children_cpu_s() - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, default=SEED)
    parser.add_argument("--voice", default="default")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        wall, cpu = _narrate(args.article, out, args.voice)
        stats = json.loads(
            subprocess.run(
                [str(READER), "cache", "stats", "--out", str(out), "--json"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        editions = [p for p in out.iterdir() if not p.name.startswith(".")]
        edition_bytes = sum(f.stat().st_size for e in editions for f in e.rglob("*") if f.is_file())
        edited = Path(tmp) / args.article.name
        text = args.article.read_text(encoding="utf-8")
        edited.write_text(text.replace(" the ", " a ", 1), encoding="utf-8")
        again_wall, again_cpu = _narrate(edited, out, args.voice)
    ratio = stats["size_bytes"] / edition_bytes
    print(f"article: {args.article.name}, voice {args.voice}")
    print(f"narration: {wall:.2f} s wall, {cpu:.2f} s CPU")
    print(
        f"cache: {stats['size_bytes']:,} bytes in {stats['clips']} clips, {stats['packs']} pack(s)"
    )
    print(f"edition: {edition_bytes:,} bytes")
    print(f"cache / edition: {ratio:.2f} (goal <= 0.50; raw PCM was 2.5)")
    print(f"one edit, the rest from the cache: {again_wall:.2f} s wall, {again_cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
