"""Task messages: the article travels inside, and the task id is its content."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from reader.queue import ArticleMessage, CarriedFile, FeedItem


def _message(**changes: object) -> ArticleMessage:
    base = ArticleMessage(
        label="posts/a.md",
        data=b"# Title\n\nText.\n",
        source="posts/a.md",
        source_key="/site/posts/a.md",
        format="markdown",
        voice="default",
        formats=("mp3",),
        lexicons=(CarriedFile(name="words.toml", data=b'nginx = "engine x"\n'),),
        submitted_at=1.0,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_the_task_id_is_the_content_not_where_or_when_it_came_from() -> None:
    first = _message()
    assert len(first.task_id) == 64
    same = _message(label="other/a.md", source="other/a.md", source_key="/x", submitted_at=9.0)
    assert same.task_id == first.task_id


@pytest.mark.parametrize(
    "change",
    [
        {"data": b"# Title\n\nOther text.\n"},
        {"voice": "joe"},
        {"formats": ("mp3", "m4b")},
        {"lexicons": (CarriedFile(name="words.toml", data=b'nginx = "n jinx"\n'),)},
        {"article_lexicons": (CarriedFile(name="a.pls", data=b"<lexicon/>"),)},
        {"languages": (CarriedFile(name="eo.toml", data=b"code = 'eo'\n"),)},
        {"read_references": True},
        {"force": True},
        {"item": FeedItem(title="A feed title")},
    ],
)
def test_anything_that_changes_the_edition_changes_the_task_id(change: dict[str, object]) -> None:
    assert _message(**change).task_id != _message().task_id


def test_a_message_survives_json_with_its_bytes() -> None:
    message = _message(
        data=bytes(range(256)),
        item=FeedItem(title="T", author="A", date=dt.date(2024, 5, 1), link="https://x.test/a"),
        article_lexicons=(CarriedFile(name="a.lexicon.toml", data=b"a = 'b'\n"),),
    )
    assert ArticleMessage.from_json(message.to_json()) == message


def test_a_message_from_another_version_is_refused_with_the_reason() -> None:
    data = _message().to_json() | {"v": 99}
    with pytest.raises(ValueError, match="different versions of reader"):
        ArticleMessage.from_json(data)
    with pytest.raises(ValueError, match="malformed"):
        ArticleMessage.from_json({"v": 1})


def test_a_tasks_notices_reach_the_submitters_outcome() -> None:
    from reader.narrate.inputs import ArticleJob
    from reader.queue.submit import outcome_from_result

    job = ArticleJob(label="de.md", location="de.md")
    result = {"status": "narrated", "slug": "krampfe", "notices": ["'Krämpfe' is in de: ..."]}
    outcome = outcome_from_result(job, "SUCCESS", result)
    assert outcome.notices == ("'Krämpfe' is in de: ...",)
    assert outcome.to_dict()["notices"] == ["'Krämpfe' is in de: ..."]
    assert outcome_from_result(job, "SUCCESS", {"status": "narrated"}).notices == ()
