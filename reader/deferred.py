"""Modules that load on first use rather than when imported.

BeautifulSoup imports soupsieve, its CSS selector engine, as it loads, and
soupsieve compiles its selector grammar then; it imports chardet too, which
loads its tables of every language. Together they were more than half of
bs4's import, on the critical path of every ``reader narrate``, and reader
uses neither (it never selects with CSS, and hands bs4 text, not bytes). So
the ``reader`` program defers them: bs4 is handed stand-in modules that
import the real ones the first time anything reads one of their attributes
(``select()`` and encoding detection still work). The standard library's ``LazyLoader`` cannot do
it on Python 3.11: the ``import`` statement itself reads the module's
``__spec__``, which loads a lazy module at once.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

__all__ = ["UNUSED_AT_START", "defer_import"]

UNUSED_AT_START = ("soupsieve", "chardet")
"""Modules a library imports eagerly that reader's commands seldom or never use:
bs4 imports soupsieve for CSS selectors, and chardet to guess the encoding of
bytes (reader hands it text)."""

_lock = threading.RLock()
"""Held while a real module loads (re-entrant: its import may read another deferred one)."""


class _Deferred(types.ModuleType):
    """Stands in for a module until an attribute it lacks is read: then the real
    module is imported, and its namespace becomes this one's."""

    def __getattr__(self, attribute: str) -> Any:
        name = self.__name__
        with _lock:
            if sys.modules.get(name) is self:
                del sys.modules[name]
                try:
                    real = importlib.import_module(name)
                except BaseException:
                    sys.modules[name] = self
                    raise
                self.__dict__.update(real.__dict__)
        return getattr(sys.modules[name], attribute)


def defer_import(name: str) -> bool:
    """Make ``import name`` give a module that loads on first use; False when it is
    loaded already or not installed (then nothing changes)."""
    if name in sys.modules:
        return False
    spec = importlib.util.find_spec(name)
    if spec is None:
        return False
    module = _Deferred(name)
    module.__spec__ = spec
    sys.modules[name] = module
    return True
