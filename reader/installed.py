"""Versions of installed distributions, kept between runs.

``importlib.metadata`` takes some 30 ms to import, and each ``version()`` scans
``sys.path`` and parses a metadata file; reader asked on every ``reader
narrate``, for each voice's engine. A distribution's version is in the name of
its metadata folder (``babel-2.17.0.dist-info``), and installing, upgrading
or removing one adds, renames or removes that folder. So the versions are kept
in the model cache under the names of those folders, which a listing of each
``sys.path`` entry finds, and are asked of ``importlib.metadata`` again only
when the names change.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from functools import cache

from reader.model_cache import kept_answer, model_cache_dir

__all__ = ["installed_versions", "metadata_folders"]


def installed_versions(names: Sequence[str]) -> dict[str, str | None]:
    """Each distribution's version as ``importlib.metadata.version`` gives it, None
    where it is not installed."""
    tag = hashlib.sha256("\0".join([sys.prefix, *names]).encode()).hexdigest()[:16]
    stamp = "\0".join(metadata_folders(names))
    answer = kept_answer(
        model_cache_dir() / f"versions-{tag}.json",
        lambda _: stamp,
        lambda: json.dumps({name: _version(name) for name in names}),
    )
    versions = json.loads(answer)
    return {name: versions.get(name) for name in names}


def _version(name: str) -> str | None:
    from importlib import metadata  # only when the kept versions are out of date

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def metadata_folders(names: Iterable[str]) -> list[str]:
    """The metadata folders of the distributions ``names`` on every entry of
    ``sys.path``, sorted: what installing, upgrading or removing one changes."""
    folders = _metadata_folders()
    return sorted(f for name in set(map(_folder_key, names)) for f in folders.get(name, ()))


@cache
def _metadata_folders() -> dict[str, list[str]]:
    """Every metadata folder on ``sys.path`` by its distribution's name as the folder
    spells it; listed once a process, as ``importlib.metadata`` caches its own."""
    found: dict[str, list[str]] = {}
    for entry in sys.path:
        with contextlib.suppress(OSError):
            for folder in os.listdir(entry or "."):
                if folder.endswith((".dist-info", ".egg-info")):
                    name = folder.partition("-")[0].lower().replace(".", "_")
                    found.setdefault(name, []).append(f"{entry}/{folder}")
    return found


def _folder_key(name: str) -> str:
    """A distribution's name as its metadata folder spells it (PEP 503 and 427)."""
    return re.sub(r"[-_.]+", "_", name).lower()
