"""Distributed-mode throughput and queue overhead, as issue 11 asks, in one run.

    .venv/bin/python bench/bench_scale.py [--broker redis://127.0.0.1:6379/14]
                                          [--corpus DIR ...] [--voice default]

Narrates the same articles (by default the seed article and the Hugo corpus)
three ways, each from an empty editions folder and speech cache:

- locally, ``reader narrate --jobs 1``;
- through the queue with one ``reader worker`` (one process, concurrency 1);
- through the queue with two such workers.

For each it prints articles per minute and audio-hours per CPU-hour, counting
the CPU of every process involved (workers from start to stop, engines,
ffmpeg, the submitter). The goal is judged with the workers already running,
as they are through an archive: their process trees' CPU during the batch
(after one warm-up article each) plus the submitter's, against the whole
local command (start-up included); the figure with worker start-up counted
is printed too. Then it
sends tiny articles one at a time to an idle worker and prints the median time
from submit to start. Finally a capacity table: machines of N cores needed to
narrate 100,000 five-minute articles in 24 hours, from the measured CPU-seconds
per audio minute.

Goals (issue 11):
- queue overhead under 50 ms per article (median submit-to-start);
- CPU per article in distributed mode within 10% of local mode.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READER = Path(sys.executable).with_name("reader")
_EN = "---\nlanguage: en\n---\n"
"""Front matter of the bench's own notes: English, whatever a guess from one line says."""
ARCHIVE_ARTICLES = 100_000
ARTICLE_AUDIO_MIN = 5.0


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _audio_s(report: Path) -> float:
    summary = json.loads(report.read_text())
    return sum(a["duration_ms"] for a in summary["articles"]) / 1000


def run_local(articles: list[str], work: Path, voice: str) -> dict[str, float]:
    report = work / "local.json"
    before, started = _children_cpu_s(), time.perf_counter()
    subprocess.run(
        [str(READER), "narrate", *articles, "--out", str(work / "local"), "--jobs", "1"]
        + ["--voice", voice, "--quiet", "--report", str(report)],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return {
        "wall_s": time.perf_counter() - started,
        "cpu_s": _children_cpu_s() - before,
        "audio_s": _audio_s(report),
    }


def _start_worker(env: dict[str, str], out: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as stderr:
        worker = subprocess.Popen(
            [str(READER), "worker", "--out", str(out), "--concurrency", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    deadline = time.monotonic() + 60
    while " ready." not in log.read_text(errors="replace"):
        if worker.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"reader worker did not start:\n{log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.05)
    return worker


def _stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        worker.wait(60)


def _tree_cpu_s(roots: list[int]) -> float:
    """CPU of running processes and all their descendants, with the children they
    have reaped (Linux /proc)."""
    stats = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        stats[int(stat.parent.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    tree, frontier = set(roots), list(roots)
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, _) in stats.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    return sum(stats[pid][1] for pid in tree if pid in stats) / os.sysconf("SC_CLK_TCK")


def _warm_up(env: dict[str, str], voice: str, count: int) -> None:
    """One tiny article per worker, so engines are loaded before the clock starts."""
    from celery.result import AsyncResult

    from reader.config import load_settings
    from reader.queue import ArticleMessage, create_celery, send_message

    app = create_celery(
        load_settings(env={k: v for k, v in env.items() if k.startswith("READER_")})
    )
    ids = []
    for number in range(count):
        text = f"{_EN}# Warm up {uuid.uuid4().hex[:6]}\n\nA short note, number {number}.\n"
        message = ArticleMessage(label="warm-up", data=text.encode(), voice=voice)
        ids.append(send_message(app, message))
    for task_id in ids:
        AsyncResult(task_id, app=app).get(timeout=120)


def _logged_cpu_s(logs: list[Path]) -> float:
    total = 0.0
    for log in logs:
        for line in log.read_text(errors="replace").splitlines():
            if line.startswith('{"event": "article"'):
                total += json.loads(line)["cpu_seconds"]
    return total


def run_queued(
    articles: list[str], work: Path, voice: str, env: dict[str, str], count: int
) -> dict[str, float]:
    name = f"queued{count}"
    out, report = work / name, work / f"{name}.json"
    logs = [work / f"{name}-worker{i}.log" for i in range(count)]
    before = _children_cpu_s()
    workers = [_start_worker(env, out, log) for log in logs]
    _warm_up(env, voice, count)
    warm_before = _tree_cpu_s([w.pid for w in workers])
    submitter_before = _children_cpu_s()
    started = time.perf_counter()
    subprocess.run(
        [str(READER), "narrate", *articles, "--queue", "--voice", voice, "--quiet"]
        + ["--report", str(report)],
        check=True,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    warm = _tree_cpu_s([w.pid for w in workers]) - warm_before
    warm += _children_cpu_s() - submitter_before
    _stop(workers)
    return {
        "wall_s": wall,
        "cpu_s": _children_cpu_s() - before,
        "warm_cpu_s": warm,
        "logged_cpu_s": _logged_cpu_s(logs),
        "audio_s": _audio_s(report),
    }


def queue_overhead_ms(env: dict[str, str], work: Path, voice: str, tasks: int) -> list[float]:
    """Submit-to-start of tiny articles sent one at a time to an idle worker."""
    from celery.result import AsyncResult

    from reader.config import load_settings
    from reader.queue import ArticleMessage, create_celery, send_message

    log = work / "overhead-worker.log"
    worker = _start_worker(env, work / "overhead", log)
    app = create_celery(
        load_settings(env={k: v for k, v in env.items() if k.startswith("READER_")})
    )
    waits = []
    try:
        for number in range(tasks + 1):
            text = f"{_EN}# Note {uuid.uuid4().hex[:6]}\n\nA short note, number {number}.\n"
            message = ArticleMessage(
                label=f"note {number}", data=text.encode(), voice=voice, submitted_at=time.time()
            )
            result = AsyncResult(send_message(app, message), app=app).get(timeout=120)
            if number:  # the first warms the worker's engine up
                waits.append(float(result["queued_ms"]))
    finally:
        _stop([worker])
    return waits


def _line(label: str, run: dict[str, float], articles: int) -> str:
    per_min = articles / run["wall_s"] * 60
    audio_per_cpu = run["audio_s"] / run["cpu_s"]
    return (
        f"{label:22} {run['wall_s']:6.1f} s  {per_min:5.1f} articles/min  "
        f"{run['cpu_s'] / articles:5.2f} CPU-s/article  "
        f"{audio_per_cpu:6.1f} audio-h/CPU-h"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/14")
    parser.add_argument(
        "--corpus",
        type=Path,
        nargs="+",
        default=[ROOT / "reader" / "samples", ROOT.parent / "shared" / "corpus" / "hugo"],
    )
    parser.add_argument("--voice", default="default")
    parser.add_argument("--overhead-tasks", type=int, default=20)
    args = parser.parse_args()
    articles = sorted(
        str(p) for folder in args.corpus for p in folder.glob("*.md") if p.name != "README.md"
    )
    env = {
        **os.environ,
        "READER_BROKER_URL": args.broker,
        "READER_QUEUE_NAME": f"bench-{uuid.uuid4().hex[:8]}",
    }
    env.pop("READER_RESULT_BACKEND", None)
    print(f"{len(articles)} articles, voice {args.voice}, {os.cpu_count()} CPUs, {args.broker}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        local = run_local(articles, work, args.voice)
        one = run_queued(articles, work, args.voice, env, 1)
        two = run_queued(articles, work, args.voice, env, 2)
        waits = queue_overhead_ms(env, work, args.voice, args.overhead_tasks)
    n = len(articles)
    print(_line("local, --jobs 1", local, n))
    print(_line("queue, 1 worker", one, n))
    print(_line("queue, 2 workers", two, n))
    print(
        f"audio: {local['audio_s'] / 60:.1f} min; CPU per article with the workers already "
        f"running (as they are for an archive): {one['warm_cpu_s'] / n:.2f} s (1 worker), "
        f"{two['warm_cpu_s'] / n:.2f} s (2); as the workers logged it: "
        f"{one['logged_cpu_s'] / n:.2f} s, {two['logged_cpu_s'] / n:.2f} s"
    )
    cold = one["cpu_s"] / local["cpu_s"]
    print(f"CPU per article, queue / local, counting worker start-up: {cold:5.2f}")
    ratio = one["warm_cpu_s"] / local["cpu_s"]
    verdict = "ok" if ratio <= 1.10 else "MISSED"
    print(
        f"CPU per article, queue (running workers) / local: {ratio:5.2f}  (goal <= 1.10: {verdict})"
    )
    median = statistics.median(waits)
    verdict = "ok" if median < 50 else "MISSED"
    print(
        f"queue overhead, submit to start: median {median:.1f} ms over {len(waits)} tasks, "
        f"max {max(waits):.1f} ms  (goal < 50 ms: {verdict})"
    )
    cpu_per_audio_min = one["warm_cpu_s"] / (one["audio_s"] / 60)
    needed = ARCHIVE_ARTICLES * ARTICLE_AUDIO_MIN * cpu_per_audio_min
    print(
        f"\ncapacity: {cpu_per_audio_min:.1f} CPU-s per audio minute -> "
        f"{ARCHIVE_ARTICLES:,} articles x {ARTICLE_AUDIO_MIN:.0f} min = "
        f"{needed / 3600:,.0f} CPU-hours"
    )
    print("| cores per machine | machines for 24 hours |")
    print("|---|---|")
    for cores in (2, 4, 8, 16, 32, 64):
        print(f"| {cores} | {math.ceil(needed / (cores * 86_400))} |")


if __name__ == "__main__":
    main()
