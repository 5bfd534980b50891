"""Search in Chromium: the online site answers from its Pagefind index through the theme's box."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from labs import write_lab
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from generator.build import build_site
from generator.write import search
from tests.browser import (
    captions_every_5s,
    require_browser,
    serve,
    wait_for,
)
from tests.pdfs import compiler_deck

pytestmark = pytest.mark.xdist_group("browser")

VIDEO = "SeArChV1d01"
SLIDE_WORD = "quasarblend"
TRANSCRIPT_WORD = "marzipanic"
# Written escaped, as WebVTT must: the transcript then says "<img …>" in words.
HOSTILE = "&lt;img src=x onerror=window.__owned=1&gt; venomword"
# Said in turn, one every 5 s: the transcript-only word at 0:20, where chapter 2 starts.
SPOKEN = ["alpha", "bravo", "charlie", "delta", TRANSCRIPT_WORD, "foxtrot", "golf", HOSTILE]
NOTES = f"""---
title: "Search across the archive"
date: 2026-02-01
tags: ["Search"]
---

{{{{< youtube {VIDEO} >}}}}

## Sections

- [0:00](https://youtu.be/{VIDEO}) Opening words
- [0:20](https://youtu.be/{VIDEO}?t=20) Compiler history
- [0:40](https://youtu.be/{VIDEO}?t=40) Closing remarks
"""
CHAPTER = "02-compiler-history"


def _lab(parent: Path) -> Path:
    lab = write_lab(
        parent,
        "searchlab",
        {
            "notes.md": NOTES,
            f"video/{VIDEO}.en.vtt": captions_every_5s(SPOKEN, "we say {} now"),
            f"video/{VIDEO}.info.json": json.dumps(
                {"id": VIDEO, "title": "Search", "duration": 60}
            ),
        },
    )
    compiler_deck(lab / "deck.pdf", SLIDE_WORD)
    return lab


def _other_lab(parent: Path) -> Path:
    """A second lab, so that the site is a catalog and the index spans labs."""
    notes = NOTES.replace(VIDEO, "OtHeRvId001").replace("Search across", "Another talk on")
    return write_lab(parent, "otherlab", {"notes.md": notes})


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    require_browser()
    base = tmp_path_factory.mktemp("labs")
    out = tmp_path_factory.mktemp("online") / "site"
    labs = [_lab(base), _other_lab(base)]
    # A shard per lab, as a large catalog has: the worker must merge them.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "WORDS_PER_SHARD", 1)
        build_site(labs, out, cache_dir=tmp_path_factory.mktemp("c"))
    assert len(json.loads((out / "pagefind" / "shards.json").read_text())) == 2
    with serve(out) as url:
        yield url, out


def _results(driver: Any, word: str) -> list[tuple[str, str]]:
    """Type `word` into the theme's search box; return (link, text) of each result entry."""
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.clear()
    box.send_keys(word)
    listed = driver.find_element(By.CSS_SELECTOR, ".md-search-result__list")
    # Results come as the word is typed: wait for those of the whole word.
    wait_for(lambda: word.lower() in listed.text.lower(), what=f"results for {word!r}")
    links = driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item a")
    found = [(a.get_attribute("href"), a.text) for a in links]
    box.send_keys(Keys.ESCAPE)
    return found


def test_online_pages_use_the_index_worker(site: tuple[str, Path]) -> None:
    _, out = site
    page = (out / "searchlab" / CHAPTER / "index.html").read_text(encoding="utf-8")
    assert '"search": "../../assets/labsite/search-worker.js"' in page
    assert (out / "pagefind" / "pagefind.js").is_file()
    assert list((out / "pagefind" / "fragment").glob("*.pf_fragment"))
    # The generated pages are not also sent whole to every reader in the theme's index.
    theme_index = out / "search" / "search_index.json"
    index = json.loads(theme_index.read_text(encoding="utf-8"))
    assert not any("searchlab" in doc["location"] for doc in index["docs"])
    assert theme_index.stat().st_size < 4096


def test_search_finds_a_transcript_word_at_its_moment(site: tuple[str, Path], browser: Any) -> None:
    url, _ = site
    browser.get(url)
    results = _results(browser, TRANSCRIPT_WORD)
    paths = [urlsplit(href).path for href, _ in results]
    assert f"/searchlab/{CHAPTER}/" in paths
    # A deep link to the moment the word is said: chapter 2 and its paragraph start at 0:20.
    moments = [href for href, _ in results if "#t=" in href]
    assert any(
        urlsplit(h).path == f"/searchlab/{CHAPTER}/" and h.endswith("#t=20") for h in moments
    )


def test_search_finds_a_slide_word(site: tuple[str, Path], browser: Any) -> None:
    url, _ = site
    browser.get(url)
    results = _results(browser, SLIDE_WORD)
    slide = [(h, t) for h, t in results if "Slide 3" in t]
    assert slide, results
    href = slide[0][0]
    assert urlsplit(href).path == f"/searchlab/{CHAPTER}/"
    # The slide belongs to the chapter from 0:20 to 0:40: its moment is inside it.
    assert 20 <= int(href.rsplit("#t=", 1)[1]) < 40


def test_result_text_is_shown_as_text(site: tuple[str, Path], browser: Any) -> None:
    """A caption that looks like markup is listed as words, never as a live element."""
    url, _ = site
    browser.get(url)
    box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.send_keys("venomword")
    listed = browser.find_element(By.CSS_SELECTOR, ".md-search-result__list")
    wait_for(lambda: "venomword" in listed.text, what="results for 'venomword'")
    assert "<img" in listed.text
    assert listed.find_elements(By.TAG_NAME, "img") == []
    assert browser.execute_script("return window.__owned === undefined")


def test_opening_a_moment_sets_the_player_there(site: tuple[str, Path], browser: Any) -> None:
    url, _ = site
    browser.get(url)
    results = _results(browser, TRANSCRIPT_WORD)
    moment = next(h for h, _ in results if h.endswith("#t=20"))
    browser.get(moment)
    label = browser.find_element(By.CSS_SELECTOR, ".ls-facade-label")
    wait_for(lambda: label.text == "Play video from 0:20", what="the facade's start time")
