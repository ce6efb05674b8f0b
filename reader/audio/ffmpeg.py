"""Run the ffmpeg that ``imageio-ffmpeg`` ships (there is no ffprobe)."""

from __future__ import annotations

import functools
import importlib.util
import os
import queue
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from reader import processes
from reader.errors import AudioError

__all__ = [
    "PipedFfmpeg",
    "RunningFfmpegs",
    "ffmpeg_exe",
    "pcm_input_args",
    "run_ffmpeg",
    "run_ffmpegs",
]


@functools.cache
def ffmpeg_exe() -> str:
    """The ffmpeg that imageio-ffmpeg ships. Its wheel holds one binary, found here
    without importing the package or running the binary: ``get_ffmpeg_exe`` imports
    imageio-ffmpeg's video readers and runs ``ffmpeg -version`` first, which cost 80 ms
    at the start of every narration. Anything else (``IMAGEIO_FFMPEG_EXE`` set, a
    source install without the binary) goes to ``get_ffmpeg_exe``'s own search."""
    if not os.environ.get("IMAGEIO_FFMPEG_EXE"):
        spec = importlib.util.find_spec("imageio_ffmpeg")
        if spec is not None and spec.origin:
            binaries = Path(spec.origin).parent / "binaries"
            shipped = [p for p in binaries.glob("ffmpeg-*") if os.access(p, os.X_OK)]
            if len(shipped) == 1:
                return str(shipped[0])
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
    with RunningFfmpegs(jobs, what=what) as running:
        return running.wait()


def _start_ffmpeg(
    args: Sequence[str], *, stdin: int, what: str
) -> tuple[subprocess.Popen[bytes], IO[bytes]]:
    """An ffmpeg started with ``args``, its report (stderr) going to a temporary file."""
    report: IO[bytes] = tempfile.TemporaryFile()
    command = [ffmpeg_exe(), "-hide_banner", "-nostats", *args]
    try:
        process = processes.popen(command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=report)
    except OSError as e:
        report.close()
        raise AudioError(f"{what}: cannot run ffmpeg: {e}") from e
    return process, report


class RunningFfmpegs:
    """ffmpegs started at once, one per ``jobs`` entry (its args), to be waited for
    later by the thread that started them (``reader.processes``): ``wait`` returns
    their reports; leaving the context kills any still running."""

    def __init__(self, jobs: Sequence[Sequence[str]], *, what: str) -> None:
        self.what = what
        self._started: list[tuple[subprocess.Popen[bytes], IO[bytes]]] = []
        try:
            for args in jobs:
                self._started.append(
                    _start_ffmpeg(["-nostdin", *args], stdin=subprocess.DEVNULL, what=what)
                )
        except BaseException:
            self.kill()
            raise

    def wait(self) -> list[str]:
        """Each one's stderr, in order, once all have ended; AudioError if any failed."""
        reports = []
        for process, stderr in self._started:
            process.wait()
            stderr.seek(0)
            text = stderr.read().decode(errors="replace")
            if process.returncode != 0:
                tail = "\n".join(text.strip().splitlines()[-6:])
                raise AudioError(f"{self.what}: ffmpeg failed (exit {process.returncode}): {tail}")
            reports.append(text)
        return reports

    def kill(self) -> None:
        """Stop those still running and close their reports."""
        for process, stderr in self._started:
            if process.poll() is None:
                process.kill()
                process.wait()
            stderr.close()

    def __enter__(self) -> RunningFfmpegs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()


class PipedFfmpeg:
    """An ffmpeg reading PCM from its stdin, written there by a thread from a queue of
    at most ``queued`` pieces, so the caller never waits on the pipe (it did while
    ffmpeg started, a tenth of a second); its report (stderr) is kept in a temporary
    file. ``end_input`` then ``wait`` finish it; ``kill`` stops it whatever its state."""

    def __init__(self, args: Sequence[str], *, what: str, queued: int, name: str) -> None:
        self.what = what
        self._process, self._report = _start_ffmpeg(args, stdin=subprocess.PIPE, what=what)
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=queued)
        self._broken = False
        """ffmpeg stopped reading: what is still queued is dropped."""
        self._feeder = threading.Thread(target=self._feed, name=name, daemon=True)
        self._feeder.start()

    def _feed(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        while (pcm := self._queue.get()) is not None:
            if not self._broken:
                try:
                    stdin.write(pcm)
                except (BrokenPipeError, ValueError, OSError):  # ended, or killed
                    self._broken = True
        try:
            stdin.close()
        except OSError:
            pass

    def write(self, pcm: bytes) -> None:
        if self._broken or self._process.poll() is not None:
            raise AudioError(f"{self.what}: ffmpeg stopped early: {self._tail()}")
        self._queue.put(pcm)

    def end_input(self) -> None:
        """No more PCM: ffmpeg finishes once it has read what is queued."""
        self._queue.put(None)

    def wait(self) -> str:
        """Wait for ffmpeg (``end_input`` first); return its report; raise AudioError."""
        self._feeder.join()
        self._process.wait()
        if self._process.returncode != 0 or self._broken:
            raise AudioError(
                f"{self.what}: ffmpeg failed (exit {self._process.returncode}): {self._tail()}"
            )
        return self._text()

    def kill(self) -> None:
        """Stop ffmpeg if it runs, end the feeder, close the report."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._broken = True  # the feeder drops what is queued, then ends
        if self._feeder.is_alive():
            try:
                self._queue.put(None, timeout=5)
            except queue.Full:
                pass
            self._feeder.join(timeout=5)
        self._report.close()

    def _text(self) -> str:
        self._report.seek(0)
        return self._report.read().decode(errors="replace")

    def _tail(self) -> str:
        if self._report.closed:
            return ""
        return " ".join(self._text().strip().splitlines()[-3:])
