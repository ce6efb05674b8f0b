"""The language identifier's model (py3langid's), loaded once per process.

py3langid ships its model LZMA-compressed: decompressing it took a third of a
CPU-second in every process that guessed a language, on the critical path of
``reader narrate``. The decompressed arrays are kept in the model cache
(``reader.model_cache``) the first time, one ``.npy`` file each, and mapped
into memory from there afterwards: about ten milliseconds, where reading them
out of one ``.npz`` archive took a quarter of a second (68 MB copied, and
checksummed, on every start). The identifier is py3langid's own, from the same
arrays: the big state table is read through a ``memoryview`` of the mapped
file, which gives the plain integers py3langid's loop expects. When the cache
cannot be written or read, py3langid loads its model itself. A caller that
knows a parse will need the model can still start loading it in a thread
(``load_language_model_soon``). It lives outside ``reader.parse`` so that a
thread can load it without importing the parser.
"""

from __future__ import annotations

import hashlib
import io
import logging
import lzma
import threading
from pathlib import Path
from typing import Any

from reader.model_cache import keep_folder, model_cache_dir

__all__ = ["language_identifier", "load_language_model_soon"]

_LOG = logging.getLogger(__name__)
_lock = threading.Lock()
_identifier: Any = None
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
"""The arrays of py3langid's model archive (``py3langid.modelio.save_model``)."""


def language_identifier() -> Any:
    """py3langid's ``LanguageIdentifier`` with normalised probabilities (waits for a
    load another thread started)."""
    global _identifier
    with _lock:
        if _identifier is None:
            _identifier = _from_cache() or _from_package()
        return _identifier


def _from_package() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _from_cache(cache_dir: Path | None = None) -> Any:
    """The identifier from the decompressed model in the cache (made on first use),
    or None when that cannot be done: then py3langid loads its own file."""
    try:
        import numpy as np
        from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

        source = Path(MODEL_DIR) / MODEL_FILE
        stat = source.stat()
        tag = f"{source.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}"
        folder = cache_dir or model_cache_dir()
        cached = folder / f"py3langid-{hashlib.sha256(tag.encode()).hexdigest()[:16]}"
        if not cached.is_dir():
            keep_folder(cached, lambda into: _write_arrays(source, into))
        data = {name: np.load(cached / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
        identifier = LanguageIdentifier(
            data["ptc"],
            np.array(data["pc"]),
            data["classes"].tolist(),
            memoryview(data["nextmove"]),
            memoryview(data["out_feat"]),
            norm_probs=True,
            tk_row=memoryview(data["nextmove_row"]),
        )
        identifier.classify("probe")  # a view of a format Python cannot index fails here
        return identifier
    except Exception as e:  # any py3langid layout or cache problem: its own loader
        _LOG.debug("language model: loading py3langid's own file (%s)", e)
        return None


def _write_arrays(source: Path, folder: Path) -> None:
    """py3langid's compressed archive, decompressed into one ``.npy`` file an array."""
    import numpy as np

    with np.load(io.BytesIO(lzma.decompress(source.read_bytes())), allow_pickle=False) as data:
        for name in _ARRAYS:
            np.save(folder / f"{name}.npy", data[name], allow_pickle=False)


_loading = threading.Event()


def load_language_model_soon() -> None:
    """Start loading the model in a background thread, once."""
    if not _loading.is_set():
        _loading.set()
        threading.Thread(target=language_identifier, name="language-model", daemon=True).start()
