"""The reader's experience in Chromium: theatre view, phone width, keys, speed, print, a11y."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from a11y import audit, blocking
from browser import captions_every_5s, require_browser, serve, wait_for
from paths import ROOT
from pdfs import write_pdf
from reading import DESKTOP, PHONE, resize, write_media_lab
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from generator.build import build_site

pytestmark = pytest.mark.xdist_group("browser")

DEFAULT_LAB = ROOT / "assets" / "labs" / "ll202509"
VIDEO_ID = "ThEaTrE0001"
NOTES = f"""---
title: "Watching a talk in the theatre"
date: 2026-03-01
presenter: "Grace Hopper"
---

{{{{< youtube {VIDEO_ID} >}}}}

## Sections

- [0:00](https://www.youtube.com/watch?v={VIDEO_ID}) Opening words
- [0:30](https://www.youtube.com/watch?v={VIDEO_ID}&t=30s) Compiler history
- [1:00](https://www.youtube.com/watch?v={VIDEO_ID}&t=60s) Closing remarks
"""
WORDS = [f"word{n:02d}" for n in range(18)]
# Long enough that a chapter's transcript does not fit in its box at 1366×768.
LINE = (
    "Spoken {} here, and then a long sentence about compilers, linkers, loaders and "
    "the history of the programs that turn what people write into what machines run."
)
CHAPTER = "02-compiler-history/"
# Slides 3 and 4 are the second chapter's: the second one's words are said at 0:45.
SLIDES = [
    [("Opening words", 40), ("welcome", 20)],
    [("The plan", 40), ("what comes next", 20)],
    [("Compiler history", 40), ("the first compilers", 20)],
    [("Optimisers", 40), (f"spoken {WORDS[9]} here", 20)],
    [("Closing remarks", 40), ("thank you", 20)],
]


@dataclass(frozen=True)
class Sites:
    """The served sites: a lab with its own video, deck and captions; the default lab."""

    media: str
    youtube: str


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    require_browser()
    base = tmp_path_factory.mktemp("reader")
    lab = base / "theatre"
    write_media_lab(lab, NOTES, captions_every_5s(WORDS, LINE), title="Theatre", duration=90)
    write_pdf(lab / "deck.pdf", SLIDES)
    media = base / "media-site"
    build_site([lab], media, cache_dir=base / "cache")
    youtube = base / "youtube-site"
    build_site([DEFAULT_LAB], youtube, cache_dir=base / "cache")
    with serve(media) as media_url, serve(youtube) as youtube_url:
        yield Sites(media_url, youtube_url)


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    """The browser at 1366×768, in the theatre layout, with the default speed."""
    resize(browser, *DESKTOP)
    yield browser
    browser.execute_script("localStorage.clear()")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def _open(driver: Any, url: str) -> None:
    driver.get(url)
    wait_for(lambda: driver.execute_script("return document.readyState") == "complete", what=url)
    wait_for(
        lambda: driver.execute_script("return !!(window.labsite && window.labsite.state())"),
        what="the page script",
    )


def _video(driver: Any, script: str) -> Any:
    return driver.execute_script(f"var v = document.querySelector('.ls-player video'); {script}")


def _ready(driver: Any) -> None:
    wait_for(lambda: _video(driver, "return v.readyState >= 1"), what="the video's metadata")


def _box(driver: Any, selector: str) -> dict[str, float]:
    box: dict[str, float] = driver.execute_script(
        "var e = document.querySelector(arguments[0]); if (!e) return null;"
        "var r = e.getBoundingClientRect();"
        "return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width};",
        selector,
    )
    assert box is not None, f"nothing matches {selector}"
    return box


def _in_view(driver: Any, selector: str) -> bool:
    """Tell whether the element is wholly in the viewport, below the theme's header."""
    top = driver.execute_script(
        "return document.querySelector('.md-header').getBoundingClientRect().bottom"
    )
    width, height = driver.execute_script("return [innerWidth, innerHeight]")
    box = _box(driver, selector)
    return bool(
        box["top"] >= top - 0.5
        and box["bottom"] <= height + 0.5
        and box["left"] >= 0
        and box["right"] <= width
    )


def _current(driver: Any, kind: str) -> str | None:
    """Return the data-start of the transcript paragraph or slide marked current."""
    selector = {"paragraph": ".ls-transcript p", "slide": ".ls-slides .ls-slide"}[kind]
    value = driver.execute_script(
        "var e = document.querySelector(arguments[0] + '[aria-current=\"true\"]');"
        "return e && e.classList.contains('is-current') ? e.dataset.start : null;",
        selector,
    )
    return str(value) if value is not None else None


def _press(driver: Any, *keys: str) -> None:
    ActionChains(driver).send_keys(*keys).perform()


def _focus_page(driver: Any) -> None:
    """Give the focus to the page itself, as after clicking its text."""
    driver.execute_script(
        "document.activeElement && document.activeElement.blur(); document.body.focus();"
    )


def test_theatre_shows_player_slide_and_paragraph_together_while_playing(
    sites: Sites, desktop: Any
) -> None:
    _open(desktop, sites.media + CHAPTER)
    _ready(desktop)
    assert (
        desktop.execute_script(
            "return getComputedStyle(document.querySelector('.ls-stage')).display"
        )
        == "grid"
    )
    _video(desktop, "v.muted = true; v.currentTime = 31; v.play();")
    wait_for(lambda: _video(desktop, "return v.currentTime > 32 && !v.paused"), what="playing")
    for moment in (31, 46):
        _video(desktop, f"v.currentTime = {moment};")
        start = f"{(moment // 5) * 5:.1f}"
        wait_for(
            lambda start=start: _current(desktop, "paragraph") == start, what=f"paragraph {start}"
        )
        wait_for(
            lambda moment=moment: _video(
                desktop, f"return v.currentTime > {moment + 0.5} && !v.paused"
            )
        )
        # Everything the reader watches is in view at once, and stays so as the video plays.
        for selector in (
            ".ls-player video",
            ".ls-slides .ls-slide.is-current",
            ".ls-transcript p.is-current",
        ):
            wait_for(
                lambda selector=selector: _in_view(desktop, selector), what=f"{selector} in view"
            )
        assert _box(desktop, ".ls-slides .ls-slide.is-current")["width"] >= 480
        scrolled = desktop.execute_script("return scrollY")
        wait_for(lambda moment=moment: _video(desktop, f"return v.currentTime > {moment + 2}"))
        assert desktop.execute_script("return scrollY") == scrolled
        assert _in_view(desktop, ".ls-player video")
    # The slide whose words are said at 0:45 is the current one after the seek.
    slide = desktop.find_element(By.CSS_SELECTOR, ".ls-slides .ls-slide.is-current")
    assert slide.get_attribute("data-slide") == "4"
    assert slide.get_attribute("aria-current") == "true"
    assert len(desktop.find_elements(By.CSS_SELECTOR, "[aria-current='true'].ls-slide")) == 1
    _video(desktop, "v.pause();")


def _within(driver: Any, selector: str, container: str) -> bool:
    """Tell whether the element lies wholly inside its nearest `container` ancestor's box."""
    return bool(
        driver.execute_script(
            "var e = document.querySelector(arguments[0]); var c = e && e.closest(arguments[1]);"
            "if (!c) return false; var a = e.getBoundingClientRect(), b = c.getBoundingClientRect();"
            "return a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5 &&"
            " a.left >= b.left - 0.5 && a.right <= b.right + 0.5;",
            selector,
            container,
        )
    )


def test_a_link_to_a_moment_shows_its_paragraph_and_slide_below_the_header(
    sites: Sites, desktop: Any
) -> None:
    """As a search result opens a page: the moment's paragraph and slide are in view."""
    _open(desktop, sites.media)
    _open(desktop, sites.media + CHAPTER + "#t=55")
    _ready(desktop)
    wait_for(lambda: _current(desktop, "paragraph") == "55.0", what="the paragraph at 0:55")
    for selector in (
        ".ls-player",
        ".ls-slides .ls-slide.is-current",
        ".ls-transcript p.is-current",
    ):
        wait_for(lambda selector=selector: _in_view(desktop, selector), what=f"{selector} in view")
    # In its own scrolling box too, not only somewhere on the screen.
    wait_for(
        lambda: _within(desktop, ".ls-transcript p.is-current", ".ls-stage > section"),
        what="the paragraph inside the transcript's box",
    )


def test_the_phone_s_slide_strip_shows_the_current_slide(sites: Sites, browser: Any) -> None:
    resize(browser, *PHONE)
    try:
        _open(browser, sites.media)
        # The chapter's second slide, whose words are said at 0:45, is off the strip's edge
        # until the strip follows the video.
        _open(browser, sites.media + CHAPTER + "#t=47")
        _ready(browser)
        slide = ".ls-slides .ls-slide.is-current"
        wait_for(lambda: _box(browser, slide) is not None, what="a current slide")
        assert browser.find_element(By.CSS_SELECTOR, slide).get_attribute("data-slide") == "4"
        wait_for(lambda: _within(browser, slide, ".ls-slides"), what="the slide inside the strip")
    finally:
        resize(browser, *DESKTOP)


def test_the_stacked_layout_is_chosen_and_remembered(sites: Sites, desktop: Any) -> None:
    _open(desktop, sites.media + CHAPTER)
    layout = desktop.find_element(By.CSS_SELECTOR, ".ls-controls .ls-layout")
    assert layout.get_attribute("aria-pressed") == "true"
    layout.click()
    wait_for(
        lambda: (
            desktop.execute_script(
                "return getComputedStyle(document.querySelector('.ls-stage')).display"
            )
            == "block"
        ),
        what="the stacked layout",
    )
    assert layout.get_attribute("aria-pressed") == "false"
    tops = [_box(desktop, s)["top"] for s in (".ls-player", ".ls-slides", ".ls-transcript")]
    assert tops == sorted(tops)
    # Another page opens stacked from its first frame: the choice is read before drawing.
    _open(desktop, sites.media + "03-closing-remarks/")
    assert desktop.execute_script(
        "return document.documentElement.classList.contains('ls-stacked')"
    )
    assert (
        desktop.find_element(By.CSS_SELECTOR, ".ls-layout").get_attribute("aria-pressed") == "false"
    )
    desktop.find_element(By.CSS_SELECTOR, ".ls-layout").click()
    wait_for(
        lambda: (
            desktop.execute_script(
                "return getComputedStyle(document.querySelector('.ls-stage')).display"
            )
            == "grid"
        ),
        what="the theatre again",
    )


@pytest.mark.parametrize("page", ["media chapter", "media home", "youtube chapter", "handout"])
def test_phone_width_stacks_everything_without_sideways_scrolling(
    sites: Sites, browser: Any, page: str
) -> None:
    url = {
        "media chapter": sites.media + CHAPTER,
        "media home": sites.media,
        "youtube chapter": sites.youtube + "08-initial-build/",
        "handout": sites.media + "handout/",
    }[page]
    resize(browser, *PHONE)
    try:
        browser.get(url)
        wait_for(lambda: browser.execute_script("return document.readyState") == "complete")
        assert browser.execute_script(
            "return document.scrollingElement.scrollWidth <= innerWidth"
        ), browser.execute_script("return [document.scrollingElement.scrollWidth, innerWidth]")
        if page == "handout":
            return
        assert (
            browser.execute_script(
                "return getComputedStyle(document.querySelector('.ls-stage')).display"
            )
            == "block"
        )
        assert not browser.find_elements(By.CSS_SELECTOR, ".ls-layout:not([hidden])") or not (
            browser.find_element(By.CSS_SELECTOR, ".ls-layout").is_displayed()
        )
        if page == "youtube chapter":
            # The facade's title and its play button do not overlap.
            title, button = _box(browser, ".ls-facade-title"), _box(browser, ".ls-play")
            assert title["bottom"] <= button["top"] or title["top"] >= button["bottom"], (
                title,
                button,
            )
            label = _box(browser, ".ls-facade-label")
            assert label["top"] >= button["bottom"], (label, button)
    finally:
        resize(browser, *DESKTOP)


def test_keys_play_seek_and_open_their_list(sites: Sites, desktop: Any) -> None:
    _open(desktop, sites.media + CHAPTER)
    _ready(desktop)
    _video(desktop, "v.muted = true;")
    _focus_page(desktop)
    for key in ("k", "k", Keys.SPACE, Keys.SPACE):
        paused = _video(desktop, "return v.paused")
        _press(desktop, key)
        wait_for(
            lambda paused=paused: _video(desktop, "return v.paused") != paused, what=f"{key!r}"
        )
    _video(desktop, "v.pause();")
    wait_for(lambda: _video(desktop, "return v.paused"))

    def at(seconds: float) -> None:
        _video(desktop, f"v.currentTime = {seconds};")
        wait_for(lambda: abs(_video(desktop, "return v.currentTime") - seconds) < 0.05)

    for start, key, expected in (
        (40, "l", 50),
        (40, "j", 30),
        (40, Keys.ARROW_RIGHT, 45),
        (40, Keys.ARROW_LEFT, 35),
    ):
        at(start)
        _press(desktop, key)
        wait_for(
            lambda expected=expected: abs(_video(desktop, "return v.currentTime") - expected) < 0.3,
            what=f"{key!r} from {start} to {expected}",
        )
    # With the video itself focused (as after clicking it), the arrows still step 5 s.
    _video(desktop, "v.focus();")
    assert _video(desktop, "return document.activeElement === v")
    for start, key, expected in ((40, Keys.ARROW_RIGHT, 45), (40, Keys.ARROW_LEFT, 35)):
        at(start)
        _press(desktop, key)
        wait_for(
            lambda expected=expected: abs(_video(desktop, "return v.currentTime") - expected) < 0.3,
            what=f"{key!r} on the focused video from {start} to {expected}",
        )
    _focus_page(desktop)
    starts = [
        float(s.get_attribute("data-start"))
        for s in desktop.find_elements(By.CSS_SELECTOR, ".ls-slides .ls-slide")
    ]
    assert len(starts) == 2 and starts[0] < starts[1]
    at(starts[0] + 1)
    _press(desktop, "]")
    wait_for(lambda: abs(_video(desktop, "return v.currentTime") - starts[1]) < 0.3, what="]")
    at(starts[1] + 3)
    _press(desktop, "[")
    wait_for(lambda: abs(_video(desktop, "return v.currentTime") - starts[0]) < 0.3, what="[")

    _press(desktop, "?")
    dialog = wait_for(
        lambda: [
            d
            for d in desktop.find_elements(By.CSS_SELECTOR, "dialog.ls-keys")
            if d.get_attribute("open") is not None
        ],
        what="the list of keys",
    )[0]
    listed = [dt.text for dt in dialog.find_elements(By.TAG_NAME, "dt")]
    assert listed == [
        "k or Space", "j", "l", "←", "→", "0–9", "f", "m", "c", "[", "]", "p", "n", "/ or s", "?",
    ]  # fmt: skip
    assert "Play or pause" in dialog.text
    _press(desktop, Keys.ESCAPE)
    wait_for(lambda: dialog.get_attribute("open") is None, what="the list to close")


def test_typing_in_search_or_a_field_moves_nothing(sites: Sites, desktop: Any) -> None:
    _open(desktop, sites.media + CHAPTER)
    _ready(desktop)
    _video(desktop, "v.currentTime = 40;")
    wait_for(lambda: abs(_video(desktop, "return v.currentTime") - 40) < 0.05)
    box = desktop.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.send_keys("kjl[]? x")
    assert box.get_attribute("value") == "kjl[]? x"
    box.send_keys(Keys.ARROW_LEFT, Keys.ARROW_RIGHT)
    assert _video(desktop, "return v.paused") is True
    assert abs(_video(desktop, "return v.currentTime") - 40) < 0.05
    assert not desktop.find_elements(By.CSS_SELECTOR, "dialog.ls-keys[open]")
    box.send_keys(Keys.ESCAPE)
    # The speed menu is a field too: its letters choose options, never play the video.
    speed = desktop.find_element(By.CSS_SELECTOR, ".ls-controls select")
    speed.send_keys("k")
    assert _video(desktop, "return v.paused") is True


def test_speed_applies_and_is_remembered_across_pages(sites: Sites, desktop: Any) -> None:
    _open(desktop, sites.media + CHAPTER)
    _ready(desktop)
    select = desktop.find_element(By.CSS_SELECTOR, ".ls-controls select")
    options = [o.get_attribute("value") for o in select.find_elements(By.TAG_NAME, "option")]
    assert options == ["0.75", "1", "1.25", "1.5", "1.75", "2"]
    assert select.get_attribute("value") == "1"
    select.find_element(By.CSS_SELECTOR, "option[value='1.5']").click()
    wait_for(lambda: _video(desktop, "return v.playbackRate") == 1.5, what="1.5×")
    _open(desktop, sites.media + "03-closing-remarks/")
    _ready(desktop)
    wait_for(lambda: _video(desktop, "return v.playbackRate") == 1.5, what="1.5× on the next page")
    assert (
        desktop.find_element(By.CSS_SELECTOR, ".ls-controls select").get_attribute("value") == "1.5"
    )
    _video(desktop, "v.muted = true; v.play();")
    wait_for(
        lambda: _video(desktop, "return !v.paused && v.playbackRate === 1.5"),
        what="playing at 1.5×",
    )
    _video(desktop, "v.pause();")


def test_keys_drive_the_youtube_player_through_its_api(sites: Sites, desktop: Any) -> None:
    """YouTube is out of reach here: a stand-in with the IFrame API's methods records the calls."""
    _open(desktop, sites.youtube + "08-initial-build/")
    desktop.execute_script(
        """
        window.__calls = [];
        var state = 2, time = 910;
        window.YT = {PlayerState: {PLAYING: 1, PAUSED: 2}, Player: function () {
          this.getPlayerState = function () { return state; };
          this.getCurrentTime = function () { return time; };
          this.playVideo = function () { state = 1; __calls.push("play"); };
          this.pauseVideo = function () { state = 2; __calls.push("pause"); };
          this.seekTo = function (t, ahead) { time = t; __calls.push("seek " + t + " " + ahead); };
        }};
        """
    )
    desktop.find_element(By.CSS_SELECTOR, "button.ls-facade").click()
    wait_for(lambda: desktop.find_elements(By.CSS_SELECTOR, ".ls-player iframe"), what="the frame")
    wait_for(
        lambda: desktop.execute_script(
            "var p = window.labsite.state().player.provider; return !!(p && p.api())"
        )
    )
    _focus_page(desktop)
    for key in ("k", "k", "l", "j", Keys.ARROW_LEFT, Keys.ARROW_RIGHT):
        _press(desktop, key)
    assert desktop.execute_script("return window.__calls") == [
        "play",
        "pause",
        "seek 920 true",
        "seek 910 true",
        "seek 905 true",
        "seek 910 true",
    ]


def _shown(driver: Any, selector: str) -> bool:
    return bool(
        driver.execute_script(
            "return Array.prototype.some.call(document.querySelectorAll(arguments[0]), function (e) {"
            "  var r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; })",
            selector,
        )
    )


@pytest.mark.parametrize("page", [CHAPTER, "handout/"])
def test_print_shows_the_document_without_navigation_or_player(
    sites: Sites, desktop: Any, page: str
) -> None:
    desktop.get(sites.media + page)
    wait_for(lambda: desktop.execute_script("return document.readyState") == "complete")
    desktop.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    wait_for(lambda: desktop.execute_script("return matchMedia('print').matches"), what="print")
    for hidden in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-search",
        ".md-footer",
        ".ls-player",
        ".ls-bar",
        ".ls-pager",
    ):
        assert not _shown(desktop, hidden), f"{hidden} is printed on {page}"
    for shown in ("h1", ".ls-range", "figure img", ".ls-transcript p", "a.ls-time"):
        assert _shown(desktop, shown), f"{shown} is missing from the printed {page}"
    # Nothing is cut off by the theatre's scrolling boxes: every paragraph is on paper.
    assert desktop.execute_script(
        "return Array.prototype.every.call(document.querySelectorAll('.ls-stage > section'),"
        " function (s) { return s.scrollHeight <= s.clientHeight + 1; })"
    )


@pytest.mark.parametrize(
    "page",
    ["chapter (theatre)", "chapter (stacked)", "chapter (dark)", "home", "handout", "keys dialog"],
)
def test_reader_pages_have_no_serious_accessibility_violation(
    sites: Sites, desktop: Any, page: str
) -> None:
    url = {
        "home": sites.media,
        "handout": sites.media + "handout/",
        # A paragraph and a slide are current: their highlight must keep text readable.
        "chapter (dark)": sites.media + CHAPTER + "#t=35",
    }.get(page, sites.media + CHAPTER)
    if page == "chapter (stacked)":
        desktop.get(sites.media)
        desktop.execute_script("localStorage.setItem('labsite.layout', 'stacked')")
    desktop.get(url)
    if page == "chapter (dark)":
        wait_for(lambda: _current(desktop, "paragraph") == "35.0", what="a current paragraph")
        # As a reader switches: the header's toggle.
        desktop.find_element(By.CSS_SELECTOR, "label[title='Switch to dark mode']").click()
        wait_for(
            lambda: desktop.execute_script("return document.body.dataset.mdColorScheme") == "slate",
            what="the dark scheme",
        )
    wait_for(lambda: desktop.execute_script("return document.readyState") == "complete")
    if page != "handout":
        wait_for(lambda: desktop.find_elements(By.CSS_SELECTOR, ".ls-controls"), what="controls")
    if page == "keys dialog":
        _focus_page(desktop)
        _press(desktop, "?")
        wait_for(lambda: desktop.find_elements(By.CSS_SELECTOR, "dialog.ls-keys[open]"))
    failures = blocking(audit(desktop))
    assert failures == [], "\n".join(map(str, failures))
