"""Whole sites in a real browser: offline from file://, online from 127.0.0.1, catalog, a11y."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from a11y import audit, blocking, by_impact
from browser import (
    captions_every_5s,
    console_errors,
    requested_urls,
    require_browser,
    serve,
    start_browser,
    wait_for,
)
from pdfs import write_pdf
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from bench.inputs import copy_default_lab
from generator.build import build_site
from generator.cli import DEFAULT_CONFIG

pytestmark = pytest.mark.xdist_group("browser")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LAB = ROOT / "assets" / "labs" / "ll202509"
SHIM = ROOT / ".cache" / "npm" / "node_modules" / "iframe-worker" / "shim" / "index.js"
REAL_LABS = {
    "ll202508": "learning-lab-dfc-202508.pdf",
    "ll202510": "learning-lab-javascript-cve-202510.pdf",
    "ll202511": "learning-lab-raspberrypi-202511.pdf",
    "ll202512": "learning-lab-202512.pdf",
}
# ll202508 gets a stored thumbnail but no video: the offline player shows it with a link.
THUMB_LAB, THUMB_VIDEO = "ll202508", "HzZRFpnKKIU"

# Words that occur in exactly one place of the generated lab: search must find each there.
SLIDE_WORD = "quokkaflux"
TRANSCRIPT_WORD = "zanzibarquux"
MEDIA_LAB = "medialab"
MEDIA_VIDEO = "MeDiAlAbV1d"
MEDIA_NOTES = f"""---
title: "Compilers from first principles"
linktitle: "Compilers"
description: "A short lab with its own video, captions, deck and demo files."
date: 2026-01-15
tags: ["Learning Labs", "Compilers"]
presenter: "Ada Lovelace"
---

{{{{< youtube {MEDIA_VIDEO} >}}}}

## Sections

- [0:00](https://www.youtube.com/watch?v={MEDIA_VIDEO}) Opening words
- [0:20](https://www.youtube.com/watch?v={MEDIA_VIDEO}&t=20s) Compiler history
- [0:40](https://www.youtube.com/watch?v={MEDIA_VIDEO}&t=40s) Closing remarks
"""
MEDIA_CONFIG = """\
demo:
  chapters:
    - chapter: "Compiler history"
      files: [demo/Dockerfile, demo/main.go]
      run: demo/run.sh
"""
DOCKERFILE = 'FROM cgr.dev/chainguard/static:latest\nCOPY hello /hello\nENTRYPOINT ["/hello"]\n'
MAIN_GO = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello")\n}\n'
RUN_SH = "#!/bin/sh\nset -eu\ndocker build -t hello .\n"
SPOKEN = ["alpha", "bravo", "charlie", "delta", TRANSCRIPT_WORD, "foxtrot", "golf", "hotel"]
# One cue every 5 s: the transcript-only word is said at 0:20, as chapter 2 starts.
TRANSCRIPT_AT = 5 * SPOKEN.index(TRANSCRIPT_WORD)
CHAPTER_2_AT = 20
# Schemes that never leave the machine; chrome:// is the browser's own new-tab page.
LOCAL_SCHEMES = {"file", "data", "blob", "about", "chrome"}
# Material 9.6+ puts its copy button in a small toolbar above each code block.
COPY_BUTTON = "button.md-code__button[data-md-type='copy']"
YOUTUBE_HOSTS = ("youtube.com", "youtube-nocookie.com", "ytimg.com", "googlevideo.com", "ggpht.com")


def _ffmpeg(*args: str) -> None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.fail("ffmpeg is needed to make the test video (.ci/run installs it)")
    subprocess.run([ffmpeg, "-v", "error", "-y", "-f", "lavfi", *args], check=True)


def _media_lab(lab: Path) -> Path:
    """A small lab with a local video, captions, a deck and demo files shown as tabs."""
    (lab / "video").mkdir(parents=True)
    (lab / "demo").mkdir()
    (lab / "notes.md").write_text(MEDIA_NOTES)
    (lab / "lab.yml").write_text(MEDIA_CONFIG)
    (lab / "demo" / "Dockerfile").write_text(DOCKERFILE)
    (lab / "demo" / "main.go").write_text(MAIN_GO)
    (lab / "demo" / "run.sh").write_text(RUN_SH)
    # One cue every 5 s; the transcript-only word is said at 0:20, in the second chapter.
    (lab / "video" / f"{MEDIA_VIDEO}.en.vtt").write_text(
        captions_every_5s(SPOKEN, "Spoken word {} here.")
    )
    (lab / "video" / f"{MEDIA_VIDEO}.info.json").write_text(
        json.dumps({"id": MEDIA_VIDEO, "title": "Compilers", "duration": 60})
    )
    _ffmpeg(
        "-i", "testsrc=size=160x90:rate=10:duration=60", "-c:v", "libvpx", "-b:v", "50k", "-an",
        str(lab / "video" / f"{MEDIA_VIDEO}.webm"),
    )  # fmt: skip
    write_pdf(
        lab / "deck.pdf",
        [
            [("Opening words", 40), ("welcome to the lab", 20)],
            [("Compiler history", 40), ("the first compilers", 20)],
            [("Compiler history continued", 40), (f"the {SLIDE_WORD} optimiser pass", 20)],
            [("Closing remarks", 40), ("thank you", 20)],
        ],
    )
    return lab


@pytest.fixture(scope="module")
def labs(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The four real labs with decks (one with a stored thumbnail), plus the media lab."""
    require_browser()
    base = tmp_path_factory.mktemp("labs")
    out: dict[str, Path] = {}
    for lab_id, deck in REAL_LABS.items():
        lab = base / lab_id
        lab.mkdir()
        shutil.copyfile(shared / "labs" / f"{lab_id}.md", lab / "notes.md")
        shutil.copyfile(shared / "decks" / deck, lab / "deck.pdf")
        out[lab_id] = lab
    (out[THUMB_LAB] / "video").mkdir()
    thumbnail = out[THUMB_LAB] / "video" / f"{THUMB_VIDEO}.jpg"
    _ffmpeg("-i", "testsrc=size=320x180", "-frames:v", "1", str(thumbnail))
    out[MEDIA_LAB] = _media_lab(base / MEDIA_LAB)
    return out


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One render cache for both builds, so the second renders nothing."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def offline_site(
    labs: dict[str, Path], cache: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The offline build of every lab, as copied onto a USB stick."""
    if not SHIM.is_file():
        pytest.fail(
            f"{SHIM} is missing: `make setup` installs it (npm install --prefix .cache/npm iframe-worker)"
        )
    out = tmp_path_factory.mktemp("offline") / "site"
    build_site(list(labs.values()), out, config_file=DEFAULT_CONFIG, cache_dir=cache, offline=True)
    return out


@pytest.fixture(scope="module")
def online_site(
    labs: dict[str, Path], cache: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The online build of the default lab, a real lab and the media lab, served on 127.0.0.1."""
    out = tmp_path_factory.mktemp("online") / "site"
    default = copy_default_lab(tmp_path_factory.mktemp("default-lab"))
    chosen = [default, labs[THUMB_LAB], labs[MEDIA_LAB]]
    build_site(chosen, out, config_file=DEFAULT_CONFIG, cache_dir=cache)
    with serve(out) as base:
        yield base


_CLOSED_NETWORK = re.compile(
    r"^https?://(?!127\.0\.0\.1[:/])\S+ - Failed to load resource: net::ERR_PROXY_CONNECTION_FAILED$"
)


class RequestLog:
    """Every URL the browser requested, by test, for the assertions and the closing summary."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.by_test: dict[str, list[str]] = {}
        self.current = ""
        self.console: list[str] = []

    def start(self, name: str) -> None:
        requested_urls(self.driver)
        console_errors(self.driver)
        self.current = name
        self.by_test[name] = []
        self.console = []

    def errors(self, *, elsewhere_unreachable: bool = False) -> list[str]:
        """Return the console errors of every page since the test began, start-ups included.

        With `elsewhere_unreachable`, leave out what the tests' closed network alone causes:
        files of other hosts (the online site's web fonts) that could not be loaded.
        """
        self.console += console_errors(self.driver)
        if not elsewhere_unreachable:
            return self.console
        return [e for e in self.console if not _CLOSED_NETWORK.match(e)]

    def take(self) -> list[str]:
        """Return the URLs requested since the last call, and keep them for the summary."""
        urls = requested_urls(self.driver)
        self.by_test[self.current] += urls
        return urls

    def summary(self) -> dict[str, dict[str, Any]]:
        """Return, for each test, how many requests it made and to which hosts."""
        out = {}
        for name, urls in self.by_test.items():
            hosts: dict[str, int] = {}
            for url in urls:
                parts = urlsplit(url)
                key = f"{parts.scheme}://{parts.netloc}" if parts.netloc else f"{parts.scheme}:"
                hosts[key] = hosts.get(key, 0) + 1
            out[name] = {"requests": len(urls), "hosts": hosts}
        return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    require_browser()
    driver = start_browser(tmp_path_factory.mktemp("chromium"))
    # The browser's own start page is no business of the site's: keep it out of the log.
    driver.get("about:blank")
    requested_urls(driver)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def request_log(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RequestLog]:
    log = RequestLog(browser)
    yield log
    report = tmp_path_factory.getbasetemp() / "browser-site-requests.json"
    report.write_text(json.dumps(log.summary(), indent=2))
    print(f"\nrequest log ({report}):\n{json.dumps(log.summary(), indent=2)}")


@pytest.fixture(scope="module")
def axe_results(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, dict[str, list[str]]]]:
    results: dict[str, dict[str, list[str]]] = {}
    yield results
    report = tmp_path_factory.getbasetemp() / "browser-site-axe.json"
    report.write_text(json.dumps(results, indent=2))
    print(f"\naxe-core violations by page ({report}):\n{json.dumps(results, indent=2)}")


@pytest.fixture
def requests(request: pytest.FixtureRequest, request_log: RequestLog) -> Iterator[RequestLog]:
    """The request log, started for this test; the rest is collected when it ends."""
    request_log.start(request.node.name)
    yield request_log
    request_log.take()


ANIMATIONS_DONE = """return document.getAnimations().every(
  function (animation) { return animation.playState !== "running"; })"""
# Material's scripts and ours have set the page up: a copy button on every code block,
# the search dialog named (by labsite.js) where there is one, and no transition still
# fading something in (the header's title) that an audit would see half drawn.
DECORATED = f"""
var blocks = document.querySelectorAll(".md-typeset pre > code").length;
var buttons = document.querySelectorAll("{COPY_BUTTON}").length;
var search = document.querySelector('.md-search[role="dialog"]');
var still = document.getAnimations().some(function (a) {{ return a.playState === "running"; }});
return document.readyState === "complete" && buttons === blocks && !still &&
  (!search || search.hasAttribute("aria-label"));
"""


def _open(driver: Any, url: str) -> None:
    driver.get(url)
    wait_for(lambda: driver.execute_script("return document.readyState") == "complete", what=url)


def _offsite(urls: list[str]) -> list[str]:
    return [u for u in urls if urlsplit(u).scheme not in LOCAL_SCHEMES]


def _to_youtube(urls: list[str]) -> list[str]:
    return [u for u in urls if (urlsplit(u).hostname or "").endswith(YOUTUBE_HOSTS)]


def _search(driver: Any, word: str) -> list[str]:
    """Type `word` into Material's search box and return the result links."""
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.clear()
    box.send_keys(word)
    # "N matching documents" or "No matching documents": the search has answered.
    meta = driver.find_element(By.CSS_SELECTOR, ".md-search-result__meta")
    try:
        wait_for(lambda: "matching" in meta.text)
    except AssertionError:
        raise AssertionError(f"search never answered {word!r}: it says {meta.text!r}") from None
    links = [
        a.get_attribute("href")
        for a in driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item a")
    ]
    box.send_keys(Keys.ESCAPE)
    return links


def _page(url: str) -> str:
    """Return a search result's page, without the highlight query or the section."""
    return url.split("#")[0].split("?")[0]


def _current_time(driver: Any) -> float:
    return float(
        driver.execute_script("return document.querySelector('.ls-player video').currentTime")
    )


def _video_ready(driver: Any) -> None:
    wait_for(
        lambda: driver.execute_script(
            "return document.querySelector('.ls-player video').readyState >= 1"
        ),
        what="the video's metadata",
    )


def _lightbox_open(driver: Any) -> bool:
    return bool(
        driver.execute_script(
            "var b = document.getElementById('glightbox-body');"
            "return !!b && getComputedStyle(b).display !== 'none' && !!b.querySelector('.gslide.current img');"
        )
    )


def _tab_to(driver: Any, start: str, target: str, limit: int = 80) -> Any:
    """Click the text at `start`, then press Tab until `target` has the focus; return it."""
    # Clicking plain text moves the browser's sequential focus starting point there.
    _click(driver, driver.find_element(By.CSS_SELECTOR, start))
    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if driver.execute_script("return document.activeElement.matches(arguments[0])", target):
            return driver.switch_to.active_element
    focused = driver.execute_script("return document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{target} not reached with Tab from {start}; focus is on {focused}")


def _click(driver: Any, element: Any) -> None:
    """Click `element` in the middle of the window, clear of Material's sticky header."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _shot(driver: Any, tmp_path: Path, name: str) -> None:
    # Kept beside the test's files to look at when a check fails.
    driver.save_screenshot(str(tmp_path / f"{name}.png"))


# Offline: the site opened from file://

# What a page loads by itself (as opposed to links the reader may follow).
_LOADED = re.compile(
    r"<(?:script|img|iframe|video|audio|source|track|embed)\b[^>]*?\s(?:src|poster)=\"([^\"]*)\""
    r"|<link\b(?=[^>]*\srel=\"(?:stylesheet|preload|modulepreload|preconnect|dns-prefetch|icon|manifest)\")[^>]*?\shref=\"([^\"]*)\""
)


def test_offline_pages_load_nothing_from_other_hosts(offline_site: Path) -> None:
    """Every page of the offline site, visited or not, loads only files of the site."""
    pages = sorted(offline_site.rglob("*.html"))
    assert len(pages) > 60
    remote = []
    for page in pages:
        for match in _LOADED.finditer(page.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.IGNORECASE):
                remote.append(f"{page.relative_to(offline_site)}: {url}")
    assert remote == []


def test_offline_navigation_makes_no_request_to_other_hosts(
    offline_site: Path, browser: Any, requests: RequestLog, tmp_path: Path
) -> None:
    """Catalog → lab → chapter → next chapter → tag page, all from file://, nothing fetched elsewhere."""
    _open(browser, (offline_site / "index.html").as_uri())
    titles = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".ls-card h2")]
    assert titles[0] == "Compilers from first principles"
    assert len(titles) == 5
    _shot(browser, tmp_path, "catalog")
    _click(browser, browser.find_element(By.LINK_TEXT, "Compilers from first principles"))
    wait_for(
        lambda: browser.current_url.endswith(f"/{MEDIA_LAB}/index.html"), what="the lab's home"
    )
    _click(
        browser,
        browser.find_element(By.CSS_SELECTOR, ".ls-chapters li:nth-child(2) a:not(.ls-time)"),
    )
    wait_for(
        lambda: browser.current_url.endswith(f"/{MEDIA_LAB}/02-compiler-history.html"),
        what="chapter 2",
    )
    assert browser.find_element(By.TAG_NAME, "h1").text == "Compiler history"
    _click(browser, browser.find_element(By.CSS_SELECTOR, ".ls-pager a.ls-next"))
    wait_for(
        lambda: browser.current_url.endswith(f"/{MEDIA_LAB}/03-closing-remarks.html"),
        what="chapter 3",
    )
    # Navigation keeps the page script working: the new page's player is set up.
    wait_for(
        lambda: browser.execute_script("return !!(window.labsite && window.labsite.state())"),
        what="labsite.js",
    )
    _click(browser, browser.find_element(By.CSS_SELECTOR, "a.md-header__button.md-logo"))
    wait_for(
        lambda: (
            browser.current_url.endswith("/index.html")
            and browser.find_elements(By.CSS_SELECTOR, ".ls-card")
        )
    )
    _click(
        browser, browser.find_element(By.CSS_SELECTOR, ".ls-tag-index a[href$='compilers.html']")
    )
    wait_for(lambda: browser.current_url.endswith("/tags/compilers.html"), what="the tag page")
    assert [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".ls-card h2")] == [
        "Compilers from first principles"
    ]
    urls = requests.take()
    assert any(u.endswith("/tags/compilers.html") for u in urls)
    assert _offsite(urls) == []
    assert requests.errors() == []


def test_offline_search_finds_slide_and_transcript_words(
    offline_site: Path, browser: Any, requests: RequestLog
) -> None:
    """Material's search runs from file:// and finds a word of the transcript and one of a slide."""
    _open(browser, (offline_site / "ll202512" / "index.html").as_uri())
    page = f"/{MEDIA_LAB}/02-compiler-history.html"
    transcript_hits = _search(browser, TRANSCRIPT_WORD)
    assert any(page in h for h in transcript_hits), transcript_hits
    # The word is in the body of slide 3, not in its title.
    slide_hits = _search(browser, SLIDE_WORD)
    assert any(page in h for h in slide_hits), f"{SLIDE_WORD!r} of slide 3 not found: {slide_hits}"
    # A chapter's title finds its page first.
    title_hits = _search(browser, "Closing remarks")
    assert _page(title_hits[0]).endswith(f"/{MEDIA_LAB}/03-closing-remarks.html"), title_hits
    assert _offsite(requests.take()) == []
    assert requests.errors() == []


def test_online_search_finds_chapter_titles_slides_and_transcripts(
    online_site: str, browser: Any, requests: RequestLog
) -> None:
    """Served over HTTP, search runs in its own worker and finds the same things."""
    _open(browser, online_site)
    media = f"{online_site}{MEDIA_LAB}/02-compiler-history/"
    assert media in map(_page, _search(browser, TRANSCRIPT_WORD))
    assert media in map(_page, _search(browser, SLIDE_WORD))
    title = re.search(r"\) (Initial build)$", (DEFAULT_LAB / "notes.md").read_text(), re.M)
    assert title is not None
    assert _page(_search(browser, title[1])[0]) == f"{online_site}ll202509/08-initial-build/"
    assert _to_youtube(requests.take()) == []
    assert requests.errors(elsewhere_unreachable=True) == []


def test_offline_chapter_page_lightbox_tabs_and_seeking(
    offline_site: Path, browser: Any, requests: RequestLog, tmp_path: Path
) -> None:
    """On the media lab's chapter page: the lightbox, code tabs and transcript seeking."""
    _open(browser, (offline_site / MEDIA_LAB / "02-compiler-history.html").as_uri())
    _video_ready(browser)
    _shot(browser, tmp_path, "chapter")

    _click(browser, browser.find_element(By.CSS_SELECTOR, ".ls-slides .glightbox img"))
    wait_for(lambda: _lightbox_open(browser), what="the lightbox")
    src = browser.execute_script(
        "return document.querySelector('#glightbox-body .gslide.current img').src"
    )
    assert src.startswith("file://") and "/slides/002.webp" in src
    # The zoom-in animation ends before the screenshot, so that it is readable.
    wait_for(lambda: browser.execute_script(ANIMATIONS_DONE), what="the lightbox's animation")
    _shot(browser, tmp_path, "lightbox")
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    wait_for(
        lambda: not browser.find_elements(By.ID, "glightbox-body"), what="the lightbox to close"
    )

    labels = browser.find_elements(By.CSS_SELECTOR, ".tabbed-set .tabbed-labels label")
    assert [label.text for label in labels] == ["Dockerfile", "main.go"]
    blocks = browser.find_elements(By.CSS_SELECTOR, ".tabbed-set .tabbed-block")
    for shown, label in ((1, labels[1]), (0, labels[0])):
        _click(browser, label)
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
    wait_for(lambda: _current_time(browser) > 50, what="the video at 55")
    _click(browser, spoken)
    wait_for(lambda: abs(_current_time(browser) - target) < 0.6, what=f"the video at {target}")
    assert browser.current_url.endswith(f"#t={target}")
    browser.execute_script("document.querySelector('.ls-player video').pause()")
    assert _offsite(requests.take()) == []
    assert requests.errors() == []


def test_offline_copy_buttons_copy(offline_site: Path, browser: Any, requests: RequestLog) -> None:
    """Every code block has a copy button from file://, and pressing it copies."""
    _open(browser, (offline_site / MEDIA_LAB / "02-compiler-history.html").as_uri())
    buttons = wait_for(
        lambda: browser.find_elements(By.CSS_SELECTOR, COPY_BUTTON),
        timeout=5,
        what="copy buttons (Material's page scripts never started)",
    )
    assert len(buttons) == 3  # both tabs and the "Run this step" box
    # The tab chosen earlier is remembered (content.tabs.link): press a button that shows.
    _click(browser, next(b for b in buttons if b.is_displayed()))
    # The clipboard itself may be closed to file:// pages; Material's own message says it copied.
    dialog = wait_for(
        lambda: browser.find_elements(By.CSS_SELECTOR, ".md-dialog--active"),
        what="the copy message",
    )
    assert "Copied" in dialog[0].get_attribute("textContent")
    assert _offsite(requests.take()) == []
    assert requests.errors() == []


def test_offline_lab_without_video_shows_thumbnail_and_youtube_link(
    offline_site: Path, browser: Any, requests: RequestLog, tmp_path: Path
) -> None:
    """No local video: the stored thumbnail and a "needs internet" link, never a frame."""
    _open(browser, (offline_site / THUMB_LAB / "02-what-is-dfc.html").as_uri())
    _shot(browser, tmp_path, "no-video")
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
    _open(browser, (offline_site / "ll202510" / "index.html").as_uri())
    assert browser.find_element(By.CSS_SELECTOR, ".ls-player .ls-facade-title").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, ".ls-player .ls-offline-note").is_displayed()
    assert not browser.find_elements(By.CSS_SELECTOR, ".ls-player iframe")
    assert _offsite(requests.take()) == []


def test_offline_keyboard_reaches_video_slides_and_transcript(
    offline_site: Path, browser: Any, requests: RequestLog
) -> None:
    """Tab reaches the video's controls, a slide and a transcript time; Enter and Space act on them."""
    _open(browser, (offline_site / MEDIA_LAB / "02-compiler-history.html").as_uri())
    _video_ready(browser)
    _tab_to(browser, ".ls-range", ".ls-player video")
    ActionChains(browser).send_keys(Keys.SPACE).perform()
    wait_for(
        lambda: browser.execute_script("return !document.querySelector('.ls-player video').paused"),
        what="play",
    )
    browser.execute_script("document.querySelector('.ls-player video').pause()")

    _tab_to(browser, "#slides", ".ls-slides a.glightbox")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait_for(lambda: _lightbox_open(browser), what="the lightbox from Enter")
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    wait_for(
        lambda: not browser.find_elements(By.ID, "glightbox-body"), what="the lightbox to close"
    )

    link = _tab_to(browser, "#transcript", ".ls-transcript a.ls-time")
    # The first transcript time of chapter 2 is the first cue of the chapter, at its start.
    target = CHAPTER_2_AT
    assert link.text == f"0:{target:02d}"
    # Away from the link's time first, so that only the seek can bring the video there.
    browser.execute_script("document.querySelector('.ls-player video').currentTime = 55")
    wait_for(lambda: _current_time(browser) > 50, what="the video at 55")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait_for(lambda: abs(_current_time(browser) - target) < 0.6, what=f"the video at {target}")
    browser.execute_script("document.querySelector('.ls-player video').pause()")
    assert _offsite(requests.take()) == []


# Online: the site served on 127.0.0.1


def test_online_youtube_loads_only_after_play(
    online_site: str, browser: Any, requests: RequestLog
) -> None:
    """Nothing from YouTube until the facade is pressed; then a privacy-enhanced frame."""
    _open(browser, online_site + "ll202509/08-initial-build/")
    _open(browser, online_site + "ll202509/")
    before = requests.take()
    assert any(u.startswith(online_site) for u in before)
    assert _to_youtube(before) == []
    _click(browser, browser.find_element(By.CSS_SELECTOR, "button.ls-facade"))
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
    wait_for(lambda: _to_youtube(requests.take()), what="a request to YouTube after play")


def test_online_catalog_and_tag_pages(
    online_site: str, browser: Any, requests: RequestLog, tmp_path: Path, shared: Path
) -> None:
    """The catalog lists labs newest first with their facts; tag pages list the right labs."""
    notes = {
        "ll202509": DEFAULT_LAB / "notes.md",
        THUMB_LAB: shared / "labs" / f"{THUMB_LAB}.md",
        MEDIA_LAB: None,
    }
    front = {k: _front_matter(v.read_text() if v else MEDIA_NOTES) for k, v in notes.items()}
    newest = sorted(front, key=lambda k: str(front[k]["date"]), reverse=True)
    _open(browser, online_site)
    _shot(browser, tmp_path, "catalog-online")
    cards = browser.find_elements(By.CSS_SELECTOR, ".ls-catalog .ls-card")
    assert [c.find_element(By.CSS_SELECTOR, "h2").text for c in cards] == [
        front[k]["title"] for k in newest
    ]
    for card, lab_id in zip(cards, newest, strict=True):
        facts = card.find_element(By.CSS_SELECTOR, "p").text.split(" · ")
        assert facts[0] == _long_date(front[lab_id]["date"])
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
        _open(browser, online_site)
        index_box = browser.find_element(By.CSS_SELECTOR, ".ls-tag-index")
        _click(browser, index_box.find_element(By.LINK_TEXT, tag))
        wait_for(
            lambda tag=tag: browser.find_element(By.TAG_NAME, "h1").text == f"Tag: {tag}",
            what=f"tag {tag}",
        )
        listed = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".ls-card h2")]
        assert listed == [front[k]["title"] for k in newest if tag in front[k]["tags"]]
    assert _to_youtube(requests.take()) == []


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
    _open(browser, online_site + f"{MEDIA_LAB}/02-compiler-history/")
    _click(browser, browser.find_element(By.CSS_SELECTOR, ".tabbed-labels label"))
    block = browser.find_elements(By.CSS_SELECTOR, ".tabbed-set .tabbed-block")[0]
    _click(browser, block.find_element(By.CSS_SELECTOR, COPY_BUTTON))
    copied = browser.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, function (e) { done('error: ' + e); });"
    )
    assert copied.strip() == DOCKERFILE.strip()
    assert _to_youtube(requests.take()) == []


def test_online_keyboard_plays_the_video(
    online_site: str, browser: Any, requests: RequestLog
) -> None:
    """Tab reaches the facade's play button; Enter loads the player at the chapter's start."""
    _open(browser, online_site + "ll202509/08-initial-build/")
    button = _tab_to(browser, ".ls-range", "button.ls-facade")
    assert button.get_attribute("aria-label").startswith("Play video from ")
    assert _to_youtube(requests.take()) == []
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    frame = wait_for(
        lambda: browser.find_elements(By.CSS_SELECTOR, ".ls-player iframe"), what="the player frame"
    )[0]
    assert "start=" in frame.get_attribute("src")
    # The frame takes the focus, so keyboard users land in the player they asked for.
    assert browser.execute_script("return document.activeElement.tagName") == "IFRAME"


# Accessibility: axe-core on the home, chapter and catalog pages of both builds


def _axe_pages(
    browser: Any, pages: dict[str, str], results: dict[str, dict[str, list[str]]], build: str
) -> list[str]:
    failures = []
    for name, url in pages.items():
        _open(browser, url)
        wait_for(lambda: browser.execute_script(DECORATED), what=f"{name} to be set up")
        violations = audit(browser)
        results[f"{build}: {name}"] = by_impact(violations)
        failures += [f"{name}: {v}" for v in blocking(violations)]
    return failures


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
    failures = _axe_pages(browser, pages, axe_results, "offline")
    assert failures == [], "\n".join(failures)
    assert _offsite(requests.take()) == []


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
    failures = _axe_pages(browser, pages, axe_results, "online")
    assert failures == [], "\n".join(failures)
    assert _to_youtube(requests.take()) == []


def _front_matter(text: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(text.split("---", 2)[1])
    return data


def _long_date(value: Any) -> str:
    return f"{value:%B} {value.day}, {value.year}"
