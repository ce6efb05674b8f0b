"""The article of a worker killed mid-article goes to another worker: with RabbitMQ as
soon as the dead worker's connection drops; with Redis once the broker's visibility
timeout has passed, found by the surviving worker's periodic sweep (every tick here,
not kombu's default of one tick in ten: see ``reader.queue.app``)."""

from __future__ import annotations

import json
import time

from reader.cli import main

from .conftest import Queue, Workers

JOB_TIMEOUT_S = 20
"""The deadline (hard limit 30 s): the visibility timeout must be longer."""
VISIBILITY_TIMEOUT_S = 32


def test_a_dead_workers_article_is_delivered_again_to_another_worker(
    either_queue_env: Queue, either_workers: Workers
) -> None:
    queue, workers = either_queue_env, either_workers
    env = queue.env(
        READER_JOB_TIMEOUT_S=str(JOB_TIMEOUT_S),
        READER_VISIBILITY_TIMEOUT_S=str(VISIBILITY_TIMEOUT_S),
    )
    doomed = workers.start(env=env)
    article = queue.root / "long.md"
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
    killed_at = time.monotonic()

    survivor = workers.start(env=env)
    # Redis: the visibility timeout counts from the first delivery; the survivor's
    # sweep (every 3 s here) finds the task within one interval after it (some slack
    # for a loaded machine; kombu's default cadence could wait up to 30 s more).
    deadline = killed_at + VISIBILITY_TIMEOUT_S + 3 + 8
    while " received" not in survivor.text():
        assert time.monotonic() < deadline, survivor.text()[-3000:]
        time.sleep(0.1)
    deadline = time.monotonic() + JOB_TIMEOUT_S + 10
    while not survivor.events():
        assert time.monotonic() < deadline, survivor.text()[-3000:]
        time.sleep(0.2)
    [event] = survivor.events()
    assert event["outcome"] == "narrated" and event["slug"] == "a-long-article"
    assert json.loads((queue.out / "a-long-article" / "manifest.json").read_text())
