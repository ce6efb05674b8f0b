"""Apple's category list and the check of the show's category (issue 9 item 2)."""

from __future__ import annotations

import pytest

from reader.feed.categories import (
    APPLE_CATEGORIES,
    CategoryError,
    apple_category,
    nearest_category,
)


def test_the_list_is_apples() -> None:
    assert len(APPLE_CATEGORIES) == 19
    assert sum(len(c) for c in APPLE_CATEGORIES.values()) == 91
    assert APPLE_CATEGORIES["Health & Fitness"][-2:] == ("Nutrition", "Sexuality")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Education", ("Education", None)),
        ("Health & Fitness > Nutrition", ("Health & Fitness", "Nutrition")),
        ("  health &  fitness>nutrition ", ("Health & Fitness", "Nutrition")),
        ("TV & Film > After Shows", ("TV & Film", "After Shows")),
    ],
)
def test_known_categories_come_back_in_apples_spelling(
    value: str, expected: tuple[str, str | None]
) -> None:
    assert apple_category(value) == expected


@pytest.mark.parametrize(
    ("value", "nearest"),
    [
        ("Helth & Fitness", "Health & Fitness"),
        ("Health and Fitness", "Health & Fitness"),
        ("Nutrition", "Health & Fitness > Nutrition"),
        ("Science > Maths", "Science > Mathematics"),
        ("Comedy > Standup", "Comedy > Stand-Up"),
        ("Tech", "Technology"),
        ("Arts > Book", "Arts > Books"),
    ],
)
def test_an_unknown_category_names_the_nearest(value: str, nearest: str) -> None:
    assert nearest_category(value) == nearest
    with pytest.raises(CategoryError) as caught:
        apple_category(value)
    assert repr(value) in str(caught.value) and repr(nearest) in str(caught.value)
