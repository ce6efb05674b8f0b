"""Run the ffmpeg that ``imageio-ffmpeg`` ships (there is no ffprobe)."""

from __future__ import annotations

import functools
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from reader import processes
from reader.errors import AudioError

__all__ = ["ffmpeg_exe", "pcm_input_args", "run_ffmpeg", "run_ffmpegs"]


@functools.cache
def ffmpeg_exe() -> str:
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError) as e:
        raise AudioError(
            f"ffmpeg not found ({e}); install it with: pip install imageio-ffmpeg"
        ) from e


def pcm_input_args(path: Path, *, sample_rate_hz: int) -> list[str]:
    """Arguments that read ``path`` as raw mono signed 16-bit little-endian PCM."""
    return ["-f", "s16le", "-ar", str(sample_rate_hz), "-ac", "1", "-i", str(path)]


def run_ffmpeg(args: Sequence[str], *, what: str) -> str:
    """Run ffmpeg with ``args``; return its stderr (where it reports); raise AudioError."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", *args]
    try:
        done = processes.run(command, capture_output=True, text=True, errors="replace")
    except OSError as e:
        raise AudioError(f"{what}: cannot run ffmpeg: {e}") from e
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-6:])
        raise AudioError(f"{what}: ffmpeg failed (exit {done.returncode}): {tail}")
    return str(done.stderr)


def run_ffmpegs(jobs: Sequence[Sequence[str]], *, what: str) -> list[str]:
    """Run one ffmpeg per ``jobs`` entry (its args) at once; return each one's stderr,
    in order, once all have ended; raise AudioError if any failed. Each is waited
    for by this thread, which started it (``reader.processes``)."""
    started: list[tuple[subprocess.Popen[bytes], IO[bytes]]] = []
    try:
        for args in jobs:
            report: IO[bytes] = tempfile.TemporaryFile()
            command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", *args]
            try:
                process = processes.popen(
                    command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=report
                )
            except OSError as e:
                report.close()
                raise AudioError(f"{what}: cannot run ffmpeg: {e}") from e
            started.append((process, report))
        reports = []
        for process, stderr in started:
            process.wait()
            stderr.seek(0)
            text = stderr.read().decode(errors="replace")
            if process.returncode != 0:
                tail = "\n".join(text.strip().splitlines()[-6:])
                raise AudioError(f"{what}: ffmpeg failed (exit {process.returncode}): {tail}")
            reports.append(text)
        return reports
    finally:
        for process, stderr in started:
            if process.poll() is None:
                process.kill()
                process.wait()
            stderr.close()
