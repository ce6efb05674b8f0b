"""Each voice's intelligibility, speed and memory against issue 12's goals, in one run.

    .venv/bin/python bench/bench_voice.py [--voices default,espeak,joe,pyttsx3]
        [--articles FILE ...] [--model DIR] [--json FILE]

For each voice profile (by default every one of ``default``, ``espeak``,
``joe`` and ``pyttsx3`` that exists and whose engine is installed) and each
article (by default the seed and three corpus articles: a news story, a
technical blog post and a release note), narrates the article as a whole
``reader narrate`` process (``--force --jobs 1``, a fresh output directory)
and measures:

- WER: tiny.en (``reader proof``'s recogniser, needs the ``proof`` extra)
  transcribes each section file; the words are aligned with the edition's
  transcript cues, both normalised (``reader.proof.words``: no WebVTT tags,
  lower case, no punctuation, numbers as words). Per article: errors over
  written words, summed over its sections. ``--json`` also keeps each
  section's WER and each misheard sentence.
- real-time factor: the narration's wall time / the audio's duration, and its
  CPU time (user + system of the process and every process it started) /
  the audio's duration. The wall time includes start-up, parsing and the MP3
  encode; on a loaded machine it varies from run to run, CPU time much less.
- peak RSS: the largest resident set of any one process of the narration
  (``ru_maxrss`` of its children, read by a small wrapper process: the
  narrating process and its speech workers).

Then the goals, with measured / goal ratios (<= 1.0 meets the goal):

- the ``default`` voice's WER on the seed <= 2.5% (tiny.en; joe measured 3.0%
  and espeak-ng 11.3% when the issue was filed);
- real-time factor <= 0.1 on 2 cores;
- peak RSS <= 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = CORPUS / "inner-thigh-cramps.md"
ARTICLES = (
    SEED,
    CORPUS / "web" / "theguardian.com.academics.html",
    CORPUS / "web" / "lemire.me.json.html",
    CORPUS / "web" / "blog.python.org.html",
)
VOICES = ("default", "espeak", "joe", "pyttsx3")
WER_GOAL = 0.025
RTF_GOAL = 0.1
RSS_GOAL_MB = 500
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from reader.proof import Recogniser


@dataclass
class Run:
    voice: str
    article: str
    slug: str = ""
    audio_s: float = 0.0
    wall_s: float = 0.0
    cpu_s: float = 0.0
    peak_rss_mb: float = 0.0
    words: int = 0
    errors: int = 0
    failure: str = ""
    sections: list[dict[str, Any]] = field(default_factory=list)

    @property
    def wer(self) -> float:
        return self.errors / self.words if self.words else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "voice": self.voice,
            "article": self.article,
            "slug": self.slug,
            "audio_s": round(self.audio_s, 3),
            "wall_s": round(self.wall_s, 3),
            "cpu_s": round(self.cpu_s, 3),
            "rtf_wall": round(self.wall_s / self.audio_s, 4) if self.audio_s else None,
            "rtf_cpu": round(self.cpu_s / self.audio_s, 4) if self.audio_s else None,
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "words": self.words,
            "errors": self.errors,
            "wer": round(self.wer, 4),
            "failure": self.failure,
            "sections": self.sections,
        }


def available_voices(wanted: tuple[str, ...]) -> list[str]:
    """The profiles among ``wanted`` that exist and whose engine is installed."""
    from reader.speech.profile import list_voice_profiles

    engines = {p.name: p.engine for p in list_voice_profiles()}
    voices = []
    for name in wanted:
        engine = engines.get(name)
        if engine is None:
            print(f"(no voice profile {name!r}: skipped)")
        elif engine == "piper" and not _importable("piper"):
            print(f"(voice {name!r} needs the neural extra: skipped)")
        elif engine == "pyttsx3" and not _importable("pyttsx3"):
            print(f"(voice {name!r} needs pyttsx3: skipped)")
        else:
            voices.append(name)
    return voices


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


# Runs the narration as its child and reports its figures. A small process of its own,
# because a child's peak RSS counts the memory of the process it was forked from
# (this one holds the recogniser's model) until it execs.
_MEASURE = """
import json, os, resource, subprocess, sys, time
started = time.perf_counter()
status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
wall_s = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"status": status, "wall_s": wall_s, "cpu_s": usage.ru_utime + usage.ru_stime,
                  "maxrss_kb": usage.ru_maxrss}))
"""


def narrate(article: Path, voice: str, out: Path) -> Run:
    """One ``reader narrate`` process: its wall time, CPU time and peak RSS."""
    from reader.edition.manifest import manifest_from_json

    run = Run(voice=voice, article=os.path.relpath(article, ROOT.parent))
    command = [sys.executable, "-m", "reader", "narrate", str(article), "--out", str(out)]
    command += ["--voice", voice, "--force", "--jobs", "1", "--quiet", "--format", "mp3"]
    log = out.with_suffix(".log")
    with log.open("w") as stderr:
        measured = subprocess.run(
            [sys.executable, "-c", _MEASURE, *command],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            check=False,
        )
    errors = log.read_text(encoding="utf-8", errors="replace")
    figures = json.loads(measured.stdout.strip().splitlines()[-1])
    run.wall_s, run.cpu_s = figures["wall_s"], figures["cpu_s"]
    run.peak_rss_mb = figures["maxrss_kb"] / 1024
    manifests = list(out.glob("*/manifest.json"))
    if figures["status"] != 0 or len(manifests) != 1:
        run.failure = errors.strip().splitlines()[-1] if errors.strip() else "no edition"
        return run
    manifest = manifest_from_json(manifests[0].read_text(encoding="utf-8"))
    run.slug = manifest.slug
    run.audio_s = manifest.duration_ms / 1000
    return run


def measure_wer(run: Run, edition_dir: Path, recogniser: Recogniser) -> None:
    from reader.proof import proof_edition

    report = proof_edition(edition_dir, recogniser)
    run.words, run.errors = report.words, report.errors
    run.sections = [
        {
            "number": s.number,
            "title": s.title,
            "words": s.words,
            "errors": s.errors,
            "wer": round(s.wer, 4),
            "findings": [f.to_dict() for f in s.findings],
        }
        for s in report.sections
    ]


def print_table(runs: list[Run]) -> None:
    print()
    print(
        f"{'voice':<8} {'article':<44} {'audio s':>8} {'wall s':>7} {'RTF':>6} "
        f"{'CPU s':>7} {'CPU/aud':>7} {'RSS MB':>7} {'WER':>6}"
    )
    for r in runs:
        name = (r.slug or Path(r.article).name)[:44]
        if r.failure:
            print(f"{r.voice:<8} {name:<44} failed: {r.failure}")
            continue
        print(
            f"{r.voice:<8} {name:<44} {r.audio_s:8.1f} {r.wall_s:7.2f} "
            f"{r.wall_s / r.audio_s:6.3f} {r.cpu_s:7.2f} {r.cpu_s / r.audio_s:7.3f} "
            f"{r.peak_rss_mb:7.0f} {r.wer:6.1%}"
        )


def _ratio_line(label: str, measured: str, goal: str, ratio: float) -> str:
    verdict = "ok" if ratio <= 1.0 else "MISSED"
    return f"{label:<44} {measured:>9}  goal {goal:>7}  ratio {ratio:5.2f}  {verdict}"


def print_goals(runs: list[Run], voices: list[str], seed: str) -> None:
    print()
    print("Goals (measured / goal; <= 1.0 meets it):")
    for voice in voices:
        mine = [r for r in runs if r.voice == voice and not r.failure]
        if not mine:
            continue
        seed_run = next((r for r in mine if r.article == seed), None)
        if seed_run is not None:
            tag = "" if voice == "default" else "  (the goal is the default voice's)"
            print(
                _ratio_line(
                    f"{voice}: WER on the seed (tiny.en)",
                    f"{seed_run.wer:.1%}",
                    f"{WER_GOAL:.1%}",
                    seed_run.wer / WER_GOAL,
                )
                + tag
            )
        audio = sum(r.audio_s for r in mine)
        words = sum(r.words for r in mine)
        wer = sum(r.errors for r in mine) / words if words else 0.0
        rtf = sum(r.wall_s for r in mine) / audio
        cpu = sum(r.cpu_s for r in mine) / audio
        rss = max(r.peak_rss_mb for r in mine)
        print(f"{voice + f': WER over {len(mine)} articles':<44} {wer:>9.1%}")
        label = f"{voice}: real-time factor (wall, {os.cpu_count()} cores)"
        print(_ratio_line(label, f"{rtf:.3f}", "0.1", rtf / RTF_GOAL))
        print(_ratio_line(f"{voice}: CPU time / audio", f"{cpu:.3f}", "0.1", cpu / RTF_GOAL))
        print(
            _ratio_line(
                f"{voice}: peak RSS of one process",
                f"{rss:.0f} MB",
                f"{RSS_GOAL_MB} MB",
                rss / RSS_GOAL_MB,
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--voices",
        type=lambda v: tuple(x.strip() for x in v.split(",") if x.strip()),
        default=VOICES,
        help="comma-separated voice profiles (default: %(default)s, those installed)",
    )
    parser.add_argument(
        "--articles",
        type=Path,
        nargs="+",
        default=list(ARTICLES),
        help="articles to narrate (default: the seed and three corpus articles)",
    )
    parser.add_argument("--model", type=Path, default=None, help="CTranslate2 Whisper model dir")
    parser.add_argument("--json", type=Path, default=None, help="write every figure here")
    args = parser.parse_args()

    from reader.proof import WhisperRecogniser

    voices = available_voices(args.voices)
    articles = [a.resolve() for a in args.articles]
    recogniser = WhisperRecogniser(args.model)
    print(
        f"{len(voices)} voices x {len(articles)} articles, {os.cpu_count()} CPUs, "
        f"WER by {recogniser.name}"
    )
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="bench-voice-") as tmp:
        for voice in voices:
            for n, article in enumerate(articles):
                out = Path(tmp) / f"{voice}-{n}"
                run = narrate(article, voice, out)
                if not run.failure:
                    measure_wer(run, out / run.slug, recogniser)
                runs.append(run)
                print(
                    f"  {voice} {run.slug or article.name}: "
                    + (run.failure or f"{run.audio_s:.0f} s audio, WER {run.wer:.1%}"),
                    flush=True,
                )
    print_table(runs)
    seed = os.path.relpath(SEED.resolve(), ROOT.parent)
    print_goals(runs, voices, seed)
    if args.json:
        args.json.write_text(
            json.dumps([r.to_dict() for r in runs], indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
