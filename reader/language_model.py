"""The language identifier's model (py3langid's), loaded once per process.

py3langid ships its model LZMA-compressed: decompressing it took a third of a
CPU-second in every process that guessed a language, on the critical path of
``reader narrate``. The decompressed model is kept in the model cache
(``reader.model_cache``) the first time, and loaded from there afterwards in
a few milliseconds; the identifier is py3langid's own, from the same arrays.
When the cache cannot be written or read, py3langid loads its model itself.
A caller that knows a parse will need the model can still start loading it in
a thread (``load_language_model_soon``). It lives outside ``reader.parse`` so
that a thread can load it without importing the parser.
"""

from __future__ import annotations

import hashlib
import logging
import lzma
import threading
from importlib import metadata
from pathlib import Path
from typing import Any

from reader.model_cache import keep, model_cache_dir

__all__ = ["language_identifier", "load_language_model_soon"]

_LOG = logging.getLogger(__name__)
_lock = threading.Lock()
_identifier: Any = None


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
        from py3langid.modelio import _to_array

        source = Path(MODEL_DIR) / MODEL_FILE
        stat = source.stat()
        tag = f"{metadata.version('py3langid')}\0{stat.st_size}\0{stat.st_mtime_ns}"
        name = f"py3langid-{hashlib.sha256(tag.encode()).hexdigest()[:16]}.npz"
        cached = (cache_dir or model_cache_dir()) / name
        if not cached.is_file():
            keep(cached, lzma.decompress(source.read_bytes()))
        with np.load(cached, allow_pickle=False) as data:
            return LanguageIdentifier(
                np.asarray(data["ptc"]),
                np.asarray(data["pc"]),
                data["classes"].tolist(),
                _to_array(data["nextmove"]),
                data["out_feat"].tolist(),
                norm_probs=True,
                tk_row=_to_array(data["nextmove_row"]),
            )
    except Exception as e:  # any py3langid layout or cache problem: its own loader
        _LOG.debug("language model: loading py3langid's own file (%s)", e)
        return None


_loading = threading.Event()


def load_language_model_soon() -> None:
    """Start loading the model in a background thread, once."""
    if not _loading.is_set():
        _loading.set()
        threading.Thread(target=language_identifier, name="language-model", daemon=True).start()
