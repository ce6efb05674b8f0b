"""Apple Podcasts categories: the list Apple accepts, and the check of a show's own.

A show names one category, ``"Parent"`` or ``"Parent > Child"``, as
``itunes:category`` writes it: ``<itunes:category text="Parent"><itunes:category
text="Child"/></itunes:category>``. Apple ignores a category it does not know,
so a misspelt one is refused when the settings are read, with the nearest real
category as a hint.

Source: Apple Podcasts for Creators, "Apple Podcasts categories" (the list in
force since 2019, spelled as Apple spells it).
"""

from __future__ import annotations

import difflib

__all__ = ["APPLE_CATEGORIES", "CategoryError", "apple_category", "nearest_category"]

APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": (
        "Books",
        "Design",
        "Fashion & Beauty",
        "Food",
        "Performing Arts",
        "Visual Arts",
    ),
    "Business": (
        "Careers",
        "Entrepreneurship",
        "Investing",
        "Management",
        "Marketing",
        "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health",
        "Fitness",
        "Medicine",
        "Mental Health",
        "Nutrition",
        "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga",
        "Automotive",
        "Aviation",
        "Crafts",
        "Games",
        "Hobbies",
        "Home & Garden",
        "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News",
        "Daily News",
        "Entertainment News",
        "News Commentary",
        "Politics",
        "Sports News",
        "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism",
        "Christianity",
        "Hinduism",
        "Islam",
        "Judaism",
        "Religion",
        "Spirituality",
    ),
    "Science": (
        "Astronomy",
        "Chemistry",
        "Earth Sciences",
        "Life Sciences",
        "Mathematics",
        "Natural Sciences",
        "Nature",
        "Physics",
        "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary",
        "Personal Journals",
        "Philosophy",
        "Places & Travel",
        "Relationships",
    ),
    "Sports": (
        "Baseball",
        "Basketball",
        "Cricket",
        "Fantasy Sports",
        "Football",
        "Golf",
        "Hockey",
        "Rugby",
        "Running",
        "Soccer",
        "Swimming",
        "Tennis",
        "Volleyball",
        "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}
"""Each top-level category with its subcategories, as Apple spells them."""


class CategoryError(ValueError):
    """A category Apple does not list (the message names the nearest one)."""


def _key(text: str) -> str:
    parent, _, child = text.partition(">")
    parts = [" ".join(p.split()).casefold() for p in (parent, child) if p.strip()]
    return " > ".join(parts)


_NAMES: dict[str, tuple[str, str | None]] = {
    **{_key(parent): (parent, None) for parent in APPLE_CATEGORIES},
    **{
        _key(f"{parent} > {child}"): (parent, child)
        for parent, children in APPLE_CATEGORIES.items()
        for child in children
    },
}


def apple_category(value: str) -> tuple[str, str | None]:
    """``(parent, child)`` as Apple spells them, for ``"Parent"`` or ``"Parent > Child"``
    in any case and spacing; ``CategoryError`` naming the nearest one otherwise."""
    found = _NAMES.get(_key(value))
    if found is None:
        raise CategoryError(
            f"{value!r} is not an Apple Podcasts category; the nearest is "
            f"{nearest_category(value)!r} (write 'Parent' or 'Parent > Child')"
        )
    return found


def nearest_category(value: str) -> str:
    """The Apple category closest to ``value``, as ``"Parent"`` or ``"Parent > Child"``;
    a bare subcategory (``"Nutrition"``) finds its parent, a misspelt start
    (``"Helth"``) its category."""
    key = _key(value)
    candidates = [*_NAMES.items()]  # top-level categories first: they win ties
    candidates += [(_key(child), (p, child)) for p, child in _NAMES.values() if child is not None]

    def score(name: str) -> float:
        whole = difflib.SequenceMatcher(None, key, name).ratio()
        start = difflib.SequenceMatcher(None, key, name[: len(key) + 1]).ratio()
        return max(whole, 0.9 * start)

    best = max(candidates, key=lambda c: score(c[0]), default=None) if key else None
    parent, child = best[1] if best is not None else ("Education", None)
    return f"{parent} > {child}" if child else parent
