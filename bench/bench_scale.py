"""Distributed-mode throughput and queue overhead, as issue 11 asks, in one run.

    .venv/bin/python bench/bench_scale.py [--broker redis://127.0.0.1:6379/14]
                                          [--corpus DIR ...] [--voice PROFILE ...]
                                          [--capacity-only]

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

Every ``--voice`` given is measured in turn, and the capacity table has a
column for each. By default: the project's espeak-ng profile and its Piper
(neural) one, ``default`` for whichever engine it uses and the first other
profile in ``voices/`` for the other engine. ``--capacity-only`` runs only what
the capacity figure needs (one worker through the queue), for slow voices on a
busy machine.

The warm-up and overhead notes say ``lang: en`` in their front matter and are
a few English sentences long: an English-only voice (Piper's) refuses an
article whose language it cannot tell is English.

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
ARCHIVE_ARTICLES = 100_000
ARTICLE_AUDIO_MIN = 5.0


def default_voices(voices_dir: Path = ROOT / "voices") -> list[str]:
    """One profile per engine, espeak-ng then Piper: ``default`` for its own engine,
    the first other profile (by name) for the other."""
    import tomllib

    engines: dict[str, list[str]] = {}
    for path in sorted(voices_dir.glob("*.toml")):
        profile = tomllib.loads(path.read_text(encoding="utf-8"))
        engines.setdefault(profile.get("engine", "espeak"), []).append(path.stem)
    chosen = []
    for engine in ("espeak", "piper"):
        names = engines.get(engine, [])
        if names:
            chosen.append("default" if "default" in names else names[0])
    return chosen


def _engine(voice: str, voices_dir: Path = ROOT / "voices") -> str:
    import tomllib

    path = voices_dir / f"{voice}.toml"
    if not path.is_file():
        return "?"
    return str(tomllib.loads(path.read_text(encoding="utf-8")).get("engine", "espeak"))


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


def _note(title: str, number: int) -> bytes:
    """A short English article (its language stated: too short to guess)."""
    return (
        f"---\ntitle: {title}\nlang: en\n---\n\n"
        f"This is a short note, number {number}. It says little, and it says it in "
        "plain English, so that every voice can read it aloud.\n"
    ).encode()


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
        data = _note(f"Warm up {uuid.uuid4().hex[:6]}", number)
        message = ArticleMessage(label="warm-up", data=data, voice=voice, format="markdown")
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
    submitter = _children_cpu_s() - submitter_before
    # The workers' trees now, start-up included, read before they stop: a worker
    # stopped by a signal need not reap its pool's engine processes, so the CPU it
    # reports as a child once ended can miss theirs (Piper's engines most of all).
    tree = _tree_cpu_s([w.pid for w in workers])
    warm = tree - warm_before + submitter
    _stop(workers)
    return {
        "wall_s": wall,
        "cpu_s": max(tree + submitter, _children_cpu_s() - before),
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
            message = ArticleMessage(
                label=f"note {number}",
                data=_note(f"Note {uuid.uuid4().hex[:6]}", number),
                format="markdown",
                voice=voice,
                submitted_at=time.time(),
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


def measure_voice(
    articles: list[str], env: dict[str, str], voice: str, *, overhead_tasks: int, full: bool
) -> float:
    """Print one voice's figures; return its CPU-seconds per audio minute (queued, one
    worker already running)."""
    n = len(articles)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        local = run_local(articles, work, voice) if full else None
        one = run_queued(articles, work, voice, env, 1)
        two = run_queued(articles, work, voice, env, 2) if full else None
        waits = queue_overhead_ms(env, work, voice, overhead_tasks) if full else []
    print(f"\nvoice {voice} ({_engine(voice)})")
    if local is not None:
        print(_line("local, --jobs 1", local, n))
    print(_line("queue, 1 worker", one, n))
    if two is not None:
        print(_line("queue, 2 workers", two, n))
    print(
        f"audio: {one['audio_s'] / 60:.1f} min; CPU per article with the workers already "
        f"running (as they are for an archive): {one['warm_cpu_s'] / n:.2f} s (1 worker)"
        + (f", {two['warm_cpu_s'] / n:.2f} s (2)" if two else "")
        + f"; as the workers logged it: {one['logged_cpu_s'] / n:.2f} s"
    )
    if local is not None:
        cold = one["cpu_s"] / local["cpu_s"]
        print(f"CPU per article, queue / local, counting worker start-up: {cold:5.2f}")
        ratio = one["warm_cpu_s"] / local["cpu_s"]
        verdict = "ok" if ratio <= 1.10 else "MISSED"
        print(
            f"CPU per article, queue (running workers) / local: {ratio:5.2f}  "
            f"(goal <= 1.10: {verdict})"
        )
    if waits:
        median = statistics.median(waits)
        verdict = "ok" if median < 50 else "MISSED"
        print(
            f"queue overhead, submit to start: median {median:.1f} ms over {len(waits)} "
            f"tasks, max {max(waits):.1f} ms  (goal < 50 ms: {verdict})"
        )
    cpu_per_audio_min = one["warm_cpu_s"] / (one["audio_s"] / 60)
    print(
        f"capacity: {cpu_per_audio_min:.2f} CPU-s per audio minute, "
        f"{60 / cpu_per_audio_min:.1f} audio-hours per CPU-hour (queued, 1 worker running)"
    )
    return cpu_per_audio_min


def print_capacity(per_audio_min: dict[str, float]) -> None:
    """Machines of N cores for the archive in 24 hours, one column per voice."""
    voices = list(per_audio_min)
    needed = {v: ARCHIVE_ARTICLES * ARTICLE_AUDIO_MIN * c for v, c in per_audio_min.items()}
    print(
        f"\n{ARCHIVE_ARTICLES:,} articles x {ARTICLE_AUDIO_MIN:.0f} min of audio in 24 hours; "
        + "; ".join(
            f"{v}: {per_audio_min[v]:.2f} CPU-s per audio minute, {needed[v] / 3600:,.0f} CPU-hours"
            for v in voices
        )
    )
    print(
        "| cores per machine | "
        + " | ".join(f"machines, {v} ({_engine(v)})" for v in voices)
        + " |"
    )
    print("|---|" + "---|" * len(voices))
    for cores in (2, 4, 8, 16, 32, 64):
        cells = " | ".join(str(math.ceil(needed[v] / (cores * 86_400))) for v in voices)
        print(f"| {cores} | {cells} |")


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
    parser.add_argument(
        "--voice", nargs="+", default=None, help="profiles (default: espeak-ng's and Piper's)"
    )
    parser.add_argument("--overhead-tasks", type=int, default=20)
    parser.add_argument(
        "--capacity-only",
        action="store_true",
        help="measure only the capacity figure (one worker through the queue)",
    )
    args = parser.parse_args()
    args.voice = args.voice or default_voices()
    articles = sorted(
        str(p) for folder in args.corpus for p in folder.glob("*.md") if p.name != "README.md"
    )
    env = {
        **os.environ,
        "READER_BROKER_URL": args.broker,
        "READER_QUEUE_NAME": f"bench-{uuid.uuid4().hex[:8]}",
    }
    env.pop("READER_RESULT_BACKEND", None)
    voices = ", ".join(args.voice)
    print(f"{len(articles)} articles, voices {voices}, {os.cpu_count()} CPUs, {args.broker}")
    per_audio_min = {
        voice: measure_voice(
            articles,
            env,
            voice,
            overhead_tasks=args.overhead_tasks,
            full=not args.capacity_only,
        )
        for voice in args.voice
    }
    print_capacity(per_audio_min)


if __name__ == "__main__":
    main()
