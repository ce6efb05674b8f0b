"""Finding the ffmpeg that imageio-ffmpeg ships."""

from __future__ import annotations

import os
import subprocess
import sys

import imageio_ffmpeg


def _found(env: dict[str, str]) -> list[str]:
    code = (
        "import sys\n"
        "from reader.audio.ffmpeg import ffmpeg_exe\n"
        "print(ffmpeg_exe())\n"
        "print('imageio_ffmpeg' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.split("\n")[:2]


def test_the_shipped_binary_is_found_without_importing_imageio_ffmpeg() -> None:
    env = {k: v for k, v in os.environ.items() if k != "IMAGEIO_FFMPEG_EXE"}
    path, imported = _found(env)
    assert path == imageio_ffmpeg.get_ffmpeg_exe()
    assert imported == "False"  # nor run: imageio_ffmpeg's own search runs `ffmpeg -version`


def test_imageio_ffmpegs_variable_still_names_another_ffmpeg() -> None:
    path, _ = _found({**os.environ, "IMAGEIO_FFMPEG_EXE": "/opt/ffmpeg/bin/ffmpeg"})
    assert path == "/opt/ffmpeg/bin/ffmpeg"
