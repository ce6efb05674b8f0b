"""The espeak profile narrating the seed, as a whole process, against the bare tools (issue 12).

    .venv/bin/python bench/bench_espeak_process.py [--runs 7] [--voice PROFILE] [--reader CMD]

Goal (issue 12, part 4): narrating the seed article with the espeak profile,
timed as a whole process, takes no more than one bare espeak-ng call plus one
ffmpeg encode: ratio A/B of 1.0 or less.

- B, the baseline, is one shell process: Debian's ``espeak-ng`` command
  speaking the seed's narration text (the sentences reader sends to its
  engine, one paragraph each) into a WAV file, then the ffmpeg reader uses
  (imageio-ffmpeg's) encoding that WAV to MP3. The encode is the one the
  issue's figures were measured against (issue 3's baseline, as in
  ``bench_narrate.py``): ``ffmpeg -i WAV -b:a 64k MP3``, ffmpeg's own LAME
  settings at 64 kbit/s. ``B'`` is a harsher baseline, printed beside it: the
  same encode with reader's own settings (``reader.audio.encode``: compression
  level 7, which is 2.5 times faster, and no bit reservoir). ``apt-get install
  espeak-ng`` provides the command.
- A is ``reader narrate SEED --voice PROFILE --out OUT``: reader's default
  formats, which are its smallest edition (the episode MP3, the section MP3s cut
  from it, chapters, transcripts, manifest, the catalog row); reader has no
  "episode only" output. Each run starts with no edition and no speech cache
  (both removed first, in the timed shell, as B overwrites its files): the
  first narration of an article on a site whose catalog exists. ``A, new site``
  starts from an empty output folder, so it creates the catalog too.
- ``unchanged`` is the same command once more on the narrated seed: reader
  sees from the manifest that nothing changed, and publishes nothing new.

A, B and B' run in turn, A B B' A B B' ..., after one warm-up each. Each run's CPU time
(user + system, of the process and every child it waited for) and peak memory
come from the kernel's accounting of the finished process (``wait4``), its
wall time from a monotonic clock. Medians are printed, and the ratio A/B
taken pair by pair, so a drift in the machine's speed cancels out. The
machine is shared: quote the medians of CPU time, and the wall ratio only
from a quiet machine (``uptime``'s load below its number of cores).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "reader" / "samples" / "inner-thigh-cramps.md"
READER = Path(sys.executable).with_name("reader")


@dataclass(frozen=True, slots=True)
class Run:
    user_s: float
    sys_s: float
    wall_s: float
    peak_mib: float
    code: int

    @property
    def cpu_s(self) -> float:
        return self.user_s + self.sys_s


def run_once(command: str) -> Run:
    """Run ``command`` in ``sh`` and account for it (and its waited-for children)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        ["sh", "-c", command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(usage.ru_utime, usage.ru_stime, wall, usage.ru_maxrss / 1024, process.returncode)


def espeak_profile() -> Path:
    """``voices/espeak.toml``, else ``voices/default.toml`` while that speaks with espeak."""
    for name in ("espeak", "default"):
        path = ROOT / "voices" / f"{name}.toml"
        if path.is_file() and tomllib.loads(path.read_text())["engine"] == "espeak":
            return path
    sys.exit("no espeak voice profile in voices/: give one with --voice")


def setup(profile: Path) -> dict[str, Any]:
    """What reader speaks for the seed (one paragraph per utterance), its slug, the
    narrator's rate and reader's MP3 encoder settings; computed in a child process,
    so that this one stays small (a child inherits its parent's peak memory)."""
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from reader.audio import ffmpeg_exe\n"
        "from reader.audio.encode import MP3_ARGS\n"
        "from reader.audio.sections import ID3_ARGS\n"
        "from reader.languages import read_languages\n"
        "from reader.parse import parse_article\n"
        "from reader.script import build_script\n"
        "from reader.speech import load_voice_profile\n"
        "voice = load_voice_profile(Path(sys.argv[1]))\n"
        "seed = Path(sys.argv[2])\n"
        "doc = parse_article(seed.read_text(encoding='utf-8'), source=seed.name)\n"
        "language = (doc.metadata.language or voice.language or 'en').replace('_', '-')\n"
        "script = build_script(doc, lexicon=None, language=language, "
        "languages=read_languages(()))\n"
        "print(json.dumps({\n"
        "    'text': '\\n\\n'.join(u.text for u in script.utterances()) + '\\n',\n"
        "    'slug': doc.metadata.slug,\n"
        "    'rate': voice.settings_for('narrator').rate_wpm,\n"
        "    'mp3': [*MP3_ARGS, *ID3_ARGS],  # the lists reader's encode uses\n"
        "    'ffmpeg': ffmpeg_exe(),\n"
        "}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(profile), str(SEED)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def alternate(commands: list[str], runs: int) -> list[list[Run]]:
    """Each command's runs, the commands taking turns (after one warm-up each)."""
    for command in commands:
        run_once(command)  # warm-up: page cache, .pyc files
    rounds = [[run_once(command) for command in commands] for _ in range(runs)]
    for run in (r for one in rounds for r in one):
        if run.code != 0:
            sys.exit(f"a run failed with exit code {run.code}; run it by hand to see why")
    return [[one[i] for one in rounds] for i in range(len(commands))]


def report(name: str, a: list[Run], b: list[Run], *, label: str = "B") -> list[str]:
    lines = []
    for figure in ("cpu_s", "user_s", "wall_s"):
        ratios = [getattr(x, figure) / getattr(y, figure) for x, y in zip(a, b, strict=True)]
        ratio = median(ratios)
        verdict = "ok" if ratio <= 1.0 else "over"
        lines.append(
            f"{name:18} {figure[:-2]:5} A {median([getattr(x, figure) for x in a]):6.3f} s"
            f"  {label:2} {median([getattr(y, figure) for y in b]):6.3f} s"
            f"  A/{label:2} {ratio:5.2f} (min {min(ratios):.2f}, max {max(ratios):.2f};"
            f" goal <= 1.0: {verdict})"
        )
    lines.append(
        f"{name:18} peak  A {median([x.peak_mib for x in a]):6.1f} MiB"
        f"  {label:2} {median([y.peak_mib for y in b]):6.1f} MiB (largest single process)"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7, help="counted runs of each command")
    parser.add_argument("--voice", type=Path, help="an espeak voice profile (a .toml path)")
    parser.add_argument(
        "--reader",
        default=str(READER),
        help="the reader command to time, as shell words (default: this venv's reader)",
    )
    args = parser.parse_args()
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        sys.exit(
            "bench_espeak_process: the espeak-ng command is missing; the baseline is Debian's "
            "espeak-ng: apt-get install espeak-ng"
        )
    profile = (args.voice or espeak_profile()).resolve()
    # As `tasks.py run` does: where PYTHONDONTWRITEBYTECODE is set, a module edited
    # since the last compile would otherwise be compiled again in every timed run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "reader")], check=True)
    found = setup(profile)
    text, slug, rate = str(found["text"]), str(found["slug"]), found["rate"]
    ffmpeg, mp3_args = str(found["ffmpeg"]), [str(a) for a in found["mp3"]]
    q = shlex.quote
    with tempfile.TemporaryDirectory(prefix="bench-espeak-") as tmp:
        work = Path(tmp)
        (work / "narration.txt").write_text(text, encoding="utf-8")
        wav, mp3 = work / "bare.wav", work / "bare.mp3"
        speak = (
            f"{q(espeak)} -v en-us -s {rate} -w {q(str(wav))} -f {q(str(work / 'narration.txt'))}"
        )
        encode = f" && {q(ffmpeg)} -hide_banner -nostdin -v error -y -i {q(str(wav))} "
        bare = speak + encode + f"-b:a 64k {q(str(mp3))}"
        bare_reader = speak + encode + " ".join(q(a) for a in mp3_args) + f" {q(str(mp3))}"
        out = work / "out"
        narrate = (
            f"{args.reader} narrate {q(str(SEED))} --voice {q(str(profile))}"
            f" --out {q(str(out))} --quiet"
        )
        cold = f"rm -rf {q(str(out / slug))} {q(str(out / '.cache'))} && exec {narrate}"
        new_site = f"rm -rf {q(str(out))} && exec {narrate}"
        print(f"seed: {SEED.relative_to(ROOT)}, {len(text)} characters; profile: {profile}")
        print(f"B  = {bare}")
        print(f"B' = {bare_reader}")
        print(f"A  = {narrate}")
        print(f"{args.runs} runs each, A, B and B' in turn; medians; CPU = user + system")
        print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for name, command in (("A (site exists)", cold), ("A, new site", new_site)):
            a, b, b_reader = alternate([command, bare, bare_reader], args.runs)
            for line in report(name, a, b):
                print(line, flush=True)
            for line in report(name, a, b_reader, label="B'"):
                print(line, flush=True)
        subprocess.run(["sh", "-c", narrate], check=True, capture_output=True)
        run_once(narrate)
        again = [run_once(narrate) for _ in range(args.runs)]
        print(
            f"{'unchanged':18} cpu   {median([r.cpu_s for r in again]):6.3f} s"
            f"  wall {median([r.wall_s for r in again]):6.3f} s"
            f"  peak {median([r.peak_mib for r in again]):6.1f} MiB"
            "  (re-narrating the unchanged seed)"
        )


if __name__ == "__main__":
    main()
