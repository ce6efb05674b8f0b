#!/usr/bin/env python3
"""Set up and run reader with nothing but Python 3.11+ and pip.

    python3 tasks.py run     set up .venv, narrate the sample article, serve the feed
    python3 tasks.py test    set up .venv with the test tools, run lint, types and tests
    python3 tasks.py test-minimum
                             the tests again in .venv-minimum, every dependency at the
                             oldest version pyproject.toml allows (.ci/minimum-versions.txt)

Each command creates the virtual environment in ``.venv`` on first use and
re-installs only when ``pyproject.toml`` changes. Extra arguments after
``test`` go to pytest; after ``run`` they go to ``reader serve``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
SAMPLE = ROOT / "reader" / "samples" / "inner-thigh-cramps.md"


def _run(*args: str | Path) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True)


def ensure_venv(extras: str) -> None:
    """Create .venv and install the project with ``extras`` unless already current."""
    if sys.version_info < (3, 11):  # noqa: UP036 - tasks.py runs under any python3
        sys.exit(f"reader needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print(f"creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras or 'base'}"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    target = f".[{extras}]" if extras else "."
    _run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target)
    stamp.write_text(wanted)


def compile_sources() -> None:
    """Byte-compile the package: every process reader starts (speech workers, batch
    workers) then loads it without compiling, even where PYTHONDONTWRITEBYTECODE is set."""
    subprocess.run([str(PYTHON), "-m", "compileall", "-q", "reader"], cwd=ROOT, check=True)


def run(args: list[str]) -> None:
    ensure_venv("")
    compile_sources()
    reader = BIN / "reader"
    _run(reader, "narrate", SAMPLE, "--out", ROOT / "output")
    _run(reader, "serve", "--out", ROOT / "output", *args)


def test(args: list[str]) -> None:
    ensure_venv("dev,scale,proof")
    compile_sources()
    _run(BIN / "ruff", "check", ".")
    _run(BIN / "ruff", "format", "--check", ".")
    _run(BIN / "mypy")
    _run(PYTHON, "-m", "pytest", *args)


def test_minimum(args: list[str]) -> None:
    """The tests with each dependency at its floor: proof that the floors hold."""
    venv_dir = ROOT / ".venv-minimum"
    python = venv_dir / BIN.name / PYTHON.name
    if not python.exists():
        venv.EnvBuilder(with_pip=True).create(venv_dir)
    pins = ROOT / ".ci" / "minimum-versions.txt"
    pip = (python, "-m", "pip", "install", "--disable-pip-version-check", "-q")
    _run(*pip, "-c", pins, "-e", ".[dev,scale,proof]")
    _run(python, "-m", "pytest", *args)


def main() -> None:
    commands = {"run": run, "test": test, "test-minimum": test_minimum}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    try:
        commands[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as e:
        sys.exit(e.returncode)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
