"""The offline site in a real browser, opened from file://: nothing loads from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from browser import wait_for
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from sites import (
    ANIMATIONS_DONE,
    CHAPTER_2_AT,
    COPY_BUTTON,
    LOADED,
    MEDIA_LAB,
    SLIDE_WORD,
    THUMB_LAB,
    THUMB_VIDEO,
    TRANSCRIPT_AT,
    TRANSCRIPT_WORD,
    RequestLog,
    axe_pages,
    click,
    current_time,
    lightbox_open,
    offsite,
    open_page,
    result_page,
    search,
    shot,
    tab_to,
    video_ready,
)

pytestmark = pytest.mark.xdist_group("browser")


def test_offline_pages_load_nothing_from_other_hosts(offline_site: Path) -> None:
    """Every page of the offline site, visited or not, loads only files of the site."""
    pages = sorted(offline_site.rglob("*.html"))
    assert len(pages) > 60
    remote = []
    for page in pages:
        for match in LOADED.finditer(page.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.IGNORECASE):
                remote.append(f"{page.relative_to(offline_site)}: {url}")
    assert remote == []


def test_offline_navigation_makes_no_request_to_other_hosts(
    offline_site: Path, browser: Any, requests: RequestLog, tmp_path: Path
) -> None:
    """Catalog → lab → chapter → next chapter → tag page, all from file://, nothing fetched elsewhere."""
    open_page(browser, (offline_site / "index.html").as_uri())
    titles = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".ls-card h2")]
    assert titles[0] == "Compilers from first principles"
    assert len(titles) == 5
    shot(browser, tmp_path, "catalog")
    click(browser, browser.find_element(By.LINK_TEXT, "Compilers from first principles"))
    wait_for(
        lambda: browser.current_url.endswith(f"/{MEDIA_LAB}/index.html"), what="the lab's home"
    )
    click(
        browser,
        browser.find_element(By.CSS_SELECTOR, ".ls-chapters li:nth-child(2) a:not(.ls-time)"),
    )
    wait_for(
        lambda: browser.current_url.endswith(f"/{MEDIA_LAB}/02-compiler-history.html"),
        what="chapter 2",
    )
    assert browser.find_element(By.TAG_NAME, "h1").text == "Compiler history"
    click(browser, browser.find_element(By.CSS_SELECTOR, ".ls-pager a.ls-next"))
    wait_for(
        lambda: browser.current_url.endswith(f"/{MEDIA_LAB}/03-closing-remarks.html"),
        what="chapter 3",
    )
    # Navigation keeps the page script working: the new page's player is set up.
    wait_for(
        lambda: browser.execute_script("return !!(window.labsite && window.labsite.state())"),
        what="labsite.js",
    )
    click(browser, browser.find_element(By.CSS_SELECTOR, "a.md-header__button.md-logo"))
    wait_for(
        lambda: (
            browser.current_url.endswith("/index.html")
            and browser.find_elements(By.CSS_SELECTOR, ".ls-card")
        )
    )
    click(browser, browser.find_element(By.CSS_SELECTOR, ".ls-tag-index a[href$='compilers.html']"))
    wait_for(lambda: browser.current_url.endswith("/tags/compilers.html"), what="the tag page")
    assert [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".ls-card h2")] == [
        "Compilers from first principles"
    ]
    urls = requests.take()
    assert any(u.endswith("/tags/compilers.html") for u in urls)
    assert offsite(urls) == []
    assert requests.errors() == []


def test_offline_search_finds_slide_and_transcript_words(
    offline_site: Path, browser: Any, requests: RequestLog
) -> None:
    """Material's search runs from file:// and finds a word of the transcript and one of a slide."""
    open_page(browser, (offline_site / "ll202512" / "index.html").as_uri())
    page = f"/{MEDIA_LAB}/02-compiler-history.html"
    transcript_hits = search(browser, TRANSCRIPT_WORD)
    assert any(page in h for h in transcript_hits), transcript_hits
    # The word is in the body of slide 3, not in its title.
    slide_hits = search(browser, SLIDE_WORD)
    assert any(page in h for h in slide_hits), f"{SLIDE_WORD!r} of slide 3 not found: {slide_hits}"
    # A chapter's title finds its page first.
    title_hits = search(browser, "Closing remarks")
    assert result_page(title_hits[0]).endswith(f"/{MEDIA_LAB}/03-closing-remarks.html"), title_hits
    assert offsite(requests.take()) == []
    assert requests.errors() == []


def test_offline_chapter_page_lightbox_tabs_and_seeking(
    offline_site: Path, browser: Any, requests: RequestLog, tmp_path: Path
) -> None:
    """On the media lab's chapter page: the lightbox, code tabs and transcript seeking."""
    open_page(browser, (offline_site / MEDIA_LAB / "02-compiler-history.html").as_uri())
    video_ready(browser)
    shot(browser, tmp_path, "chapter")

    click(browser, browser.find_element(By.CSS_SELECTOR, ".ls-slides .glightbox img"))
    wait_for(lambda: lightbox_open(browser), what="the lightbox")
    src = browser.execute_script(
        "return document.querySelector('#glightbox-body .gslide.current img').src"
    )
    assert src.startswith("file://") and "/slides/002.webp" in src
    # The zoom-in animation ends before the screenshot, so that it is readable.
    wait_for(lambda: browser.execute_script(ANIMATIONS_DONE), what="the lightbox's animation")
    shot(browser, tmp_path, "lightbox")
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    wait_for(
        lambda: not browser.find_elements(By.ID, "glightbox-body"), what="the lightbox to close"
    )

    labels = browser.find_elements(By.CSS_SELECTOR, ".tabbed-set .tabbed-labels label")
    assert [label.text for label in labels] == ["Dockerfile", "main.go"]
    blocks = browser.find_elements(By.CSS_SELECTOR, ".tabbed-set .tabbed-block")
    for shown, label in ((1, labels[1]), (0, labels[0])):
        click(browser, label)
        wait_for(
            lambda shown=shown: [b.is_displayed() for b in blocks] == [shown == 0, shown == 1],
            what=f"the {label.text} tab",
        )
    assert "fmt.Println" in blocks[1].get_attribute("textContent")
    assert "ENTRYPOINT" in blocks[0].text

    times = browser.find_elements(By.CSS_SELECTOR, ".ls-transcript a.ls-time")
    spoken = next(t for t in times if TRANSCRIPT_WORD in t.find_element(By.XPATH, "..").text)
    target = TRANSCRIPT_AT
    assert spoken.text == f"0:{target:02d}"
    # The page opens at the chapter's start, which may be this very time: move away first.
    browser.execute_script("document.querySelector('.ls-player video').currentTime = 55")
    wait_for(lambda: current_time(browser) > 50, what="the video at 55")
    click(browser, spoken)
    wait_for(lambda: abs(current_time(browser) - target) < 0.6, what=f"the video at {target}")
    assert browser.current_url.endswith(f"#t={target}")
    browser.execute_script("document.querySelector('.ls-player video').pause()")
    assert offsite(requests.take()) == []
    assert requests.errors() == []


def test_offline_copy_buttons_copy(offline_site: Path, browser: Any, requests: RequestLog) -> None:
    """Every code block has a copy button from file://, and pressing it copies."""
    open_page(browser, (offline_site / MEDIA_LAB / "02-compiler-history.html").as_uri())
    buttons = wait_for(
        lambda: browser.find_elements(By.CSS_SELECTOR, COPY_BUTTON),
        timeout=5,
        what="copy buttons (Material's page scripts never started)",
    )
    assert len(buttons) == 3  # both tabs and the "Run this step" box
    # The tab chosen earlier is remembered (content.tabs.link): press a button that shows.
    click(browser, next(b for b in buttons if b.is_displayed()))
    # The clipboard itself may be closed to file:// pages; Material's own message says it copied.
    dialog = wait_for(
        lambda: browser.find_elements(By.CSS_SELECTOR, ".md-dialog--active"),
        what="the copy message",
    )
    assert "Copied" in dialog[0].get_attribute("textContent")
    assert offsite(requests.take()) == []
    assert requests.errors() == []


def test_offline_lab_without_video_shows_thumbnail_and_youtube_link(
    offline_site: Path, browser: Any, requests: RequestLog, tmp_path: Path
) -> None:
    """No local video: the stored thumbnail and a "needs internet" link, never a frame."""
    open_page(browser, (offline_site / THUMB_LAB / "02-what-is-dfc.html").as_uri())
    shot(browser, tmp_path, "no-video")
    player = browser.find_element(By.CSS_SELECTOR, ".ls-player")
    assert "is-offline" in (player.get_attribute("class") or "")
    # The only frame allowed is the search worker's local shim, never a video frame.
    frames = [f.get_attribute("src") or "" for f in browser.find_elements(By.TAG_NAME, "iframe")]
    assert not any(src.startswith("http") for src in frames), frames
    assert not player.find_elements(By.TAG_NAME, "iframe")
    thumb = player.find_element(By.CSS_SELECTOR, ".ls-facade img")
    assert thumb.get_attribute("src").endswith("/video/thumbnail.jpg")
    wait_for(
        lambda: browser.execute_script("return arguments[0].naturalWidth", thumb) == 320,
        what="the thumbnail",
    )
    note = player.find_element(By.CSS_SELECTOR, ".ls-offline-note")
    assert note.is_displayed()
    assert "needs internet" in note.text
    link = note.find_element(By.TAG_NAME, "a")
    assert link.get_attribute("href").startswith(
        f"https://www.youtube.com/watch?v={THUMB_VIDEO}&t=88"
    )
    assert "watch on YouTube" in link.text
    # A lab without a thumbnail shows its title instead of a broken image.
    open_page(browser, (offline_site / "ll202510" / "index.html").as_uri())
    assert browser.find_element(By.CSS_SELECTOR, ".ls-player .ls-facade-title").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, ".ls-player .ls-offline-note").is_displayed()
    assert not browser.find_elements(By.CSS_SELECTOR, ".ls-player iframe")
    assert offsite(requests.take()) == []


def test_offline_keyboard_reaches_video_slides_and_transcript(
    offline_site: Path, browser: Any, requests: RequestLog
) -> None:
    """Tab reaches the video's controls, a slide and a transcript time; Enter and Space act on them."""
    open_page(browser, (offline_site / MEDIA_LAB / "02-compiler-history.html").as_uri())
    video_ready(browser)
    tab_to(browser, ".ls-range", ".ls-player video")
    ActionChains(browser).send_keys(Keys.SPACE).perform()
    wait_for(
        lambda: browser.execute_script("return !document.querySelector('.ls-player video').paused"),
        what="play",
    )
    browser.execute_script("document.querySelector('.ls-player video').pause()")

    tab_to(browser, "#slides", ".ls-slides a.glightbox")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait_for(lambda: lightbox_open(browser), what="the lightbox from Enter")
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    wait_for(
        lambda: not browser.find_elements(By.ID, "glightbox-body"), what="the lightbox to close"
    )

    link = tab_to(browser, "#transcript", ".ls-transcript a.ls-time")
    # The first transcript time of chapter 2 is the first cue of the chapter, at its start.
    target = CHAPTER_2_AT
    assert link.text == f"0:{target:02d}"
    # Away from the link's time first, so that only the seek can bring the video there.
    browser.execute_script("document.querySelector('.ls-player video').currentTime = 55")
    wait_for(lambda: current_time(browser) > 50, what="the video at 55")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait_for(lambda: abs(current_time(browser) - target) < 0.6, what=f"the video at {target}")
    browser.execute_script("document.querySelector('.ls-player video').pause()")
    assert offsite(requests.take()) == []


def test_offline_pages_have_no_serious_accessibility_violation(
    offline_site: Path,
    browser: Any,
    requests: RequestLog,
    axe_results: dict[str, dict[str, list[str]]],
) -> None:
    """axe-core finds nothing serious or critical on the offline catalog, homes and chapters."""
    pages = {
        "catalog": (offline_site / "index.html").as_uri(),
        "lab home (local video)": (offline_site / MEDIA_LAB / "index.html").as_uri(),
        "chapter (video, slides, tabs, transcript)": (
            offline_site / MEDIA_LAB / "02-compiler-history.html"
        ).as_uri(),
        "lab home (no video)": (offline_site / THUMB_LAB / "index.html").as_uri(),
        "chapter (no video, real deck)": (
            offline_site / THUMB_LAB / "07-demo-1-basic-usage.html"
        ).as_uri(),
    }
    failures = axe_pages(browser, pages, axe_results, "offline")
    assert failures == [], "\n".join(failures)
    assert offsite(requests.take()) == []
