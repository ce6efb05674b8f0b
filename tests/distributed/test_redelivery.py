"""With Redis, the task of a worker killed mid-article goes to another worker once the
broker's visibility timeout has passed (RabbitMQ redelivers at once: see test_e2e_scale)."""

from __future__ import annotations

import json
import time

import pytest

from reader.cli import main

from .conftest import Queue, Workers


@pytest.mark.xfail(
    strict=False,
    reason="kombu restores a dead Redis worker's unacknowledged task only on some runs "
    "within 90 s here; redelivery is proven with RabbitMQ in test_e2e_scale (issue 11, open)",
)
def test_a_dead_workers_article_is_redelivered_after_the_visibility_timeout(
    queue_env: Queue, workers: Workers
) -> None:
    env = queue_env.env(READER_VISIBILITY_TIMEOUT_S="4")
    doomed = workers.start(env=env)
    article = queue_env.root / "long.md"
    sentences = " ".join(f"Sentence number {n} of a long article." for n in range(150))
    article.write_text(f"---\ntitle: A long article\n---\n\n{sentences}\n")
    assert main(["narrate", str(article), "--queue", "--no-wait", "--voice", "fake"]) == 0
    deadline = time.monotonic() + 60
    while " received" not in doomed.text():
        assert time.monotonic() < deadline, doomed.text()[-2000:]
        time.sleep(0.05)
    time.sleep(0.3)
    doomed.kill()
    assert doomed.events() == []  # killed mid-article

    survivor = workers.start(env=env)
    deadline = time.monotonic() + 90
    while not survivor.events():
        assert time.monotonic() < deadline, survivor.text()[-3000:]
        time.sleep(0.2)
    [event] = survivor.events()
    assert event["outcome"] == "narrated" and event["slug"] == "a-long-article"
    assert json.loads((queue_env.out / "a-long-article" / "manifest.json").read_text())
