"""Where reader keeps models it derives from installed ones: a user cache folder.

Nothing here is downloaded. A model a package ships in a form that is slow to
load (compressed, or without the outputs reader needs) is converted once and
the result kept here, written to a temporary file and renamed, so a reader
never sees half of one. When the folder cannot be written, callers work from
the installed model as it is.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["file_stamp", "keep", "keep_folder", "kept_answer", "model_cache_dir"]


def model_cache_dir() -> Path:
    """``$READER_MODEL_CACHE``, else the user's cache folder (``$XDG_CACHE_HOME`` or
    ``~/.cache``) under ``reader/models``."""
    configured = os.environ.get("READER_MODEL_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "reader" / "models"


def keep(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (readable by all); ``OSError`` if it cannot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as f:
        f.write(data)
    try:
        os.chmod(f.name, 0o644)
        os.replace(f.name, path)
    except OSError:
        Path(f.name).unlink(missing_ok=True)
        raise
    return path


def keep_folder(path: Path, write: Callable[[Path], None]) -> Path:
    """Make the folder ``path`` atomically: ``write`` fills a temporary folder beside
    it, which is then renamed (files readable by all). When another process made
    ``path`` first, its folder is kept. ``OSError`` if it cannot be made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part"))
    try:
        write(temporary)
        os.chmod(temporary, 0o755)
        for file in temporary.iterdir():
            os.chmod(file, 0o644)
        try:
            os.rename(temporary, path)
        except OSError:
            if not path.is_dir():
                raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return path


def kept_answer(path: Path, stamp: Callable[[str], str], make: Callable[[], str]) -> str:
    """``make()``'s answer, kept in the file ``path`` with ``stamp(answer)``, the stamp
    of what it was made from (it may look at what the answer names): the kept
    answer is given back while its stamp is still the same, and made again, and
    kept, when it is not or the file cannot be read. For an answer slow to make
    and cheap to stamp. When ``stamp`` or writing fails (``OSError``,
    ``ValueError``) the answer is made and not kept."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        saved = json.loads(path.read_bytes())
        answer = saved.get("answer")
        if isinstance(answer, str) and saved.get("stamp") == stamp(answer):
            return answer
    answer = make()
    with contextlib.suppress(OSError, ValueError):
        keep(path, json.dumps({"stamp": stamp(answer), "answer": answer}).encode())
    return answer


def file_stamp(path: str | Path) -> str:
    """What writing, replacing or touching the file ``path`` changes: its size, inode,
    and modification and change times in nanoseconds. Writing sets the change
    time, which cannot be set back, so an edit is seen even when its size and
    modification time are restored; only one in the same tick of the file
    system's clock (milliseconds) that keeps the size could go unseen. ``OSError``
    when it cannot be read."""
    st = os.stat(path)
    return f"{st.st_size}:{st.st_ino}:{st.st_mtime_ns}:{st.st_ctime_ns}"
