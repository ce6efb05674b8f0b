"""Batch narration throughput, as issue 4 asks, in one run.

    .venv/bin/python bench/bench_batch.py [--corpus ../shared/corpus] [--voice default]

Narrates every article of the corpus with the ``default`` voice (Piper; its
non-English articles with the espeak fallback), or ``--voice``, at
``--jobs 1`` and at ``--jobs 2`` (each from an empty output directory and
cache), then runs the ``--jobs 2`` batch again over the same inputs. Prints:

- throughput at 2 jobs / throughput at 1 job (goal >= 1.7 on a 2-core machine);
- the second run's time / the first's (goal <= 0.1).

It also prints the CPU time each batch used (its processes and all they
started). Two jobs can beat one by at most the number of cores over the cores
a single job already keeps busy: that ceiling is printed beside the ratio.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READER = Path(sys.executable).with_name("reader")


def narrate(articles: list[str], out: Path, jobs: int, voice: str) -> tuple[float, float]:
    """Wall seconds and CPU seconds of one ``reader narrate`` batch."""
    before = _children_cpu_s()
    started = time.perf_counter()
    subprocess.run(
        [str(READER), "narrate", *articles, "--out", str(out), "--jobs", str(jobs), "--quiet"]
        + ["--voice", voice],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started, _children_cpu_s() - before


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--voice", default="default")
    args = parser.parse_args()
    articles = sorted(
        str(p)
        for p in args.corpus.rglob("*")
        if p.suffix in (".md", ".html") and p.name != "README.md"
    )
    print(f"{len(articles)} articles from {args.corpus}, voice {args.voice}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        one, one_cpu = narrate(articles, Path(tmp) / "one", 1, args.voice)
        two, two_cpu = narrate(articles, Path(tmp) / "two", 2, args.voice)
        again, _ = narrate(articles, Path(tmp) / "two", 2, args.voice)
    speedup = one / two
    busy = one_cpu / one
    print(f"--jobs 1: {one:6.1f} s, {one_cpu:5.1f} CPU-s ({busy:.2f} cores busy)")
    print(f"--jobs 2: {two:6.1f} s, {two_cpu:5.1f} CPU-s ({two_cpu / two:.2f} cores busy)")
    verdict = "ok" if speedup >= 1.7 else "MISSED"
    ceiling = (os.cpu_count() or 1) / busy
    print(
        f"throughput at 2 jobs / 1 job: {speedup:5.2f}  (goal >= 1.7: {verdict}; "
        f"ceiling here {ceiling:.2f})"
    )
    ratio = again / two
    verdict = "ok" if ratio <= 0.1 else "MISSED"
    print(f"second run / first run:       {ratio:5.2f}  ({again:.2f} s; goal <= 0.1: {verdict})")


if __name__ == "__main__":
    main()
