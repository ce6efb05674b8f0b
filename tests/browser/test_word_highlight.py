"""The word being spoken is highlighted from transcript.json, on top of the sentence,
without touching the page's elements (screen readers hear nothing of it); a labelled
toggle turns it off and is remembered, and it starts off under reduced motion."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import HOLD_STILL, SLUG, at, axe_violations, wait_for_audio

pytestmark = pytest.mark.browser

HIGHLIGHTED = """() => {
  const h = CSS.highlights.get('reader-word');
  return h ? Array.from(h, r => r.toString()) : null;
}"""


ONE_WORD = """() => {
  const h = CSS.highlights.get('reader-word');
  return h !== undefined && h.size === 1;
}"""


def _word(editions_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """A sentence of the edition's transcript.json and a word in its middle."""
    data = json.loads((editions_dir / SLUG / "transcript.json").read_text(encoding="utf-8"))
    sentence = next(s for s in data["sentences"] if s["text"].startswith("Cramps hurt"))
    return sentence, sentence["words"][2]


def _seek_into(page: Page, word: dict[str, Any]) -> None:
    middle = round((word["start"] + word["end"]) / 2, 3)
    page.evaluate(f"document.getElementById('audio').currentTime = {middle}")
    page.wait_for_function(at(middle))


def test_the_word_at_the_playing_time_is_highlighted(
    page: Page, episode_url: str, editions_dir: Path
) -> None:
    sentence, word = _word(editions_dir)
    page.goto(episode_url)
    wait_for_audio(page)
    toggle = page.get_by_role("button", name="Highlight each word")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    cue = page.locator(".cue", has_text=sentence["text"]).first
    before = cue.inner_html()
    _seek_into(page, word)
    page.wait_for_function(ONE_WORD)
    assert page.evaluate(HIGHLIGHTED) == [word["text"]]
    expect(page.locator(".cue.current")).to_have_count(1)  # the sentence, as before
    assert cue.inner_html() == before, "the highlight must not change the transcript's elements"
    assert page.locator("[aria-live]").count() == 1  # only the chapter announcer
    assert axe_violations(page) == []


def test_the_toggle_turns_word_highlight_off_and_is_remembered(
    page: Page, episode_url: str, editions_dir: Path
) -> None:
    _, word = _word(editions_dir)
    page.goto(episode_url)
    wait_for_audio(page)
    toggle = page.get_by_role("button", name="Highlight each word")
    expect(toggle).to_be_visible()
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    _seek_into(page, word)
    assert page.evaluate(HIGHLIGHTED) == []
    page.reload()
    wait_for_audio(page)
    expect(toggle).to_have_attribute("aria-pressed", "false")
    _seek_into(page, word)
    assert page.evaluate(HIGHLIGHTED) == []
    toggle.click()
    page.wait_for_function(ONE_WORD)
    assert page.evaluate(HIGHLIGHTED) == [word["text"]]


def test_reduced_motion_starts_with_word_highlight_off(
    browser: Browser, episode_url: str, editions_dir: Path
) -> None:
    _, word = _word(editions_dir)
    context = browser.new_context(reduced_motion="reduce")
    context.add_init_script(HOLD_STILL)
    try:
        page = context.new_page()
        page.goto(episode_url)
        wait_for_audio(page)
        toggle = page.get_by_role("button", name="Highlight each word")
        expect(toggle).to_be_visible()
        expect(toggle).to_have_attribute("aria-pressed", "false")
        _seek_into(page, word)
        expect(page.locator(".cue.current")).to_have_count(1)  # sentences still followed
        assert page.evaluate(HIGHLIGHTED) == []
        toggle.click()  # the listener's own choice wins
        page.wait_for_function(ONE_WORD)
    finally:
        context.close()
