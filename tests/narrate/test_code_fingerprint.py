"""The code fingerprint in an edition's input hash: any edit to the narration code or
a dependency's version changes it, and an unchanged install is not read again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reader.narrate import current

MODULE = "def parse(text):\n    return text.split()\n"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A stand-in for the installed ``reader`` package: one file of each kind the
    fingerprint covers, and one it does not."""
    root = tmp_path / "reader"
    (root / "parse").mkdir(parents=True)
    (root / "languages").mkdir()
    for name in ("model.py", "text.py", "language_model.py"):
        (root / name).write_text(f"# {name}\n")
    (root / "parse" / "markdown.py").write_text(MODULE)
    (root / "languages" / "en.toml").write_text('code = "en"\n')
    (root / "web").mkdir()
    (root / "web" / "app.py").write_text("APP = 1\n")
    return root


def _fingerprint(package: Path) -> str:
    return current._fingerprint(package, saved=package.parent / "fingerprint.json")


def test_the_fingerprint_is_of_the_contents_not_the_stamp(package: Path, tmp_path: Path) -> None:
    """A copy of the same code (other times, other inodes) has the same fingerprint,
    whether it was kept or made afresh."""
    first = _fingerprint(package)
    assert _fingerprint(package) == first
    copy = tmp_path / "copy" / "reader"
    shutil.copytree(package, copy)
    assert _fingerprint(copy) == first
    assert first == current._content_hash(package, current._code_files(package))


def test_unchanged_code_is_not_read_again(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _fingerprint(package)

    def read(*_: object) -> str:
        raise AssertionError("the kept fingerprint should have been used")

    monkeypatch.setattr(current, "_content_hash", read)
    assert _fingerprint(package) == first


def test_an_edit_of_the_same_size_in_the_same_second_is_seen(package: Path) -> None:
    module = package / "parse" / "markdown.py"
    first = _fingerprint(package)
    before = os.stat(module)
    module.write_text(MODULE.replace("split", "strip"))
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    assert os.stat(module).st_size == before.st_size
    assert _fingerprint(package) not in (first, "")
    assert _fingerprint(package) == current._content_hash(package, current._code_files(package))


def test_an_edit_whose_size_and_time_are_put_back_is_seen(package: Path) -> None:
    """Writing a file sets its change time, which no one can set back."""
    module = package / "parse" / "markdown.py"
    first = _fingerprint(package)
    before = os.stat(module)
    while os.stat(module).st_ctime_ns == before.st_ctime_ns:  # the clock ticks in ms
        module.write_text(MODULE.replace("split", "strip"))
        os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert _fingerprint(package) != first


def test_a_new_module_is_seen_and_other_code_is_not_covered(package: Path) -> None:
    first = _fingerprint(package)
    (package / "web" / "app.py").write_text("APP = 2\n")
    assert _fingerprint(package) == first
    (package / "parse" / "html.py").write_text("HTML = 1\n")
    assert _fingerprint(package) != first


def test_a_new_version_of_a_dependency_is_seen(
    package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pip renames the metadata folder (``babel-2.17.0.dist-info``) when it installs
    another version; the stamp names those folders."""
    first = _fingerprint(package)
    folders = current.metadata_folders(current._NARRATION_DEPENDENCIES)
    assert any(Path(f).name.startswith("babel-") for f in folders)
    monkeypatch.setattr(current, "metadata_folders", lambda _: [*folders, "babel-99.dist-info"])
    monkeypatch.setattr(current, "installed_versions", lambda names: dict.fromkeys(names, "99"))
    assert _fingerprint(package) != first


def test_a_damaged_or_unwritable_kept_fingerprint_is_made_afresh(package: Path) -> None:
    expected = current._content_hash(package, current._code_files(package))
    saved = package.parent / "fingerprint.json"
    saved.write_text('{"stamp": ')
    assert _fingerprint(package) == expected
    saved.write_text('{"stamp": 1, "fingerprint": 2}')
    assert _fingerprint(package) == expected
    blocked = package.parent / "not-a-folder"
    blocked.write_text("")
    assert current._fingerprint(package, saved=blocked / "fingerprint.json") == expected
