"""Is an article's edition current? Answered without parsing the article.

A local article file whose bytes, voice, formats and lexicons all match its
edition's manifest, read by the same narration code, needs nothing done:
this is what lets a batch over a whole blog report its unchanged articles at
once. It imports no parser, engine or encoder, so that answer costs little.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from reader import __version__
from reader.edition.manifest import MANIFEST_NAME, Manifest, manifest_from_json
from reader.errors import InputError, ReaderError
from reader.installed import installed_versions, metadata_folders
from reader.model_cache import file_stamp, kept_answer, model_cache_dir
from reader.narrate.publish import read_existing_manifest
from reader.narrate.settings import NarrateSettings
from reader.speech.identity import voice_identity
from reader.speech.profile import ROLES, VoiceProfile, load_voice_profile

__all__ = [
    "LAYOUT_VERSION",
    "article_lexicons",
    "current_edition",
    "input_sha256",
    "read_edition_index",
]

LAYOUT_VERSION = "4"
"""Bump when the planner or encoder changes what an unchanged script sounds like, or
an edition gains a file (3: transcript.json, the words timed; Piper's true-peak limiter;
4: transcript-segments.json, the Podcasting 2.0 JSON transcript; the episode's
MP3 encoded in parts at once, one per core, and joined)."""

_LEXICON_SUFFIXES = (".lexicon.toml", ".pls")


def input_sha256(
    data: bytes, *, settings: NarrateSettings, article_lexicons: Sequence[Path] = ()
) -> str:
    """Hash of everything a narration is made from, computed without parsing."""
    profiles = _profile_chain(settings)
    own = [lexicon for profile in profiles for lexicon in profile.lexicons]
    lexicons = [*own, *settings.lexicons, *article_lexicons]
    payload = {
        "reader": _code_fingerprint(),
        "layout": LAYOUT_VERSION,
        "source": hashlib.sha256(data).hexdigest(),
        "voice": [voice_identity(p, role, language="*") for p in profiles for role in ROLES],
        "formats": sorted(settings.formats),
        "read_references": settings.read_references,
        "lexicons": [hashlib.sha256(p.read_bytes()).hexdigest() for p in lexicons],
    }
    if settings.language_dirs:
        files = sorted(p for d in settings.language_dirs for p in d.glob("*.toml"))
        payload["languages"] = [hashlib.sha256(p.read_bytes()).hexdigest() for p in files]
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _profile_chain(settings: NarrateSettings) -> list[VoiceProfile]:
    """The voice profile and its fallbacks: any of them may read the article."""
    profiles = [load_voice_profile(settings.voice, voices_dir=settings.voices_dir)]
    while profiles[-1].fallback and len(profiles) < _MAX_FALLBACKS:
        fallback = load_voice_profile(profiles[-1].fallback, voices_dir=settings.voices_dir)
        if any(p.name == fallback.name for p in profiles):
            break
        profiles.append(fallback)
    return profiles


_MAX_FALLBACKS = 8

_NARRATION_CODE = (
    "model.py",
    "text.py",
    "language_model.py",
    "languages",
    "parse",
    "script",
    "speech",
    "edition",
    "audio",
    "narrate",
)
_NARRATION_DEPENDENCIES = (
    "beautifulsoup4",
    "trafilatura",
    "markdown-it-py",
    "mdit-py-plugins",
    "latex2mathml",
    "num2words",
    "babel",
    "pysbd",
)


@cache
def _code_fingerprint() -> str:
    """A hash of the code that turns an article into an edition: reader's own stages
    and the parsers it relies on. Any edit to them, released or not, makes the
    next batch parse every article again instead of trusting its edition."""
    package = Path(__file__).resolve().parents[1]
    tag = hashlib.sha256(str(package).encode()).hexdigest()[:16]
    return _fingerprint(package, saved=model_cache_dir() / f"code-fingerprint-{tag}.json")


def _fingerprint(package: Path, *, saved: Path) -> str:
    """The hash of the narration code under ``package`` and of the dependencies'
    versions, kept in the file ``saved`` under a stamp of what it was made from.

    Reading and hashing every module and asking for eight versions took tens of
    milliseconds of every run (more when threads held the GIL). The stamp only
    stats: each file's path and ``file_stamp`` (which sees an edit within the
    same second, where Python's own bytecode check trusts whole seconds), and
    the names of the dependencies' metadata folders, which carry their versions.
    The hash itself is of the contents: an unchanged copy of the code has the same."""
    files = _code_files(package)
    stamp = _stamp(package, files)
    return kept_answer(saved, lambda _: stamp, lambda: _content_hash(package, files))


def _content_hash(package: Path, files: Sequence[str]) -> str:
    """The hash of reader's version, the narration modules' bytes and the dependencies'
    versions: what a stamp stands for."""
    digest = hashlib.sha256(__version__.encode())
    for name in files:
        digest.update(name.encode())
        digest.update((package / name).read_bytes())
    for dependency, version in installed_versions(_NARRATION_DEPENDENCIES).items():
        said = f"{dependency}=={version}" if version else f"{dependency}: none"
        digest.update(said.encode())
    return digest.hexdigest()


def _stamp(package: Path, files: Sequence[str]) -> str:
    """What a change to the narration code or its dependencies changes, found without
    reading a file."""
    digest = hashlib.sha256(__version__.encode())
    root = str(package)
    for name in files:
        digest.update(f"\0{name}\0{file_stamp(os.path.join(root, name))}".encode())
    for folder in metadata_folders(_NARRATION_DEPENDENCIES):
        digest.update(f"\0{folder}".encode())
    return digest.hexdigest()


def _code_files(package: Path) -> list[str]:
    """The narration modules and language files of ``package``, relative and sorted."""
    root = str(package)
    found: list[str] = []
    for name in _NARRATION_CODE:
        if name.endswith(".py"):
            found.append(name)
            continue
        for folder, _, files in os.walk(os.path.join(root, name)):
            relative = os.path.relpath(folder, root).replace(os.sep, "/")
            found += [f"{relative}/{f}" for f in files if f.endswith((".py", ".toml"))]
    return sorted(found)


def read_edition_index(out_dir: Path) -> dict[str, Manifest]:
    """Every published edition under ``out_dir`` by the source it was read from."""
    index: dict[str, Manifest] = {}
    for path in sorted(out_dir.glob(f"*/{MANIFEST_NAME}")):
        try:
            manifest = manifest_from_json(path.read_text(encoding="utf-8"), source=str(path))
        except (OSError, InputError):
            continue
        if manifest.source:
            index[manifest.source] = manifest
    return index


def current_edition(
    location: str, *, settings: NarrateSettings, index: dict[str, Manifest]
) -> Manifest | None:
    """The published edition of a local article file when nothing it is made from has
    changed since; None when it must be parsed (and maybe narrated) again."""
    if settings.force or location == "-" or "://" in location:
        return None
    path = Path(location)
    previous = index.get(str(path.resolve()))
    if previous is None or not previous.input_sha256:
        return None
    try:
        if path.stat().st_size > settings.max_bytes:
            return None
        data = path.read_bytes()
        key = input_sha256(data, settings=settings, article_lexicons=article_lexicons(location))
    except (OSError, ReaderError):
        return None
    if key != previous.input_sha256:
        return None
    return read_existing_manifest(settings.out_dir / previous.slug)


def article_lexicons(location: str) -> list[Path]:
    """Per-article lexicons: ``<article>.lexicon.toml`` or ``<article>.pls`` beside it."""
    path = Path(location)
    if location == "-" or "://" in location or not path.is_file():
        return []
    found = [path.with_name(path.stem + suffix) for suffix in _LEXICON_SUFFIXES]
    return [p for p in found if p.is_file()]
