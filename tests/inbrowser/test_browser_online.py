"""The online site in a real browser, served on 127.0.0.1: YouTube only after play."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from browser import served_paths, wait_for
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from sites import (
    COPY_BUTTON,
    DEFAULT_LAB,
    DOCKERFILE,
    MEDIA_LAB,
    MEDIA_NOTES,
    SLIDE_WORD,
    THUMB_LAB,
    TRANSCRIPT_WORD,
    RequestLog,
    axe_pages,
    click,
    front_matter,
    lightbox_open,
    long_date,
    open_page,
    result_page,
    search,
    shot,
    tab_to,
    to_youtube,
)

pytestmark = pytest.mark.xdist_group("browser")


def test_online_search_finds_chapter_titles_slides_and_transcripts(
    online_site: str, browser: Any, requests: RequestLog
) -> None:
    """Served over HTTP, search runs in its own worker and finds the same things."""
    open_page(browser, online_site)
    media = f"{online_site}{MEDIA_LAB}/02-compiler-history/"
    assert media in map(result_page, search(browser, TRANSCRIPT_WORD))
    assert media in map(result_page, search(browser, SLIDE_WORD))
    title = re.search(r"\) (Initial build)$", (DEFAULT_LAB / "notes.md").read_text(), re.M)
    assert title is not None
    assert result_page(search(browser, title[1])[0]) == f"{online_site}ll202509/08-initial-build/"
    assert to_youtube(requests.take()) == []
    assert requests.errors(elsewhere_unreachable=True) == []


def test_online_search_index_loads_only_when_someone_searches(
    online_site: str, browser: Any, requests: RequestLog
) -> None:
    """Pagefind's script, WebAssembly and index are fetched by the first query, not before."""
    served_paths()
    open_page(browser, online_site + "ll202509/08-initial-build/")
    wait_for(
        lambda: browser.execute_script("return document.readyState") == "complete",
        what="the page loaded",
    )
    browser.execute_script("return new Promise(function (done) { setTimeout(done, 1500); })")
    assert [path for path in served_paths() if "/pagefind/" in path] == []
    assert search(browser, TRANSCRIPT_WORD)
    fetched = [path for path in served_paths() if "/pagefind/" in path]
    assert "/pagefind/pagefind.js" in fetched, fetched
    assert any(path.startswith("/pagefind/wasm.") for path in fetched), fetched


def test_online_slide_viewer_loads_with_the_first_slide_opened(
    online_site: str, browser: Any, requests: RequestLog
) -> None:
    """The viewer's script and style are not in the page's way: the first click brings them."""
    served_paths()
    open_page(browser, online_site + f"{MEDIA_LAB}/02-compiler-history/")
    assert [p for p in served_paths() if "glightbox" in p] == []
    click(browser, browser.find_element(By.CSS_SELECTOR, ".ls-slides .glightbox img"))
    wait_for(lambda: lightbox_open(browser), what="the slide viewer")
    fetched = [p for p in served_paths() if "glightbox" in p]
    assert any(p.endswith("glightbox.min.js") for p in fetched), fetched
    assert any(p.endswith("glightbox.min.css") for p in fetched), fetched
    assert requests.errors(elsewhere_unreachable=True) == []


WATCH = "var a = document.querySelector('.ls-watch a'); return [a.textContent, a.href];"


def test_online_watch_on_youtube_keeps_the_reader_s_moment(
    online_site: str, browser: Any, requests: RequestLog
) -> None:
    """Opened at a moment, or moved by the keys, the way out to YouTube goes there too."""
    # A new document: from the same page, a new `#t=` is a hash change, which plays.
    browser.get("about:blank")
    open_page(browser, online_site + "ll202509/08-initial-build/#t=16:30")
    text, href = wait_for(lambda: (w := browser.execute_script(WATCH)) and "16:30" in w[0] and w)
    assert text == "Watch on YouTube from 16:30"
    assert href.endswith("&t=990s")
    # A key pressed where the page is, as a reader does: an element's send_keys may click it
    # first, and the middle of the page can be the player's facade.
    ActionChains(browser).send_keys("l").perform()
    text, href = wait_for(lambda: (w := browser.execute_script(WATCH)) and "16:40" in w[0] and w)
    assert href.endswith("&t=1000s")
    assert to_youtube(requests.take()) == []


def test_online_youtube_loads_only_after_play(
    online_site: str, browser: Any, requests: RequestLog
) -> None:
    """Nothing from YouTube until the facade is pressed; then a privacy-enhanced frame."""
    open_page(browser, online_site + "ll202509/08-initial-build/")
    open_page(browser, online_site + "ll202509/")
    before = requests.take()
    assert any(u.startswith(online_site) for u in before)
    assert to_youtube(before) == []
    click(browser, browser.find_element(By.CSS_SELECTOR, "button.ls-facade"))
    frame = wait_for(
        lambda: browser.find_elements(By.CSS_SELECTOR, ".ls-player iframe"), what="the player frame"
    )[0]
    # The home page's player starts at the first chapter: "[00:01]" in the notes.
    label = re.search(r"^- \[(\d+):(\d+)\]", (DEFAULT_LAB / "notes.md").read_text(), re.M)
    assert label is not None
    start = int(label[1]) * 60 + int(label[2])
    assert frame.get_attribute("src").startswith(
        f"https://www.youtube-nocookie.com/embed/4Cjy_iBNr3I?start={start}&"
    )
    assert frame.get_attribute("referrerpolicy") == "strict-origin-when-cross-origin"
    assert frame.get_attribute("title")
    # Only now does the page reach for YouTube.
    wait_for(lambda: to_youtube(requests.take()), what="a request to YouTube after play")


def test_online_catalog_and_tag_pages(
    online_site: str, browser: Any, requests: RequestLog, tmp_path: Path, shared: Path
) -> None:
    """The catalog lists labs newest first with their facts; tag pages list the right labs."""
    notes = {
        "ll202509": DEFAULT_LAB / "notes.md",
        THUMB_LAB: shared / "labs" / f"{THUMB_LAB}.md",
        MEDIA_LAB: None,
    }
    front = {k: front_matter(v.read_text() if v else MEDIA_NOTES) for k, v in notes.items()}
    newest = sorted(front, key=lambda k: str(front[k]["date"]), reverse=True)
    open_page(browser, online_site)
    shot(browser, tmp_path, "catalog-online")
    cards = browser.find_elements(By.CSS_SELECTOR, ".ls-catalog .ls-card")
    assert [c.find_element(By.CSS_SELECTOR, "h2").text for c in cards] == [
        front[k]["title"] for k in newest
    ]
    for card, lab_id in zip(cards, newest, strict=True):
        facts = card.find_element(By.CSS_SELECTOR, "p").text.split(" · ")
        assert facts[0] == long_date(front[lab_id]["date"])
        assert len(facts) == 4 and facts[2].endswith("chapters") and "min" in facts[3], facts
        tags = [li.text for li in card.find_elements(By.CSS_SELECTOR, ".ls-tags li")]
        assert tags == front[lab_id]["tags"]
    assert cards[0].find_element(By.CSS_SELECTOR, "p").text.split(" · ")[1] == "Ada Lovelace"
    assert (
        cards[newest.index("ll202509")].find_element(By.CSS_SELECTOR, "p").text.split(" · ")[1]
        == "Adrian Moat"
    )
    thumb = cards[newest.index(THUMB_LAB)].find_element(By.CSS_SELECTOR, "img")
    wait_for(
        lambda: browser.execute_script("return arguments[0].naturalWidth", thumb) == 320,
        what="the thumbnail",
    )

    every_tag = sorted({t for f in front.values() for t in f["tags"]})
    index = browser.find_elements(By.CSS_SELECTOR, ".ls-tag-index a")
    assert [a.text for a in index] == every_tag
    for tag in ("Chainguard Containers", "Compilers"):
        open_page(browser, online_site)
        index_box = browser.find_element(By.CSS_SELECTOR, ".ls-tag-index")
        click(browser, index_box.find_element(By.LINK_TEXT, tag))
        wait_for(
            lambda tag=tag: browser.find_element(By.TAG_NAME, "h1").text == f"Tag: {tag}",
            what=f"tag {tag}",
        )
        listed = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".ls-card h2")]
        assert listed == [front[k]["title"] for k in newest if tag in front[k]["tags"]]
    assert to_youtube(requests.take()) == []


def test_online_copy_button_copies_the_snippet(
    online_site: str, browser: Any, requests: RequestLog
) -> None:
    """The copy button puts the snippet's exact text on the clipboard."""
    browser.execute_cdp_cmd(
        "Browser.grantPermissions",
        {
            "origin": online_site.rstrip("/"),
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
        },
    )
    open_page(browser, online_site + f"{MEDIA_LAB}/02-compiler-history/")
    click(browser, browser.find_element(By.CSS_SELECTOR, ".tabbed-labels label"))
    block = browser.find_elements(By.CSS_SELECTOR, ".tabbed-set .tabbed-block")[0]
    click(browser, block.find_element(By.CSS_SELECTOR, COPY_BUTTON))
    copied = browser.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, function (e) { done('error: ' + e); });"
    )
    assert copied.strip() == DOCKERFILE.strip()
    assert to_youtube(requests.take()) == []


def test_online_keyboard_plays_the_video(
    online_site: str, browser: Any, requests: RequestLog
) -> None:
    """Tab reaches the facade's play button; Enter loads the player at the chapter's start."""
    open_page(browser, online_site + "ll202509/08-initial-build/")
    button = tab_to(browser, ".ls-range", "button.ls-facade")
    assert button.get_attribute("aria-label").startswith("Play video from ")
    assert to_youtube(requests.take()) == []
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    frame = wait_for(
        lambda: browser.find_elements(By.CSS_SELECTOR, ".ls-player iframe"), what="the player frame"
    )[0]
    assert "start=" in frame.get_attribute("src")
    # The frame takes the focus, so keyboard users land in the player they asked for; the
    # tests' network reaches no YouTube, so the frame gives way to the page's notice, and the
    # focus goes on to its way out rather than back to the page's start.
    wait_for(
        lambda: browser.execute_script(
            "var a = document.activeElement;"
            "return a.matches('.ls-offline-note a') && a.closest('.ls-player.is-offline') !== null"
        ),
        what="the focus on the notice's way out",
    )


def test_online_pages_have_no_serious_accessibility_violation(
    online_site: str,
    browser: Any,
    requests: RequestLog,
    axe_results: dict[str, dict[str, list[str]]],
) -> None:
    """axe-core finds nothing serious or critical on the online catalog, homes and chapters."""
    pages = {
        "catalog": online_site,
        "tag page": online_site + "tags/compilers/",
        "lab home (YouTube facade)": online_site + "ll202509/",
        "chapter (facade, code tabs)": online_site + "ll202509/08-initial-build/",
        "chapter (video, slides, tabs, transcript)": online_site
        + f"{MEDIA_LAB}/02-compiler-history/",
    }
    failures = axe_pages(browser, pages, axe_results, "online")
    assert failures == [], "\n".join(failures)
    assert to_youtube(requests.take()) == []
