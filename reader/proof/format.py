"""The proof report as text for a person at a terminal (pure)."""

from __future__ import annotations

from reader.proof.report import ProofReport

__all__ = ["format_report", "format_time"]


def format_time(ms: int) -> str:
    """``m:ss.s``, or ``h:mm:ss.s`` past an hour."""
    tenths = max(0, ms) // 100
    h, rest = divmod(tenths, 36_000)
    m, rest = divmod(rest, 600)
    s = f"{rest // 10:02d}.{rest % 10}"
    return f"{h}:{m:02d}:{s}" if h else f"{m}:{s}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def format_report(report: ProofReport) -> str:
    lines = [
        f"{report.title} ({report.slug}), voice {report.voice}, heard by {report.model}",
        f"WER {report.wer:.1%}: {_count(report.errors, 'error')} in "
        f"{_count(report.words, 'word')}, {_count(len(report.findings()), 'sentence')} "
        "heard otherwise",
        "",
        f"{'#':>3}  {'section':<40} {'words':>6} {'errors':>6} {'WER':>6}",
    ]
    for s in report.sections:
        title = s.title if len(s.title) <= 40 else s.title[:39] + "\u2026"
        lines.append(f"{s.number:>3}  {title:<40} {s.words:>6} {s.errors:>6} {s.wer:>6.1%}")
    for s in report.sections:
        if not s.findings:
            continue
        lines += ["", f"{s.number} {s.title}"]
        for f in s.findings:
            lines += [
                f"  {format_time(f.offset_ms)} in the section, "
                f"{format_time(f.start_ms)} in the episode",
                f"    wrote: {f.written}",
                f"    heard: {f.heard or '(nothing)'}",
            ]
            for d in f.differences:
                lines.append(f"      {d.written or '(nothing)'} -> {d.heard or '(nothing)'}")
            if f.suggestion:
                lines.append(f"    lexicon: {f.suggestion.entry}")
                if f.suggestion.lexicon is not None:
                    lines.append(f"      (a lexicon in effect says {f.suggestion.lexicon!r})")
    suggestions = report.suggestions()
    if suggestions:
        lines += [
            "",
            "Suggested lexicon entries (TOML, a [words] table): respell each spoken form",
            "until `reader proof` hears the word as written.",
        ]
        width = max(len(e.entry) for e in suggestions)
        for e in suggestions:
            heard = ", ".join(repr(h) if h else "nothing" for h in e.heard)
            times = "once" if e.sentences == 1 else f"in {e.sentences} sentences"
            said = "" if e.lexicon is None else f"; a lexicon in effect says {e.lexicon!r}"
            lines.append(f"  {e.entry:<{width}}  # heard as {heard}, {times}{said}")
    return "\n".join(lines) + "\n"
