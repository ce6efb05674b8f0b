"""Batch narration throughput, as issue 4 asks, in one run.

    .venv/bin/python bench/bench_batch.py [--corpus ../shared/corpus]

Narrates every article of the corpus with the ``default`` voice at
``--jobs 1`` and at ``--jobs 2`` (each from an empty output directory and
cache), then runs the ``--jobs 2`` batch again over the same inputs. Prints:

- throughput at 2 jobs / throughput at 1 job (goal >= 1.7 on a 2-core machine);
- the second run's time / the first's (goal <= 0.1).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READER = Path(sys.executable).with_name("reader")


def narrate(articles: list[str], out: Path, jobs: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(READER), "narrate", *articles, "--out", str(out), "--jobs", str(jobs), "--quiet"],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    articles = sorted(
        str(p)
        for p in args.corpus.rglob("*")
        if p.suffix in (".md", ".html") and p.name != "README.md"
    )
    print(f"{len(articles)} articles from {args.corpus}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        one = narrate(articles, Path(tmp) / "one", 1)
        two = narrate(articles, Path(tmp) / "two", 2)
        again = narrate(articles, Path(tmp) / "two", 2)
    speedup = one / two
    print(f"--jobs 1: {one:6.1f} s   --jobs 2: {two:6.1f} s")
    verdict = "ok" if speedup >= 1.7 else "MISSED"
    print(f"throughput at 2 jobs / 1 job: {speedup:5.2f}  (goal >= 1.7: {verdict})")
    ratio = again / two
    verdict = "ok" if ratio <= 0.1 else "MISSED"
    print(f"second run / first run:       {ratio:5.2f}  ({again:.2f} s; goal <= 0.1: {verdict})")


if __name__ == "__main__":
    main()
