"""The player in a real browser: seeking, following the video, deep links, the facade."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from browser import (
    captions_every_5s,
    free_port,
    requested_urls,
    require_browser,
    serve,
    wait_for,
)
from labs import write_lab
from pdfs import write_pdf

from bench.inputs import copy_default_lab
from generator.build import DEFAULT_CONFIG, build_site

VIDEO_ID = "AbCdEfGhIjK"
NOTES = f"""---
title: "Player test lab"
date: 2025-01-02
---

A lab with Grace Hopper.

{{{{< youtube {VIDEO_ID} >}}}}

## Sections

- [0:00](https://www.youtube.com/watch?v={VIDEO_ID}) Opening words
- [0:20](https://www.youtube.com/watch?v={VIDEO_ID}&t=20s) Compiler history
- [0:40](https://www.youtube.com/watch?v={VIDEO_ID}&t=40s) Closing remarks
"""
# Slide 3's title and words, said at one moment only: the slide is placed there.
SLIDE_3_TITLE, SLIDE_3_WORDS = "Compiler history continued", "the quasar optimiser"
WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    f"golf: {SLIDE_3_TITLE.lower()} with {SLIDE_3_WORDS},",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
]
SLIDE_3_AT = 5.0 * 6  # one cue every 5 s: the seventh is said at 0:30

pytestmark = pytest.mark.xdist_group("browser")


@pytest.fixture(scope="module")
def media_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_browser()
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.fail("ffmpeg is needed to make the test video (.ci/run installs it)")
    base = tmp_path_factory.mktemp("player")
    # One cue every 5 s with a pause after each: each becomes its own paragraph.
    captions = captions_every_5s(
        WORDS, "Spoken word {} here, and then a few more filler words to pad it out."
    )
    lab = write_lab(base, "playerlab", {"notes.md": NOTES, f"video/{VIDEO_ID}.en.vtt": captions})
    subprocess.run(
        [
            ffmpeg,
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=160x90:rate=10:duration=60",
            "-c:v",
            "libvpx",
            "-b:v",
            "50k",
            "-an",
            str(lab / "video" / f"{VIDEO_ID}.webm"),
        ],
        check=True,
    )
    write_pdf(
        lab / "deck.pdf",
        [
            [("Opening words", 40), ("welcome to the lab", 20)],
            [("Compiler history", 40), ("first compiler", 20)],
            [(SLIDE_3_TITLE, 40), (SLIDE_3_WORDS, 20)],
            [("Closing remarks", 40), ("thank you", 20)],
        ],
    )
    out = base / "site"
    build_site([lab], out, cache_dir=base / "cache")
    return out


SITEMAP_READ = """return performance.getEntriesByType("resource").some(
  function (entry) { return /\\/sitemap\\.xml$/.test(entry.name) && entry.responseEnd > 0; })"""
STATE = "return window.labsite.state()"


def _current_time(driver: Any) -> float:
    return float(
        driver.execute_script("return document.querySelector('.ls-player video').currentTime")
    )


def test_transcript_time_seeks_and_highlight_follows(media_site: Path, browser: Any) -> None:
    with serve(media_site) as base:
        browser.get(base + "02-compiler-history/")
        wait_for(
            lambda: browser.execute_script(
                "return document.querySelector('.ls-player video').readyState >= 1"
            )
        )
        track = browser.execute_script(
            "return document.querySelector('.ls-player video track').getAttribute('src')"
        )
        assert track.endswith("video/transcript.vtt")
        times = browser.find_elements("css selector", ".ls-transcript a.ls-time")
        assert [t.text for t in times] == ["0:20", "0:25", "0:30", "0:35"]
        times[2].click()
        wait_for(lambda: abs(_current_time(browser) - 30.0) < 0.6)
        assert browser.current_url.endswith("#t=30")
        browser.execute_script(
            "var v = document.querySelector('.ls-player video'); v.muted = true; v.play();"
        )
        wait_for(lambda: _current_time(browser) > 31.0)
        current = wait_for(
            lambda: browser.find_elements("css selector", ".ls-transcript p.is-current")
        )
        assert len(current) == 1
        assert current[0].get_attribute("data-start") == "30.0"
        # Jump past the next pause: the highlight moves with the video.
        browser.execute_script("document.querySelector('.ls-player video').currentTime = 36;")
        wait_for(
            lambda: (
                browser.execute_script(
                    "var p = document.querySelector('.ls-transcript p.is-current'); return p && p.dataset.start;"
                )
                == "35.0"
            )
        )
        slide = wait_for(
            lambda: browser.find_elements("css selector", ".ls-slides .ls-slide.is-current")
        )
        assert slide[0].get_attribute("data-slide") in {"2", "3"}
        browser.execute_script("document.querySelector('.ls-player video').pause();")


def test_slide_time_seeks(media_site: Path, browser: Any) -> None:
    with serve(media_site) as base:
        browser.get(base + "02-compiler-history/")
        wait_for(
            lambda: browser.execute_script(
                "return document.querySelector('.ls-player video').readyState >= 1"
            )
        )
        slides = browser.find_elements("css selector", ".ls-slides .ls-slide")
        assert [s.get_attribute("data-slide") for s in slides] == ["2", "3"]
        # Slide 3 appears where the captions say its words.
        link = slides[1].find_element("css selector", "a.ls-time")
        assert link.text == "0:30"
        link.click()
        wait_for(lambda: abs(_current_time(browser) - SLIDE_3_AT) < 0.6)
        assert browser.current_url.endswith("#t=30")


def test_deep_link_sets_the_start(media_site: Path, browser: Any) -> None:
    with serve(media_site) as base:
        browser.get(base + "03-closing-remarks/#t=0:45")
        wait_for(lambda: abs(_current_time(browser) - 45.0) < 0.6)
        browser.get(base + "03-closing-remarks/#t=52")
        browser.refresh()
        wait_for(lambda: abs(_current_time(browser) - 52.0) < 0.6)


def test_youtube_facade_loads_nothing_before_play(tmp_path: Path, browser: Any) -> None:
    out = tmp_path / "site"
    build_site(
        [copy_default_lab(tmp_path)],
        out,
        cache_dir=tmp_path / "c",
    )
    with serve(out) as base:
        requested_urls(browser)
        browser.get(base + "08-initial-build/#t=16:40")
        wait_for(lambda: browser.execute_script("return document.readyState") == "complete")
        label = browser.find_element("css selector", ".ls-facade").get_attribute("aria-label")
        assert label == "Play video from 16:40"
        before = requested_urls(browser)
        assert before and all("youtube" not in u and "ytimg" not in u for u in before)
        browser.find_element("css selector", ".ls-facade").click()
        frame = wait_for(lambda: browser.find_elements("css selector", ".ls-player iframe"))[0]
        src = frame.get_attribute("src")
        assert src.startswith("https://www.youtube-nocookie.com/embed/4Cjy_iBNr3I?start=1000")
        assert "autoplay=1" in src
        assert frame.get_attribute("referrerpolicy") == "strict-origin-when-cross-origin"


def test_player_works_across_instant_navigation(
    media_site: Path, browser: Any, tmp_path: Path
) -> None:
    # Material's instant navigation works when the site's URL is where it is served; then
    # pages change without a reload and the page script must set itself up again on each.
    port = free_port()
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {DEFAULT_CONFIG}\ndocs_dir: {_empty(tmp_path / 'docs')}\nsite_url: http://127.0.0.1:{port}/\n"
    )
    lab = media_site.parent / "playerlab"
    out = tmp_path / "site"
    build_site([lab], out, config_file=config, cache_dir=media_site.parent / "cache")
    with serve(out, port) as base:
        browser.get(base + "01-opening-words/")
        wait_for(lambda: browser.execute_script("return document.readyState") == "complete")
        browser.execute_script("window.__samePage = true;")
        # Instant navigation takes over links once it has read the sitemap.
        wait_for(lambda: browser.execute_script(SITEMAP_READ), what="the sitemap")
        browser.find_element("css selector", "a.ls-next").click()
        wait_for(lambda: "02-compiler-history" in browser.current_url)
        wait_for(
            lambda: browser.execute_script("return !!document.querySelector('.ls-transcript')")
        )
        assert browser.execute_script("return window.__samePage === true"), "no full reload"
        times = wait_for(lambda: browser.find_elements("css selector", ".ls-transcript a.ls-time"))
        times[1].click()
        wait_for(lambda: abs(_current_time(browser) - 25.0) < 0.6)
        # A deep link from another page: the new page's player starts at its time.
        browser.find_element("css selector", ".md-header__button.md-logo").click()
        wait_for(lambda: browser.find_elements("css selector", ".ls-chapters a.ls-time"))
        browser.find_elements("css selector", ".ls-chapters a.ls-time")[2].click()
        wait_for(
            lambda: "03-closing-remarks" in browser.current_url and "#t=40" in browser.current_url
        )
        wait_for(lambda: abs(_current_time(browser) - 40.0) < 0.6)
        assert browser.execute_script("return window.__samePage === true"), "no full reload"


def _wait_own_scrolling_over(browser: Any) -> None:
    """Wait until the page's own smooth scroll is over: it ignores scroll events for 1.2 s."""
    wait_for(
        lambda: browser.execute_script(
            "return Date.now() - window.labsite.state().autoScrolling >= 1200"
        ),
        what="the page's own scrolling to end",
    )


def test_highlight_follows_the_video_but_not_against_the_reader(
    media_site: Path, browser: Any
) -> None:
    browser.set_window_size(1280, 420)
    try:
        with serve(media_site) as base:
            browser.get(base + "02-compiler-history/")
            wait_for(
                lambda: browser.execute_script(
                    "return document.querySelector('.ls-player video').readyState >= 1"
                )
            )
            video = "document.querySelector('.ls-player video')"
            # Following: the current paragraph is brought into view as the video moves on.
            first = browser.find_elements("css selector", ".ls-transcript p")[0]
            # Opening at the chapter's start, the page scrolled to its first paragraph itself.
            _wait_own_scrolling_over(browser)
            marker = browser.execute_script("return Date.now()")
            moved = browser.execute_script(
                "var y = scrollY; arguments[0].scrollIntoView({block: 'center'}); return scrollY !== y;",
                first,
            )
            if moved:
                wait_for(
                    lambda: browser.execute_script(
                        "return window.labsite.state().lastUserScroll >= arguments[0]", marker
                    ),
                    what="the page to see the scrolling",
                )
            # A scroll there was the reader's: the page follows again once its grace is over.
            wait_for(
                lambda: browser.execute_script(
                    "return Date.now() - window.labsite.state().lastUserScroll >= 4000"
                ),
                timeout=20,
                what="the end of the reader's grace period",
            )
            browser.execute_script(f"{video}.currentTime = 20.5;")
            wait_for(lambda: browser.find_elements("css selector", ".ls-transcript p.is-current"))
            browser.execute_script(f"{video}.currentTime = 35.5;")
            last = browser.find_elements("css selector", ".ls-transcript p")[-1]
            wait_for(lambda: "is-current" in (last.get_attribute("class") or ""))
            wait_for(
                lambda: browser.execute_script(
                    "var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;",
                    last,
                ),
                what="the page to follow the video",
            )
            _wait_own_scrolling_over(browser)
            # Reading elsewhere: the reader scrolls to the top, the video moves on, the page stays.
            marker = browser.execute_script("return Date.now()")
            browser.execute_script("window.scrollTo(0, 0);")
            wait_for(
                lambda: browser.execute_script(
                    "return scrollY === 0 && window.labsite.state().lastUserScroll >= arguments[0]",
                    marker,
                ),
                what="the page to see the reader's scrolling",
            )
            followed = browser.execute_script("return window.labsite.state().autoScrolling")
            browser.execute_script(f"{video}.currentTime = 25.5;")
            wait_for(
                lambda: (
                    browser.execute_script(
                        "var p = document.querySelector('.ls-transcript p.is-current'); return p && p.dataset.start;"
                    )
                    == "25.0"
                )
            )
            # The highlight moved, and in the same step the page chose not to scroll.
            assert browser.execute_script("return window.labsite.state().autoScrolling") == followed
            current = browser.find_element("css selector", ".ls-transcript p.is-current")
            assert browser.execute_script("return window.scrollY") == 0
            assert (
                browser.execute_script("return arguments[0].getBoundingClientRect().top", current)
                > 420
            )
    finally:
        browser.set_window_size(1280, 900)


def _empty(folder: Path) -> Path:
    """Make an empty docs folder: a site of the labs alone."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder
