"""The reader's keys and focus in Chromium: every key the Keys list names works, a skip link
leads past the navigation to the player, each slide is one Tab stop, nothing unseen takes a
Tab stop after the search box, and the slide viewer gives the focus back when it closes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from browser import captions_every_5s, require_browser, serve, wait_for
from pdfs import write_pdf
from reading import (
    DESKTOP,
    box,
    focus_page,
    inside_window,
    open_lab_page,
    press,
    resize,
    write_media_lab,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from bench.inputs import copy_default_lab
from generator.build import build_site

pytestmark = pytest.mark.xdist_group("browser")

VIDEO_ID = "KeYsLaB0001"
NOTES = f"""---
title: "Keys of a talk"
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
DURATION = 90
CHAPTER = "02-compiler-history/"
SLIDES = [
    [("Opening words", 40), ("welcome", 20)],
    [("Compiler history", 40), ("the first compilers", 20)],
    [("Optimisers", 40), (f"spoken {WORDS[8]} here", 20)],
    [("Linkers", 40), (f"spoken {WORDS[10]} here", 20)],
    [("Closing remarks", 40), ("thank you", 20)],
]
# Every key of the list on a page whose video has captions, slides and pages around it.
ALL_KEYS = [
    "k or Space",
    "j",
    "l",
    "←",
    "→",
    "0–9",
    "f",
    "m",
    "c",
    "[",
    "]",
    "p",
    "n",
    "/ or s",
    "?",
]


@dataclass(frozen=True)
class Sites:
    """The served sites: a lab with its own video, captions and deck; the default lab."""

    media: str
    youtube: str


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    require_browser()
    base = tmp_path_factory.mktemp("keys")
    lab = base / "keys"
    captions = captions_every_5s(WORDS, "Spoken {} here, about compilers.")
    write_media_lab(lab, NOTES, captions, title="Keys", duration=DURATION)
    write_pdf(lab / "deck.pdf", SLIDES)
    media, youtube = base / "media-site", base / "youtube-site"
    build_site([lab], media, cache_dir=base / "cache")
    build_site([copy_default_lab(base)], youtube, cache_dir=base / "cache")
    with serve(media) as media_url, serve(youtube) as youtube_url:
        yield Sites(media_url, youtube_url)


@pytest.fixture
def reader(browser: Any) -> Iterator[Any]:
    resize(browser, *DESKTOP)
    yield browser
    browser.execute_script("localStorage.clear()")


def _video(driver: Any, script: str) -> Any:
    return driver.execute_script(f"var v = document.querySelector('.ls-player video'); {script}")


def _ready(driver: Any) -> None:
    wait_for(lambda: _video(driver, "return v.readyState >= 1"), what="the video's metadata")


def _listed(driver: Any) -> list[str]:
    focus_page(driver)
    press(driver, "?")
    dialog = wait_for(
        lambda: driver.find_elements(By.CSS_SELECTOR, "dialog.ls-keys[open]"), what="the keys"
    )[0]
    listed = [dt.text for dt in dialog.find_elements(By.TAG_NAME, "dt")]
    press(driver, Keys.ESCAPE)
    wait_for(lambda: not driver.find_elements(By.CSS_SELECTOR, "dialog.ls-keys[open]"))
    return listed


def test_the_keys_list_names_every_key_and_each_works_on_the_local_video(
    sites: Sites, reader: Any
) -> None:
    open_lab_page(reader, sites.media + CHAPTER)
    _ready(reader)
    assert _listed(reader) == ALL_KEYS
    focus_page(reader)
    for digit, seconds in (("5", 45), ("9", 81), ("0", 0), ("3", 27)):
        press(reader, digit)
        wait_for(
            lambda seconds=seconds: abs(_video(reader, "return v.currentTime") - seconds) < 0.3,
            what=f"{digit} to {seconds} s",
        )
    assert _video(reader, "return v.muted") is False
    press(reader, "m")
    assert _video(reader, "return v.muted") is True
    press(reader, "m")
    assert _video(reader, "return v.muted") is False
    assert _video(reader, "return v.textTracks[0].mode") != "showing"
    press(reader, "c")
    assert _video(reader, "return v.textTracks[0].mode") == "showing"
    press(reader, "c")
    assert _video(reader, "return v.textTracks[0].mode") == "hidden"
    press(reader, "f")
    wait_for(lambda: _video(reader, "return document.fullscreenElement === v"), what="full screen")
    press(reader, "f")
    wait_for(lambda: _video(reader, "return !document.fullscreenElement"), what="out of it")


def test_the_theme_s_keys_in_the_list_work_too(sites: Sites, reader: Any) -> None:
    open_lab_page(reader, sites.media + CHAPTER)
    focus_page(reader)
    press(reader, "/")
    wait_for(
        lambda: reader.execute_script(
            "return document.activeElement.matches('input.md-search__input')"
        ),
        what="the search box",
    )
    press(reader, Keys.ESCAPE)
    # The theme reads "n" as a letter to search for until its search has closed.
    wait_for(
        lambda: reader.execute_script(
            "var t = document.querySelector('[data-md-toggle=search]'); return !t.checked"
        ),
        what="the search to close",
    )
    focus_page(reader)
    press(reader, "n")
    wait_for(lambda: reader.current_url.endswith("/03-closing-remarks/"), what="the next page")
    wait_for(lambda: reader.execute_script("return !!(window.labsite && window.labsite.state())"))
    focus_page(reader)
    press(reader, "p")
    wait_for(lambda: reader.current_url.endswith("/" + CHAPTER), what="the page before")


def test_the_keys_drive_the_youtube_player_s_screen_sound_captions_and_tenths(
    sites: Sites, reader: Any
) -> None:
    """YouTube is out of reach here: a stand-in with the IFrame API's methods records the calls."""
    open_lab_page(reader, sites.youtube + "08-initial-build/")
    reader.execute_script(
        """
        window.__calls = [];
        var muted = false;
        window.YT = {PlayerState: {PLAYING: 1, PAUSED: 2}, Player: function () {
          this.getPlayerState = function () { return 2; };
          this.getCurrentTime = function () { return 910; };
          this.getDuration = function () { return 2900; };
          this.seekTo = function (t) { __calls.push("seek " + t); };
          this.isMuted = function () { return muted; };
          this.mute = function () { muted = true; __calls.push("mute"); };
          this.unMute = function () { muted = false; __calls.push("unmute"); };
          this.loadModule = function (m) { __calls.push("load " + m); };
          this.unloadModule = function (m) { __calls.push("unload " + m); };
        }};
        """
    )
    reader.find_element(By.CSS_SELECTOR, "button.ls-facade").click()
    wait_for(
        lambda: reader.execute_script(
            "var p = window.labsite.state().player.provider; return !!(p && p.api())"
        )
    )
    focus_page(reader)
    for key in ("5", "m", "m", "0"):
        press(reader, key)
    assert reader.execute_script("return window.__calls") == [
        "seek 1450",
        "mute",
        "unmute",
        "seek 0",
    ]
    # The default lab as the tests copy it has no captions: the list leaves "c" out.
    assert "c" not in _listed(reader)
    focus_page(reader)
    press(reader, "f")
    wait_for(
        lambda: reader.execute_script(
            "return document.fullscreenElement === document.querySelector('.ls-player iframe')"
        ),
        what="the player full screen",
    )
    reader.execute_script("document.exitFullscreen()")


def test_a_skip_link_before_the_navigation_leads_to_the_player(sites: Sites, reader: Any) -> None:
    for url, player in (
        (sites.media + CHAPTER, "video"),
        (sites.youtube + "08-initial-build/", "button.ls-facade"),
    ):
        open_lab_page(reader, url)
        reader.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
        order = []
        for _ in range(4):
            press(reader, Keys.TAB)
            order.append(reader.execute_script("return document.activeElement.textContent.trim()"))
        assert order[:2] == ["Skip to content", "Skip to the video"], order
        # The first two stops of the page: before the header's and the sidebar's links.
        reader.execute_script("document.querySelector('a.md-skip').focus()")
        press(reader, Keys.TAB)
        skip = reader.switch_to.active_element
        assert skip.get_attribute("textContent") == "Skip to the video"
        # Shown once it has the focus, as the theme's own skip link.
        wait_for(lambda skip=skip: skip.value_of_css_property("opacity") == "1", what="the link")
        press(reader, Keys.ENTER)
        wait_for(
            lambda player=player: reader.execute_script(
                "return document.activeElement.matches(arguments[0])"
                " && !!document.activeElement.closest('.ls-player')",
                player,
            ),
            what=f"the focus on the {player}",
        )
        assert inside_window(reader, ".ls-player")


def _tab_stops(driver: Any, start: str, end: str, limit: int = 80) -> list[dict[str, Any]]:
    """Press Tab from `start` until the focus is inside `end`; describe each stop on the way."""
    driver.execute_script(
        "var s = document.querySelector(arguments[0]); s.setAttribute('tabindex', '-1');"
        " s.focus(); s.removeAttribute('tabindex');",
        start,
    )
    stops = []
    for _ in range(limit):
        press(driver, Keys.TAB)
        stop = driver.execute_script(
            """
            var e = document.activeElement, r = e.getBoundingClientRect();
            return {tag: e.tagName, cls: String(e.className), text: e.textContent.trim().slice(0, 40),
                    width: r.width, height: r.height, slide: !!e.closest('.ls-slide'),
                    figure: e.closest('.ls-slide') ? e.closest('.ls-slide').dataset.slide : null,
                    end: !!e.closest(arguments[0]),
                    seen: getComputedStyle(e).visibility === 'visible'};
            """,
            end,
        )
        if stop["end"]:
            return stops
        stops.append(stop)
    raise AssertionError(f"{end} not reached with Tab from {start}: {stops[-5:]}")


def test_each_slide_is_one_tab_stop(sites: Sites, reader: Any) -> None:
    open_lab_page(reader, sites.media + CHAPTER)
    stops = _tab_stops(reader, "#slides", ".ls-transcript")
    slides = reader.execute_script(
        "return document.querySelectorAll('.ls-slides .ls-slide').length"
    )
    assert slides >= 2
    in_slides = [s for s in stops if s["slide"]]
    assert [s["figure"] for s in in_slides] == sorted({s["figure"] for s in in_slides}, key=int)
    assert len(in_slides) == slides, in_slides


def test_no_tab_stop_unseen_after_the_search_box(sites: Sites, reader: Any) -> None:
    open_lab_page(reader, sites.media + CHAPTER)
    stops = _tab_stops(reader, "input.md-search__input", ".md-sidebar--primary")
    unseen = [s for s in stops if not (s["width"] > 0 and s["height"] > 0 and s["seen"])]
    assert unseen == [], unseen


def test_closing_the_slide_viewer_gives_the_focus_back_to_its_slide(
    sites: Sites, reader: Any
) -> None:
    open_lab_page(reader, sites.media + CHAPTER)
    links = reader.find_elements(By.CSS_SELECTOR, ".ls-slides a.glightbox")
    second = links[1]
    reader.execute_script("arguments[0].focus()", second)
    press(reader, Keys.ENTER)
    wait_for(lambda: reader.find_elements(By.CSS_SELECTOR, "#glightbox-body .gslide.current img"))
    press(reader, Keys.ESCAPE)
    wait_for(lambda: not reader.find_elements(By.ID, "glightbox-body"), what="the viewer to close")
    wait_for(
        lambda: reader.execute_script("return document.activeElement === arguments[0]", second),
        what="the focus back on the slide",
    )
    # Opened by a click and closed with its button: the same.
    reader.execute_script("arguments[0].scrollIntoView({block: 'center'})", links[0])
    links[0].click()
    close = wait_for(
        lambda: [b for b in reader.find_elements(By.CSS_SELECTOR, ".gclose") if b.is_displayed()],
        what="the viewer's close button",
    )[0]
    close.click()
    wait_for(lambda: not reader.find_elements(By.ID, "glightbox-body"), what="the viewer to close")
    wait_for(
        lambda: reader.execute_script("return document.activeElement === arguments[0]", links[0]),
        what="the focus back on the first slide",
    )
    assert box(reader, links[0])["height"] > 0
