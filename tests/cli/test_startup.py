"""What ``reader narrate`` loads: re-narrating an unchanged article stays cheap."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from reader import config
from reader.catalog import Catalog
from reader.cli import narrate_cmd

SEED = Path(__file__).resolve().parents[2] / "reader" / "samples" / "inner-thigh-cramps.md"
HEAVY = ("pydantic", "sqlalchemy", "alembic", "numpy", "bs4", "httpx", "reader.parse")
SPAWN = "multiprocessing.popen_spawn_posix"
"""What starting a process with spawn loads (a speech worker, a batch worker)."""

_NARRATE = f"""
import json, sys
from reader.cli import main, narrate_cmd
upgrades = []  # ``reader db upgrade`` children started
start_upgrade = narrate_cmd._start_upgrade
narrate_cmd._start_upgrade = lambda database: upgrades.append(1) or start_upgrade(database)
code = main(sys.argv[1:])
loaded = [m for m in {(*HEAVY, SPAWN)!r} if m in sys.modules]
print(json.dumps({{"code": code, "loaded": loaded, "upgrades": len(upgrades)}}))
"""


def _narrate(tmp_path: Path, *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _NARRATE, "narrate", str(SEED), "--quiet", *args],
        cwd=tmp_path,  # no reader.toml there
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin"},  # no READER_ variable
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return found


def test_the_cli_knows_where_settings_come_from() -> None:
    assert narrate_cmd._CONFIG_NAME == config.CONFIG_NAME
    assert narrate_cmd._ENV_PREFIX == config.ENV_PREFIX


def test_an_unchanged_article_loads_no_parser_settings_or_database_code(tmp_path: Path) -> None:
    voice = tmp_path / "espeak.toml"
    voice.write_text('engine = "espeak"\n\n[voice]\nlanguage = "en-US"\n', encoding="utf-8")
    args = ("--out", str(tmp_path / "out"), "--voice", str(voice))
    first = _narrate(tmp_path, *args)
    assert first["code"] == 0
    assert SPAWN not in first["loaded"], "one article: espeak-ng speaks in-process, no worker"
    again = _narrate(tmp_path, *args)
    assert again == {"code": 0, "loaded": [], "upgrades": 0}
    # The catalog lost the episode: the unchanged edition is recorded in it again.
    (tmp_path / "out" / "reader.db").unlink()
    assert _narrate(tmp_path, *args)["code"] == 0
    catalog = Catalog(tmp_path / "out" / "reader.db")
    assert [m.slug for m in catalog.manifests()] == ["what-causes-inner-thigh-cramps"]
    catalog.close()


def test_narrating_into_an_existing_site_records_the_episode_without_sqlalchemy(
    tmp_path: Path,
) -> None:
    """A new site's catalog is made with its first row, from the schema the
    migrations end at; then, at the newest revision, it is written with
    ``sqlite3``: the article is narrated again (its edition and speech cache
    gone, as the bench does) and listed, and neither SQLAlchemy nor the thread
    that would open it loads, in this process or in a child."""
    voice = tmp_path / "espeak.toml"
    voice.write_text('engine = "espeak"\n\n[voice]\nlanguage = "en-US"\n', encoding="utf-8")
    out = tmp_path / "out"
    args = ("--out", str(out), "--voice", str(voice))
    created = _narrate(tmp_path, *args)
    assert created["code"] == 0  # creates the site, and its catalog with the episode
    assert "sqlalchemy" not in created["loaded"] and "alembic" not in created["loaded"]
    assert SPAWN not in created["loaded"] and created["upgrades"] == 0
    catalog = Catalog(out / "reader.db")
    first = catalog.manifests()
    version = catalog.version()
    catalog.close()
    shutil.rmtree(out / "what-causes-inner-thigh-cramps")
    shutil.rmtree(out / ".cache")
    again = _narrate(tmp_path, *args, "--report", str(tmp_path / "report.json"))
    assert again["code"] == 0
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["narrated"] == 1
    assert "sqlalchemy" not in again["loaded"] and "alembic" not in again["loaded"]
    catalog = Catalog(out / "reader.db")  # what the server reads
    (episode,) = catalog.manifests()
    assert episode.slug == "what-causes-inner-thigh-cramps"
    assert episode.guid == first[0].guid
    assert episode.narrated_at != first[0].narrated_at, "the new edition is listed"
    assert catalog.version() == version + 1
    catalog.close()


def test_main_called_with_arguments_leaves_the_garbage_collector_alone(tmp_path: Path) -> None:
    """Only the ``reader`` program itself freezes its objects before it exits."""
    import gc

    from reader.cli import main

    frozen = gc.get_freeze_count()
    assert main(["cache", "stats", "--out", str(tmp_path)]) == 0
    assert gc.get_freeze_count() == frozen


def test_a_catalog_the_child_cannot_create_fails_the_article_with_its_reason(
    tmp_path: Path,
) -> None:
    """``reader db upgrade`` fails on a file that is not a database; the catalog is
    then opened in the process, which says why, and the article is reported failed."""
    voice = tmp_path / "espeak.toml"
    voice.write_text('engine = "espeak"\n\n[voice]\nlanguage = "en-US"\n', encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "reader.db").write_text("not a database\n" * 100, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "reader", "narrate", str(SEED), "--quiet", "--out", str(out)]
        + ["--voice", str(voice)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert done.returncode != 0
    assert "reader.db" in done.stderr and "catalog" in done.stderr, done.stderr
