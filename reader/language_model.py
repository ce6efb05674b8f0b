"""The language identifier's model (py3langid's), loaded once per process.

py3langid ships its model LZMA-compressed: decompressing it took a third of a
CPU-second in every process that guessed a language, on the critical path of
``reader narrate``. The decompressed arrays are kept in the model cache
(``reader.model_cache``) the first time, one ``.npy`` file each, and mapped
into memory from there afterwards: about ten milliseconds, where reading them
out of one ``.npz`` archive took a quarter of a second (68 MB copied, and
checksummed, on every start). The identifier (``MappedIdentifier``) is
py3langid's ``classify`` in plain Python on those mapped arrays, so a
narration needs no numpy before its first word; numpy writes the cache, once.
When the cache cannot be written or read, py3langid loads its model itself. A caller that
knows a parse will need the model can still start loading it in a thread
(``load_language_model_soon``). It lives outside ``reader.parse`` so that a
thread can load it without importing the parser.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import logging
import lzma
import math
import mmap
import re
import struct
import sys
import threading
import unicodedata
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
    """An identifier whose ``classify(text)`` gives a language and its probability:
    ``MappedIdentifier`` on the cached model, else py3langid's own
    ``LanguageIdentifier`` (waits for a load another thread started)."""
    global _identifier
    with _lock:
        if _identifier is None:
            _identifier = _from_cache() or _from_package()
        return _identifier


def _from_package() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _model_file() -> Path:
    """py3langid's compressed model, found without importing py3langid (whose
    classifier module imports numpy)."""
    spec = importlib.util.find_spec("py3langid")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("py3langid")
    return Path(spec.origin).parent / "data" / "model.npz.xz"


def _from_cache(cache_dir: Path | None = None) -> Any:
    """The identifier from the decompressed model in the cache (made on first use),
    or None when that cannot be done: then py3langid loads its own file."""
    try:
        source = _model_file()
        stat = source.stat()
        tag = f"{source.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}"
        folder = cache_dir or model_cache_dir()
        cached = folder / f"py3langid-{hashlib.sha256(tag.encode()).hexdigest()[:16]}"
        if not cached.is_dir():
            keep_folder(cached, lambda into: _write_arrays(source, into))
        identifier = MappedIdentifier(cached)
        identifier.classify("probe")
        return identifier
    except Exception as e:  # any py3langid layout or cache problem: its own loader
        _LOG.debug("language model: loading py3langid's own file (%s)", e)
        return None


class MappedIdentifier:
    """py3langid's ``classify`` with normalised probabilities, on its arrays mapped
    from the cache, in plain Python: the same byte automaton and naive Bayes
    scores, without numpy, whose import alone took 0.17 CPU-seconds of every
    ``reader narrate`` before its first word. An article is scored on at most a
    few thousand characters, a few hundred distinct features: milliseconds."""

    def __init__(self, folder: Path) -> None:
        ptc, ptc_type, (features, classes) = _npy(folder / "ptc.npy")
        pc, pc_type, pc_shape = _npy(folder / "pc.npy")
        names, names_type, names_shape = _npy(folder / "classes.npy")
        nextmove, nextmove_type, (moves,) = _npy(folder / "nextmove.npy")
        rows, rows_type, (states,) = _npy(folder / "nextmove_row.npy")
        output, output_type, output_shape = _npy(folder / "out_feat.npy")
        found = (ptc_type, pc_type, nextmove_type, rows_type, output_type)
        shapes = (pc_shape, names_shape, output_shape)
        width = re.fullmatch(r"<U(\d+)", names_type)
        if (
            found != ("<f2", "<f4", "<u4", "<u2", "<i4")
            or shapes != ((classes,), (classes,), (states,))
            or width is None
            or sys.byteorder != "little"
        ):
            raise ValueError(f"a model laid out as {found}, {shapes}, {names_type}")
        self._row = struct.Struct(f"<{classes}e")
        chars = int(width.group(1))
        sizes = (len(ptc), len(pc), len(names), len(nextmove), len(rows), len(output))
        needed = [features * self._row.size, 4 * classes, 4 * chars * classes]
        needed += [4 * moves, 2 * states, 4 * states]
        if any(size < need for size, need in zip(sizes, needed, strict=True)):
            raise ValueError("a model file is cut short")
        self._ptc = ptc
        self._pc = struct.unpack_from(f"<{classes}f", pc)
        text = bytes(names[: 4 * chars * classes]).decode("utf-32-le")
        self._classes = [text[i : i + chars].rstrip("\0") for i in range(0, len(text), chars)]
        self._nextmove = nextmove[: 4 * moves].cast("I")
        self._rows = rows[: 2 * states].cast("H")
        self._output = output[: 4 * states].cast("i")
        first: dict[str, int] = {}
        self._aliases = [  # (first, duplicate) columns of one label (srl and sr)
            (first[name], i)
            for i, name in enumerate(self._classes)
            if first.setdefault(name, i) != i
        ]

    def classify(self, text: str) -> tuple[str, float]:
        """The language of ``text`` and its probability (py3langid's ``classify``)."""
        if text.isupper():
            text = text.lower()
        data = unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")
        nextmove, table_rows, output = self._nextmove, self._rows, self._output
        counts: dict[int, int] = {}
        state = 0
        for byte in data:
            state = nextmove[(table_rows[state] << 8) + byte]
            feature = output[state]
            if feature >= 0:
                counts[feature] = counts.get(feature, 0) + 1
        if counts:
            by_count: dict[int, list[int]] = {}
            for feature, count in counts.items():
                by_count.setdefault(count, []).append(feature)
            scores = list(self._pc)
            row, ptc = self._row, self._ptc
            for count, features in by_count.items():  # most features are seen once
                weights = [row.unpack_from(ptc, feature * row.size) for feature in features]
                columns = zip(*weights, strict=True)  # each class's weights of these features
                times = math.log1p(count)
                scores = [s + times * sum(c) for s, c in zip(scores, columns, strict=True)]
        else:
            scores = [0.0] * len(self._classes)
        scale = 1.0 / math.sqrt(len(data) or 1)  # py3langid's temperature: sqrt(bytes)
        top = max(scores)
        scores = [math.exp((s - top) * scale) for s in scores]
        total = sum(scores)
        scores = [s / total for s in scores]
        for i, j in self._aliases:
            scores[i] += scores[j]
            scores[j] = 0.0
        best = max(range(len(scores)), key=scores.__getitem__)
        return self._classes[best], scores[best]


def _npy(path: Path) -> tuple[memoryview, str, tuple[int, ...]]:
    """A C-ordered ``.npy`` file's data as mapped bytes, its dtype and its shape."""
    with path.open("rb") as f:
        view = memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))
    if bytes(view[:6]) != b"\x93NUMPY" or view[6] not in (1, 2, 3):
        raise ValueError(f"{path.name} is not a .npy file")
    start = 10 if view[6] == 1 else 12  # the header's length: 2 bytes in version 1, else 4
    end = start + int.from_bytes(view[8:start], "little")
    text = bytes(view[start:end]).decode("latin-1")
    descr = re.search(r"'descr': '([^']+)'", text)
    shape = re.search(r"'shape': \(([\d, ]*)\)", text)
    if descr is None or shape is None or "'fortran_order': False" not in text:
        raise ValueError(f"{path.name}: a header numpy did not write as expected")
    return view[end:], descr.group(1), tuple(int(n) for n in shape.group(1).split(",") if n.strip())


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
