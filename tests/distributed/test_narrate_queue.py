"""``reader narrate --queue`` with ``reader worker`` processes on a real Redis."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from reader.catalog import Catalog
from reader.cli import main

from .conftest import Queue, Workers


def _articles(root: Path, count: int) -> Path:
    folder = root / "articles"
    folder.mkdir(exist_ok=True)
    for number in range(1, count + 1):
        (folder / f"a{number}.md").write_text(
            f"---\ntitle: Queued article {number}\n---\n\nThe first paragraph of article "
            f"{number}.\n\n## A section\n\nA second paragraph, number {number}.\n"
        )
    return folder


def test_queued_batch_reports_like_a_local_one_and_is_idempotent(
    queue_env: Queue, workers: Workers, capsys: pytest.CaptureFixture[str]
) -> None:
    worker = workers.start()
    articles = _articles(queue_env.root, 3)
    (articles / "empty.md").write_bytes(b"")
    report = queue_env.root / "report.json"
    code = main(["narrate", str(articles), "--queue", "--voice", "fake", "--report", str(report)])
    assert code == 2
    summary = json.loads(report.read_text())
    assert (summary["narrated"], summary["failed"], summary["total"]) == (3, 1, 4)
    [failure] = summary["failures"]
    assert failure["article"].endswith("empty.md") and "file is empty" in failure["reason"]
    err = capsys.readouterr().err
    assert "3 narrated, 0 unchanged, 0 skipped, 1 failed" in err
    assert "[4/4]" in err and "Traceback" not in err

    catalog = Catalog(queue_env.out / "reader.db")
    try:
        titles = sorted(m.metadata.title for m in catalog.manifests())
    finally:
        catalog.close()
    assert titles == [f"Queued article {n}" for n in (1, 2, 3)]

    # The same batch again: the same task ids, nothing synthesised, nothing republished.
    code = main(["narrate", str(articles), "--queue", "--voice", "fake", "--report", str(report)])
    again = json.loads(report.read_text())
    assert (again["unchanged"], again["narrated"], again["failed"]) == (3, 0, 1)
    assert all(a["synthesized"] == 0 for a in again["articles"])

    # One structured line per article: slug, seconds, audio and CPU seconds, outcome.
    events = worker.events()
    assert len(events) == 8
    narrated = [e for e in events if e["outcome"] == "narrated"]
    assert sorted(str(e["slug"]) for e in narrated) == [f"queued-article-{n}" for n in (1, 2, 3)]
    for event in narrated:
        assert float(event["audio_seconds"]) > 1  # type: ignore[arg-type]
        assert float(event["cpu_seconds"]) > 0  # type: ignore[arg-type]
        assert float(event["seconds"]) > 0  # type: ignore[arg-type]
    failed = [e for e in events if e["outcome"] == "failed"]
    assert len(failed) == 2 and all("file is empty" in str(e["reason"]) for e in failed)


def test_no_wait_prints_task_ids_and_status_shows_the_queue(
    queue_env: Queue, workers: Workers, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = _articles(queue_env.root, 2)
    (articles / "broken.md").write_text("---\ntitle: [unclosed\n---\n\nText.\n")
    assert main(["narrate", str(articles), "--queue", "--no-wait", "--voice", "fake"]) == 0
    lines = capsys.readouterr().out.splitlines()
    ids = [line.split("\t")[0] for line in lines]
    assert len(ids) == 3 and all(len(i) == 64 for i in ids)

    assert main(["status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["queue"] == queue_env.name
    assert status["waiting"] == 3 and status["workers"] == [] and status["running"] == []

    workers.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert main(["status", "--json"]) == 0
        status = json.loads(capsys.readouterr().out)
        if status["waiting"] == 0 and not status["running"] and status["failed_total"] == 1:
            break
        time.sleep(0.5)
    assert len(status["workers"]) == 1
    [failed] = status["failed"]
    assert "broken.md" in failed["reason"] and "line" in failed["reason"]
    assert main(["status"]) == 0
    text = capsys.readouterr().out
    assert "0 waiting" in text and "1 alive" in text and "failed:   1" in text


def test_a_transient_storage_fault_is_retried(queue_env: Queue, workers: Workers) -> None:
    worker = workers.start()
    # The editions folder is, for a moment, a file: writing the edition fails with an
    # OSError, the task is retried with backoff, and goes through once it is a folder.
    blocked = queue_env.out
    for child in blocked.iterdir():
        child.unlink()
    blocked.rmdir()
    blocked.write_text("not a folder")
    articles = _articles(queue_env.root, 1)
    code = main(["narrate", str(articles), "--queue", "--no-wait", "--voice", "fake"])
    assert code == 0
    deadline = time.monotonic() + 60
    while not any(e["outcome"] == "retrying" for e in worker.events()):
        assert time.monotonic() < deadline, worker.text()[-3000:]
        time.sleep(0.2)
    blocked.unlink()
    while not any(e["outcome"] == "narrated" for e in worker.events()):
        assert time.monotonic() < deadline, worker.text()[-3000:]
        time.sleep(0.2)
    outcomes = [e["outcome"] for e in worker.events()]
    assert outcomes[-1] == "narrated" and "failed" not in outcomes


def test_a_missing_broker_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("READER_BROKER_URL", raising=False)
    article = _articles(tmp_path, 1) / "a1.md"
    assert main(["narrate", str(article), "--queue"]) == 2
    assert "no broker" in capsys.readouterr().err


def test_an_article_past_its_deadline_fails_once_with_the_reason(
    queue_env: Queue, workers: Workers, capsys: pytest.CaptureFixture[str]
) -> None:
    from support.trouble_engine import STALL, TROUBLE_ENGINE

    (queue_env.root / "voices" / "trouble.toml").write_text(
        f'name = "trouble"\nengine = "{TROUBLE_ENGINE}"\n[voice]\nlanguage = "en-US"\n'
    )
    worker = workers.start(env=queue_env.env(READER_JOB_TIMEOUT_S="4"))
    articles = queue_env.root / "articles"
    articles.mkdir()
    (articles / "stuck.md").write_text(f"---\ntitle: Stuck\n---\n\nThe engine {STALL}.\n")
    report = queue_env.root / "report.json"
    code = main(
        ["narrate", str(articles), "--queue", "--voice", "trouble", "--report", str(report)]
    )
    assert code == 2
    [failure] = json.loads(report.read_text())["failures"]
    assert "took longer than 4 s (job_timeout_s) and was stopped" in failure["reason"], failure
    assert "stuck.md" in capsys.readouterr().err

    # Failed once, not retried, and the worker lives on for the next article.
    time.sleep(1)
    [event] = worker.events()
    assert event["outcome"] == "failed" and "job_timeout_s" in str(event["reason"])
    assert worker.process.poll() is None
