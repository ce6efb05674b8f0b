"""``reader voices``: the voice profiles, and the voices each installed engine offers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the engines' modules load when the command runs
    from reader.speech.profile import VoiceProfile
    from reader.speech.reports import EngineReport

_LISTED_ENGINES = ("espeak", "pyttsx3", "piper")


def add_parser(commands: Any) -> None:
    p: argparse.ArgumentParser = commands.add_parser(
        "voices",
        help="list the voice profiles and the voices each installed engine offers",
        description="List the voice profiles (voices/*.toml) and the voices each "
        "installed speech engine offers.",
    )
    p.add_argument(
        "--engine",
        choices=_LISTED_ENGINES,
        help="only this engine (and the profiles that use it)",
    )
    p.add_argument(
        "--voices-dir",
        type=Path,
        help="where the profiles are (default: ./voices, then the shipped ones)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reader.speech.profile import list_voice_profiles
    from reader.speech.reports import read_engine_reports

    profiles = list_voice_profiles(args.voices_dir)
    engines = (args.engine,) if args.engine else _LISTED_ENGINES
    if args.engine:
        profiles = [p for p in profiles if p.engine == args.engine]
    sys.stdout.write(format_listing(profiles, read_engine_reports(engines)))
    return 0


def format_listing(profiles: list[VoiceProfile], reports: list[EngineReport]) -> str:
    from reader.speech.engine import ENGINES

    lines = ["Voice profiles (the article's language picks each voice's language):"]
    if not profiles:
        lines.append("  (none)")
    name_width = max((len(p.name) for p in profiles), default=0)
    engine_width = max((len(p.engine) for p in profiles), default=0) + len("engine=")
    for p in profiles:
        languages = ", ".join(p.languages()) or "any"
        engine = f"engine={p.engine}"
        lines.append(
            f"  {p.name:<{name_width}}  {engine:<{engine_width}}  prefers {languages:<6}  "
            f"{p.description}".rstrip()
        )
    for report in reports:
        lines.append("")
        if not report.installed:
            lines.append(f"Engine {report.name}: not installed or not working")
            lines.append(f"  {report.problem}")
            continue
        lines.append(f"Engine {report.name}: {report.version}, {len(report.voices)} voices")
        id_width = max((len(v.id) for v in report.voices), default=0)
        for v in report.voices:
            languages = ", ".join(v.languages) or "?"
            lines.append(f"  {v.id:<{id_width}}  {v.name}  [{languages}]")
    unknown = sorted({p.engine for p in profiles} - set(ENGINES))
    if unknown:
        lines.append("")
        lines.append(f"Profiles use engines reader does not know: {', '.join(unknown)}")
    return "\n".join(lines) + "\n"
