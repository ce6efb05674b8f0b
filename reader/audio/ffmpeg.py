"""Run the ffmpeg that ``imageio-ffmpeg`` ships (there is no ffprobe)."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import queue
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from reader import processes
from reader.errors import AudioError
from reader.model_cache import file_stamp, kept_answer, model_cache_dir

__all__ = ["PipedFfmpeg", "ffmpeg_exe", "pcm_input_args", "run_ffmpeg", "run_ffmpegs"]


@functools.cache
def ffmpeg_exe() -> str:
    """The ffmpeg that imageio-ffmpeg finds (``IMAGEIO_FFMPEG_EXE``, its own binary,
    then the system's).

    Finding it imported imageio-ffmpeg and ran ``ffmpeg -version`` to check that
    the binary starts: some 50 ms of CPU in every ``reader narrate``. So a found
    binary is kept in the model cache with the ``file_stamp`` of it and of
    imageio-ffmpeg's folder of binaries, and is looked for again only when one
    of them changes. An ffmpeg found on ``PATH``, or named by the variable, is
    not kept (the variable is honoured at once, untested, as imageio-ffmpeg does)."""
    if os.environ.get("IMAGEIO_FFMPEG_EXE"):
        return _found_ffmpeg()
    try:
        spec = importlib.util.find_spec("imageio_ffmpeg")
        binaries = Path(spec.origin).parent / "binaries" if spec and spec.origin else None
        stamp = f"{sys.prefix}\0{binaries}\0{file_stamp(binaries)}" if binaries else ""
    except (OSError, ImportError, ValueError):
        stamp = ""
    if not stamp:
        return _found_ffmpeg()
    tag = hashlib.sha256(f"{sys.prefix}\0{binaries}".encode()).hexdigest()[:16]
    return kept_answer(
        model_cache_dir() / f"ffmpeg-{tag}.json",
        lambda exe: _exe_stamp(stamp, exe),
        _found_ffmpeg,
    )


def _exe_stamp(stamp: str, exe: str) -> str:
    """``stamp`` and the ``file_stamp`` of the binary ``exe``; ``ValueError`` for a
    command looked up on ``PATH``, which is not kept."""
    if not Path(exe).is_absolute():
        raise ValueError(f"{exe} is looked up on PATH")
    return f"{stamp}\0{exe}\0{file_stamp(Path(exe))}"


def _found_ffmpeg() -> str:
    """imageio-ffmpeg's answer; ``AudioError`` when it finds none."""
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


class PipedFfmpeg:
    """An ffmpeg reading PCM from its stdin, written there by a thread from a queue of
    at most ``queued`` pieces, so the caller never waits on the pipe (it did while
    ffmpeg started, a tenth of a second); its report (stderr) is kept in a temporary
    file. ``end_input`` then ``wait`` finish it; ``kill`` stops it whatever its state."""

    def __init__(self, args: Sequence[str], *, what: str, queued: int, name: str) -> None:
        self.what = what
        command = [ffmpeg_exe(), "-hide_banner", "-nostats", *args]
        self._report: IO[bytes] = tempfile.TemporaryFile()
        try:
            self._process = processes.popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._report
            )
        except OSError as e:
            self._report.close()
            raise AudioError(f"{what}: cannot run ffmpeg: {e}") from e
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
