"""A deferred module loads when first used, not when imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

_CHECK = """
import sys
from reader.deferred import defer_import
assert defer_import("slowpart")
import slowpart
assert "slowpart ran" not in sys.argv, "not loaded by the import"
print(slowpart.ANSWER, "loaded" if slowpart.LOADED else "")
assert not defer_import("slowpart"), "already there"
assert not defer_import("no_such_module_here")
"""


def test_a_deferred_module_loads_on_first_use(tmp_path: Path) -> None:
    (tmp_path / "slowpart.py").write_text(
        "import sys\nsys.argv.append('slowpart ran')\nANSWER = 42\nLOADED = True\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", _CHECK],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["42", "loaded"]


def test_bs4_still_selects_and_guesses_encodings_with_its_helpers_deferred() -> None:
    code = (
        "from reader.deferred import UNUSED_AT_START, defer_import\n"
        "assert all(defer_import(name) for name in UNUSED_AT_START)\n"
        "import sys, bs4\n"
        "assert 'soupsieve.css_parser' not in sys.modules\n"
        "assert 'chardet.universaldetector' not in sys.modules\n"
        "soup = bs4.BeautifulSoup('<p class=a>x</p><p>y</p>', 'html.parser')\n"
        "print([t.text for t in soup.select('p.a')])\n"
        "page = '<p>' + 'Привет, как дела? Всё хорошо. ' * 20 + '</p>'\n"
        "soup = bs4.BeautifulSoup(page.encode('koi8-r'), 'html.parser')\n"
        "print(soup.original_encoding, soup.p.text.split()[0])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["['x']", "koi8-r Привет,"]
