"""Run the ffmpeg that ``imageio-ffmpeg`` ships (there is no ffprobe)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from reader import processes
from reader.errors import AudioError

__all__ = ["ffmpeg_exe", "pcm_input_args", "run_ffmpeg"]


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
