"""What the talking books add to a narration's wall time, as issue 13 asks (goal <= 10%).

    .venv/bin/python bench/bench_books.py [--article ../shared/corpus/inner-thigh-cramps.md]
                                          [--repeat 3] [--voice default]

Narrates the article once with the ``default`` voice (or ``--voice``) to fill a speech
cache, then,
from that cache alone (nothing is synthesised again), renders the edition
``--repeat`` times with ``--format mp3`` and with ``--format mp3,epub,daisy``, each
into a fresh output directory, alternating, and prints the best wall time of each
and their ratio minus one: the share the books add. The ratio is against a
render from the cache, the cheapest narration there is; against a first
narration, which speaks every sentence, the share is smaller still.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READER = Path(sys.executable).with_name("reader")
SEED = ROOT.parent / "shared" / "corpus" / "inner-thigh-cramps.md"


def _narrate(article: Path, out: Path, formats: str, voice: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(READER), "narrate", str(article), "--out", str(out), "--format", formats]
        + ["--quiet", "--voice", voice],
        check=True,
    )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, default=SEED)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--voice", default="default")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-books-") as tmp:
        root = Path(tmp)
        first = _narrate(args.article, root / "warm", "mp3", args.voice)
        cache = root / "warm" / ".cache"
        best: dict[str, float] = {}
        for n in range(args.repeat):
            for formats in ("mp3", "mp3,epub,daisy"):
                out = root / f"{n}-{formats.replace(',', '-')}"
                shutil.copytree(cache, out / ".cache")
                seconds = _narrate(args.article, out, formats, args.voice)
                best[formats] = min(best.get(formats, seconds), seconds)
        plain, books = best["mp3"], best["mp3,epub,daisy"]
        print(f"first narration (speaks every sentence): {first:.2f} s")
        print(f"render from the cache, mp3:             {plain:.2f} s (best of {args.repeat})")
        print(f"render from the cache, mp3+epub+daisy:  {books:.2f} s (best of {args.repeat})")
        print(f"books add: {books / plain - 1:+.1%} of a cached render (goal <= +10%)")
        print(f"books add: {(books - plain) / first:+.1%} of a first narration")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
