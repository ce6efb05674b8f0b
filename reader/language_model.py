"""The language identifier's model (py3langid's), loaded once per process.

Loading it takes a third of a CPU-second, most of it decompressing the model
(which releases the GIL), so a caller that knows a parse will need it can
start loading it in a thread (``load_language_model_soon``) while the parser
and the rest of the pipeline are still being imported. It lives outside
``reader.parse`` so that a thread can load it without importing the parser.
"""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["language_identifier", "load_language_model_soon"]

_lock = threading.Lock()
_identifier: Any = None


def language_identifier() -> Any:
    """py3langid's ``LanguageIdentifier`` with normalised probabilities (waits for a
    load another thread started)."""
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return _identifier


_loading = threading.Event()


def load_language_model_soon() -> None:
    """Start loading the model in a background thread, once."""
    if not _loading.is_set():
        _loading.set()
        threading.Thread(target=language_identifier, name="language-model", daemon=True).start()
