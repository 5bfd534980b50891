"""Sites for the browser tests: the labs, their offline and online builds, what tests do on pages.

Loaded as a pytest plugin by conftest.py, so that both browser modules share its fixtures.
"""

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
from labs import write_lab
from paths import ROOT
from pdfs import compiler_deck
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from tools import require_shim

from bench.inputs import copy_default_lab
from generator.build import build_site

DEFAULT_LAB = ROOT / "assets" / "labs" / "ll202509"
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


def ffmpeg(*args: str) -> None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.fail("ffmpeg is needed to make the test video (.ci/run installs it)")
    subprocess.run([ffmpeg, "-v", "error", "-y", "-f", "lavfi", *args], check=True)


def media_lab(lab: Path) -> Path:
    """A small lab with a local video, captions, a deck and demo files shown as tabs."""
    write_lab(
        lab.parent,
        lab.name,
        {
            "notes.md": MEDIA_NOTES,
            "lab.yml": MEDIA_CONFIG,
            "demo/Dockerfile": DOCKERFILE,
            "demo/main.go": MAIN_GO,
            "demo/run.sh": RUN_SH,
            # One cue every 5 s; the transcript-only word is said at 0:20, in the second chapter.
            f"video/{MEDIA_VIDEO}.en.vtt": captions_every_5s(SPOKEN, "Spoken word {} here."),
            f"video/{MEDIA_VIDEO}.info.json": json.dumps(
                {"id": MEDIA_VIDEO, "title": "Compilers", "duration": 60}
            ),
        },
    )
    ffmpeg(
        "-i", "testsrc=size=160x90:rate=10:duration=60", "-c:v", "libvpx", "-b:v", "50k", "-an",
        str(lab / "video" / f"{MEDIA_VIDEO}.webm"),
    )  # fmt: skip
    compiler_deck(lab / "deck.pdf", SLIDE_WORD)
    return lab


# For the whole run: both browser modules run on one worker (xdist group "browser") and share them.
@pytest.fixture(scope="session")
def labs(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The four real labs with decks (one with a stored thumbnail), plus the media lab."""
    require_browser()
    base = tmp_path_factory.mktemp("labs")
    out: dict[str, Path] = {}
    for lab_id, deck in REAL_LABS.items():
        out[lab_id] = write_lab(
            base,
            lab_id,
            {
                "notes.md": (shared / "labs" / f"{lab_id}.md").read_bytes(),
                "deck.pdf": (shared / "decks" / deck).read_bytes(),
            },
        )
    (out[THUMB_LAB] / "video").mkdir()
    thumbnail = out[THUMB_LAB] / "video" / f"{THUMB_VIDEO}.jpg"
    ffmpeg("-i", "testsrc=size=320x180", "-frames:v", "1", str(thumbnail))
    out[MEDIA_LAB] = media_lab(base / MEDIA_LAB)
    return out


@pytest.fixture(scope="session")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One render cache for both builds, so the second renders nothing."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def offline_site(
    labs: dict[str, Path], cache: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The offline build of every lab, as copied onto a USB stick."""
    require_shim()
    out = tmp_path_factory.mktemp("offline") / "site"
    build_site(list(labs.values()), out, cache_dir=cache, offline=True)
    return out


@pytest.fixture(scope="module")
def online_site(
    labs: dict[str, Path], cache: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The online build of the default lab, a real lab and the media lab, served on 127.0.0.1."""
    out = tmp_path_factory.mktemp("online") / "site"
    default = copy_default_lab(tmp_path_factory.mktemp("default-lab"))
    chosen = [default, labs[THUMB_LAB], labs[MEDIA_LAB]]
    build_site(chosen, out, cache_dir=cache)
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
    """Headless Chromium, one per test module (every browser module uses this one)."""
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


def open_page(driver: Any, url: str) -> None:
    driver.get(url)
    wait_for(lambda: driver.execute_script("return document.readyState") == "complete", what=url)


def offsite(urls: list[str]) -> list[str]:
    return [u for u in urls if urlsplit(u).scheme not in LOCAL_SCHEMES]


def to_youtube(urls: list[str]) -> list[str]:
    return [u for u in urls if (urlsplit(u).hostname or "").endswith(YOUTUBE_HOSTS)]


def search(driver: Any, word: str) -> list[str]:
    """Type `word` into Material's search box and return the result links."""
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.clear()
    box.send_keys(word)
    # "N matching documents" or "No matching documents": the search has answered.
    # The theme redraws its results as it answers: read them in one go, and only once three
    # readings a tenth of a second apart agree, so that no element goes stale under the test.
    read = (
        "var meta = document.querySelector('.md-search-result__meta');"
        "return [meta ? meta.textContent : '', Array.prototype.map.call("
        "document.querySelectorAll('.md-search-result__item a'), function (a) { return a.href; })];"
    )
    seen: list[Any] = []

    def settled() -> bool:
        now = driver.execute_script(read)
        same = len(seen) >= 2 and seen[-2] == seen[-1] == now and "matching" in now[0]
        seen.append(now)
        return same

    try:
        wait_for(settled)
    except AssertionError:
        said = seen[-1][0] if seen else ""
        raise AssertionError(f"search never answered {word!r}: it says {said!r}") from None
    box.send_keys(Keys.ESCAPE)
    return list(seen[-1][1])


def result_page(url: str) -> str:
    """Return a search result's page, without the highlight query or the section."""
    return url.split("#")[0].split("?")[0]


def current_time(driver: Any) -> float:
    return float(
        driver.execute_script("return document.querySelector('.ls-player video').currentTime")
    )


def video_ready(driver: Any) -> None:
    wait_for(
        lambda: driver.execute_script(
            "return document.querySelector('.ls-player video').readyState >= 1"
        ),
        what="the video's metadata",
    )


def lightbox_open(driver: Any) -> bool:
    return bool(
        driver.execute_script(
            "var b = document.getElementById('glightbox-body');"
            "return !!b && getComputedStyle(b).display !== 'none' && !!b.querySelector('.gslide.current img');"
        )
    )


def tab_to(driver: Any, start: str, target: str, limit: int = 80) -> Any:
    """Click the text at `start`, then press Tab until `target` has the focus; return it."""
    # Clicking plain text moves the browser's sequential focus starting point there.
    click(driver, driver.find_element(By.CSS_SELECTOR, start))
    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if driver.execute_script("return document.activeElement.matches(arguments[0])", target):
            return driver.switch_to.active_element
    focused = driver.execute_script("return document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{target} not reached with Tab from {start}; focus is on {focused}")


def click(driver: Any, element: Any) -> None:
    """Click `element` in the middle of the window, clear of Material's sticky header."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def shot(driver: Any, tmp_path: Path, name: str) -> None:
    # Kept beside the test's files to look at when a check fails.
    driver.save_screenshot(str(tmp_path / f"{name}.png"))


# What a page loads by itself (as opposed to links the reader may follow).
LOADED = re.compile(
    r"<(?:script|img|iframe|video|audio|source|track|embed)\b[^>]*?\s(?:src|poster)=\"([^\"]*)\""
    r"|<link\b(?=[^>]*\srel=\"(?:stylesheet|preload|modulepreload|preconnect|dns-prefetch|icon|manifest)\")[^>]*?\shref=\"([^\"]*)\""
)


def axe_pages(
    browser: Any, pages: dict[str, str], results: dict[str, dict[str, list[str]]], build: str
) -> list[str]:
    failures = []
    for name, url in pages.items():
        open_page(browser, url)
        wait_for(lambda: browser.execute_script(DECORATED), what=f"{name} to be set up")
        violations = audit(browser)
        results[f"{build}: {name}"] = by_impact(violations)
        failures += [f"{name}: {v}" for v in blocking(violations)]
    return failures


def front_matter(text: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(text.split("---", 2)[1])
    return data


def long_date(value: Any) -> str:
    return f"{value:%B} {value.day}, {value.year}"
