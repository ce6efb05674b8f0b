"""The player in headless Chromium: axe-core finds no WCAG A/AA violation, the
keyboard reaches every control and leaves the player, chapters seek the audio,
and the page still works with JavaScript off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from reader.web.player.format import clock_time, fragment_seconds

from .conftest import SLUG, Edition, at, axe_violations, wait_for_audio

pytestmark = pytest.mark.browser

AUDIO_TIME = "document.getElementById('audio').currentTime"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_index_has_no_axe_violations(browser: Browser, site_url: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(site_url + "/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Episodes")
        assert axe_violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_episode_page_has_no_axe_violations(
    browser: Browser, episode_url: str, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(episode_url)
        expect(page.get_by_role("group", name="Player controls")).to_be_visible()
        assert axe_violations(page) == []
    finally:
        context.close()


def test_not_found_page_has_no_axe_violations(page: Page, site_url: str) -> None:
    response = page.goto(site_url + "/episodes/missing")
    assert response is not None and response.status == 404
    assert axe_violations(page) == []


def test_chapter_button_moves_the_audio_to_the_chapter(
    page: Page, episode_url: str, edition: Edition
) -> None:
    page.goto(episode_url)
    wait_for_audio(page)
    chapters = page.get_by_role("list").filter(has=page.get_by_role("button", name="Overuse"))
    overuse = chapters.get_by_role("button", name="Overuse")
    overuse.click()
    start = edition.start_s("Overuse")
    page.wait_for_function(at(start))
    assert page.evaluate("window.playCalls") == 1
    expect(overuse).to_have_attribute("aria-current", "true")
    name = f"Overuse {clock_time(round(start * 1000))}"
    expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    count = len(edition.manifest.chapters)
    expect(page.locator("#announcer")).to_have_text(f"Chapter 3 of {count}: Overuse")
    expect(page.locator(".cue.current")).to_have_text(edition.cue_at(start).text)
    assert page.locator("[aria-current]").count() == 2  # the chapter and its sentence
    assert axe_violations(page) == []


def test_previous_next_and_skip_controls_seek(
    page: Page, episode_url: str, edition: Edition
) -> None:
    page.goto(episode_url)
    wait_for_audio(page)
    page.get_by_role("button", name="Next chapter").click()
    page.wait_for_function(at(edition.start_s("Dehydration")))
    page.get_by_role("button", name="Previous chapter").click()
    page.wait_for_function(f"{AUDIO_TIME} === 0")
    page.get_by_role("button", name="Forward 15 seconds").click()
    page.wait_for_function(f"{AUDIO_TIME} >= 14.9")
    count = len(edition.manifest.chapters)
    expect(page.locator("#announcer")).to_contain_text(
        f"Chapter {edition.chapter_at(15)} of {count}"
    )
    page.get_by_role("button", name="Back 15 seconds").click()
    page.wait_for_function(f"{AUDIO_TIME} === 0")


def test_speed_select_sets_the_playback_rate(page: Page, episode_url: str) -> None:
    page.goto(episode_url)
    page.get_by_label("Speed").select_option("1.5")
    assert page.evaluate("document.getElementById('audio').playbackRate") == 1.5
    page.reload()
    expect(page.get_by_label("Speed")).to_have_value("1.5")


def test_shortcuts_use_a_modifier_and_can_be_turned_off(
    page: Page, episode_url: str, edition: Edition
) -> None:
    page.goto(episode_url)
    wait_for_audio(page)
    page.keyboard.press("ArrowRight")
    assert page.evaluate(AUDIO_TIME) == 0, "an arrow key alone is the screen reader's"
    page.keyboard.press("Alt+Shift+ArrowRight")
    second = edition.start_s("Dehydration")
    page.wait_for_function(at(second))
    page.keyboard.press("Alt+Shift+F")
    page.wait_for_function(f"{AUDIO_TIME} >= {second + 15 - 0.1}")
    page.keyboard.press("Alt+Shift+ArrowUp")
    expect(page.get_by_label("Speed")).to_have_value("1.25")
    toggle = page.get_by_role("button", name="Keyboard shortcuts", exact=True)
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    before = page.evaluate(AUDIO_TIME)
    page.keyboard.press("Alt+Shift+ArrowRight")
    page.keyboard.press("Alt+Shift+F")
    assert page.evaluate(AUDIO_TIME) == before
    page.reload()
    expect(page.get_by_role("button", name="Keyboard shortcuts")).to_have_attribute(
        "aria-pressed", "false"
    )
    expect(page.locator("#shortcuts-state")).to_have_text("off")


def test_transcript_highlight_can_be_turned_off(page: Page, episode_url: str) -> None:
    page.goto(episode_url)
    wait_for_audio(page)
    toggle = page.get_by_role("button", name="Highlight transcript", exact=True)
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.get_by_text("By Osgood.").click()  # the first sentence starts after a breath
    expect(page.locator(".cue.current")).to_have_count(1)
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".cue.current")).to_have_count(0)


def test_transcript_sentences_seek_by_click_and_keyboard(
    page: Page, episode_url: str, edition: Edition
) -> None:
    page.goto(episode_url)
    wait_for_audio(page)
    published = next(c for c in edition.cues if c.text.startswith("Published"))
    page.get_by_text(published.text).click()
    page.wait_for_function(at(published.start_ms / 1000))
    first = page.locator(".cue").first
    first.focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator(".cue").nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_function(at(edition.cues[1].start_ms / 1000))
    expect(page.locator(".cue.current")).to_have_text(edition.cues[1].text)


def test_a_chapter_jump_highlights_its_heading_at_once(
    page: Page, episode_url: str, edition: Edition
) -> None:
    """A chapter starts in the pause before its heading: at that moment the heading,
    about to be spoken, is the sentence shown, not the previous chapter's last one; so
    is a sentence a moment (a seek's frame) before it starts."""
    page.goto(episode_url)
    wait_for_audio(page)
    start = edition.start_s("Overuse")
    heading = next(c for c in edition.cues if c.start_ms / 1000 >= start)
    assert heading.text.startswith("Overuse") and heading.start_ms / 1000 > start
    page.evaluate(f"document.getElementById('audio').currentTime = {start}")
    expect(page.locator(".cue.current")).to_have_text(heading.text)
    target = edition.cues[5]
    page.evaluate(f"document.getElementById('audio').currentTime = {target.start_ms / 1000 - 0.03}")
    expect(page.locator(".cue.current")).to_have_text(target.text)


def _focus_trail(page: Page, presses: int) -> list[str]:
    """What Tab focuses, press by press, until focus leaves the page (consecutive
    repeats merged: the audio's own controls keep ``document.activeElement`` on it)."""
    trail: list[str] = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        label = page.evaluate(
            """() => {
              const e = document.activeElement;
              if (!e || e === document.body) return 'BODY';
              if (e.id === 'audio' || e.id === 'speed') return '#' + e.id;
              return e.tagName + ':' + e.textContent.trim().replace(/\\s+/g, ' ');
            }"""
        )
        if label == "BODY" or label in trail[:-1]:
            break
        if not trail or trail[-1] != label:
            trail.append(label)
    return trail


def test_tab_reaches_every_control_in_order_and_leaves(
    page: Page, episode_url: str, edition: Edition
) -> None:
    page.goto(episode_url)
    expect(page.get_by_role("group", name="Player controls")).to_be_visible()
    trail = _focus_trail(page, 80)
    expected = [
        "A:Skip to the player",
        "A:reader",
        "A:All episodes",
        "A:Podcast feed",
        "#audio",
        "BUTTON:Previous chapter",
        "BUTTON:Back 15 seconds",
        "BUTTON:Forward 15 seconds",
        "BUTTON:Next chapter",
        "#speed",
        "BUTTON:Highlight transcript",
        "BUTTON:Keyboard shortcuts",
        *(f"BUTTON:{c.title} {clock_time(c.start_ms)}" for c in edition.manifest.chapters),
        f"SPAN:{edition.cues[0].text}",
        "A:WebVTT",
    ]
    positions = [trail.index(item) for item in expected]
    assert positions == sorted(positions), trail
    assert trail[-1] == "A:podcast feed", "Tab did not reach the end of the page"
    spans = [t for t in trail if t.startswith("SPAN")]
    assert spans == [f"SPAN:{edition.cues[0].text}"], "one stop for the cues"


def test_skip_link_moves_focus_to_the_player(page: Page, episode_url: str) -> None:
    page.goto(episode_url)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#player")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#audio")).to_be_focused()


def test_focus_is_visible_on_every_control(page: Page, episode_url: str) -> None:
    page.goto(episode_url)
    expect(page.get_by_role("group", name="Player controls")).to_be_visible()
    for _ in range(20):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "() => { const e = document.activeElement, s = getComputedStyle(e);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth), e.outerHTML.slice(0, 60)]; }"
        )
        assert outline[0] != "none" and outline[1] >= 2, outline


def test_without_javascript_the_page_still_plays(
    browser: Browser, episode_url: str, edition: Edition
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(episode_url)
        audio = page.locator("audio#audio")
        assert audio.get_attribute("controls") is not None
        assert audio.get_attribute("preload") == "metadata"
        links = page.locator("#chapters a")
        expect(links).to_have_count(len(edition.manifest.chapters))
        third = fragment_seconds(edition.manifest.chapters[2].start_ms)
        assert links.nth(2).get_attribute("href") == (
            f"/episodes/inner-thigh-cramps/inner-thigh-cramps.mp3#t={third}"
        )
        expect(page.get_by_role("group", name="Player controls")).to_be_hidden()
        expect(page.get_by_text("By Osgood.")).to_be_visible()
    finally:
        context.close()


def test_narrow_window_does_not_scroll_sideways(browser: Browser, episode_url: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(episode_url)
        expect(page.get_by_role("group", name="Player controls")).to_be_visible()
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], widths
    finally:
        context.close()


def test_transcript_sentences_are_announced_as_buttons(
    page: Page, episode_url: str, edition: Edition
) -> None:
    """Issue 9 item 9: the sentences took focus but had no role, so a screen reader
    did not say they can be activated."""
    cue = edition.cues[1]
    page.goto(episode_url)
    sentence = page.get_by_role("button", name=cue.text, exact=True)
    expect(sentence).to_be_visible()
    assert page.locator(".cue:not([role=button])").count() == 0
    sentence.focus()
    page.keyboard.press(" ")
    page.wait_for_function(at(cue.start_ms / 1000))
    assert axe_violations(page) == []


def test_no_request_of_a_page_load_fails(page: Page, site_url: str) -> None:
    """The whole server, as ``reader serve`` runs it: ``/favicon.ico`` answered 404
    on every page load."""
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    # A media element may abort its own download once it has what it needs (the
    # metadata): that is the browser's choice, not a failed request.
    page.on(
        "requestfailed",
        lambda r: None if r.failure == "net::ERR_ABORTED" else failed.append(r.url),
    )
    for path in ("/", f"/episodes/{SLUG}"):
        page.goto(site_url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.wait_for_load_state("networkidle")
    assert page.request.get(site_url + "/favicon.ico").status == 200
    assert failed == []
