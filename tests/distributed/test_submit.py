"""Why a queued article failed, as the submitter, the API and ``reader status`` say it."""

from __future__ import annotations

from celery.exceptions import TimeLimitExceeded

from reader.errors import QueueError
from reader.queue.submit import failure_reason


def test_a_failure_names_its_reason_and_the_hard_time_limit_says_what_to_do() -> None:
    assert failure_reason("FAILURE", QueueError("a.md: the file is empty")) == (
        "a.md: the file is empty"
    )
    killed = failure_reason("FAILURE", TimeLimitExceeded(1860.0))
    assert killed.startswith("the article took longer than 1860 s (job_timeout_s and its grace)")
    assert "raise job_timeout_s" in killed
    assert failure_reason("FAILURE", KeyError("x")) == "KeyError: 'x'"
    assert failure_reason("REVOKED", None) == "the task was revoked"
