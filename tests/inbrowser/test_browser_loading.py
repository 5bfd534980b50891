"""What a chapter page fetches in a real browser before and after the reader does something."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from browser import served_paths, wait_for
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from sites import (
    DECORATED,
    THUMB_LAB,
    RequestLog,
    click,
    lightbox_open,
    open_page,
    result_page,
    search,
)

pytestmark = pytest.mark.xdist_group("browser")

# Two slides, and the YouTube facade with the lab's stored thumbnail.
CHAPTER = f"{THUMB_LAB}/08-customizing-dfc-s-output/"
SCRIPTS = """return Array.from(document.querySelectorAll("script[src]"),
  function (s) { return [s.getAttribute("src"), s.defer]; });"""
IMAGES = """return Array.from(document.querySelectorAll(arguments[0]), function (img) {
  return [img.currentSrc, img.getAttribute("loading"), img.getAttribute("fetchpriority")]; });"""
PAUSE = "var done = arguments[arguments.length - 1]; setTimeout(done, 1500);"


def _path(url: str) -> str:
    return urlsplit(url).path


def test_a_chapter_loads_its_first_screen_and_neither_viewer_nor_search(
    online_site: str, browser: Any, requests: RequestLog
) -> None:
    """Scripts wait for the page; the viewer and Pagefind wait for the reader."""
    served_paths()
    open_page(browser, online_site + CHAPTER)
    # The theme's copy buttons and the site's label on the search dialog: both scripts ran.
    wait_for(lambda: browser.execute_script(DECORATED), what="the page's scripts")
    scripts = dict(browser.execute_script(SCRIPTS))
    names = [src.rsplit("/", 1)[-1] for src in scripts]
    assert any(name.startswith("bundle.") for name in names), names
    assert {"labsite-time.js", "labsite.js", "reader.js"} <= set(names), names
    assert all(scripts.values()), scripts
    slides = browser.execute_script(IMAGES, ".ls-slides img")
    assert [(loading, priority) for _, loading, priority in slides] == [
        (None, "high"),
        ("lazy", None),
    ]
    facade = browser.execute_script(IMAGES, ".ls-facade img")
    assert [(loading, priority) for _, loading, priority in facade] == [(None, "high")]
    browser.execute_async_script(PAUSE)
    fetched = served_paths()
    assert _path(slides[0][0]) in fetched and _path(facade[0][0]) in fetched, fetched
    assert [p for p in fetched if "glightbox" in p or "/pagefind/" in p] == []

    click(browser, browser.find_element(By.CSS_SELECTOR, ".ls-slides .glightbox img"))
    wait_for(lambda: lightbox_open(browser), what="the slide viewer")
    fetched = served_paths()
    assert any(p.endswith("/glightbox.min.js") for p in fetched), fetched
    assert any(p.endswith("/glightbox.min.css") for p in fetched), fetched
    assert [p for p in fetched if "/pagefind/" in p] == []
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    wait_for(lambda: not lightbox_open(browser), what="the slide viewer to close")

    found = search(browser, "Customizing")
    assert online_site + CHAPTER in map(result_page, found), found
    fetched = served_paths()
    assert "/pagefind/pagefind.js" in fetched, fetched
    assert any(p.startswith("/pagefind/wasm.") for p in fetched), fetched
    assert requests.errors(elsewhere_unreachable=True) == []
