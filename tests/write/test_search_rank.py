"""Search ranks the talk's words: a slide's or a chapter's title leads to its chapter first, and
nothing a page prints around the talk (headings, times, lengths, notices) is in the index.

On the real workshop of ../shared, searched in Chromium with the site's own Pagefind index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser import require_browser, serve, wait_for
from tests.workshop import workshop_site

pytestmark = pytest.mark.xdist_group("browser")

# A query and the chapter page it must rank first: each is the title of a slide of that
# chapter (the chapter pages are numbered as the notes list them). Several share their
# words with chapter titles ("testing" with four chapters on unit tests, "Evaluation" with
# two on human evaluation, "traces" with two on traces).
SLIDE_TITLES = {
    "A/B testing": 10,
    "What Is A Trace": 11,
    "Types of Evaluations": 2,
    "Log to Results To Database": 5,
    "Levels of Human Evaluation": 8,
    "Human Eval Going Wrong": 10,
    "Aligning LLM Judge": 6,
    "Rendering Logging Traces": 12,
    "Now you can iterate fast": 9,
}
# Chapter titles lead to their chapter.
CHAPTER_TITLES = {
    "Langsmith Walkthrough": 13,
    "Building Data Flywheels": 27,
    "Evaluating Agents": 18,
    "Human Evaluations": 8,
}
# What pages print around the talk: none of it is searched or shown in a result.
FURNITURE = [
    re.compile(r"(?:^|\. )(?:Slides|Transcript|Chapters|Code|Downloads|All slides|Resources)\."),
    re.compile(r"\d+:\d\d – \d+:\d\d"),  # a chapter's range, "26:30 – 31:20"
    re.compile(r"\b\d+ min \d+ s\b"),  # a length, "4 min 50 s"
    re.compile(r"\b\d+ chapters\b"),
    re.compile(r"No slide of its own|still on screen|Slide text|slide \d+ ·"),
    re.compile(r"Watch on YouTube|Play video from|Handout"),
]

_SEARCH = """
const done = arguments[arguments.length - 1];
(async () => {
  const pagefind = await import(arguments[0] + "pagefind/pagefind.js");
  await pagefind.init();
  const out = {};
  for (const query of arguments[1]) {
    const found = await pagefind.search(query);
    out[query] = await Promise.all(found.results.map(async (r) => {
      const data = await r.data();
      return [data.url, data.content];
    }));
  }
  return out;
})().then(done, (error) => done(String(error)));
"""


@pytest.fixture(scope="module")
def site(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    require_browser()
    out = workshop_site(shared, tmp_path_factory)
    with serve(out) as url:
        yield url, out


def _search(driver: Any, url: str, queries: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Return, for each query, the (page, indexed text) of every result, best first."""
    driver.get(url)
    driver.set_script_timeout(60)
    found = driver.execute_async_script(_SEARCH, url, queries)
    assert isinstance(found, dict), found
    return {query: [(page, text) for page, text in rows] for query, rows in found.items()}


def _number(page: str) -> int | None:
    """Return the chapter number of a result's page ("/10-issues…/" is 10), None for others."""
    match = re.match(r"/(\d+)-", urlsplit(page).path)
    return int(match.group(1)) if match else None


def test_a_slides_title_ranks_its_chapter_first(site: tuple[str, Path], browser: Any) -> None:
    url, _ = site
    found = _search(browser, url, list(SLIDE_TITLES))
    firsts = {query: _number(rows[0][0]) if rows else None for query, rows in found.items()}
    assert firsts == SLIDE_TITLES


def test_a_chapters_title_ranks_it_first(site: tuple[str, Path], browser: Any) -> None:
    url, _ = site
    found = _search(browser, url, list(CHAPTER_TITLES))
    firsts = {query: _number(rows[0][0]) if rows else None for query, rows in found.items()}
    assert firsts == CHAPTER_TITLES


def test_only_the_talks_words_are_indexed(site: tuple[str, Path], browser: Any) -> None:
    url, _ = site
    # Words every page says (in its transcript, its slides or its title).
    found = _search(browser, url, ["the", "LLMs", "evals"])
    pages = {page: text for rows in found.values() for page, text in rows}
    assert len(pages) == 33  # the home page and the 32 chapters
    for page, text in pages.items():
        for furniture in FURNITURE:
            assert not furniture.search(text), (page, furniture.pattern, text[:300])
    # What is indexed starts with the title and goes on with the slides' words.
    chapter = next(text for page, text in pages.items() if _number(page) == 10)
    assert chapter.startswith("Issues with Human Evaluations. Human Eval Going Wrong in Alt Text")
    assert "A/B Testing" in chapter and "Compare scores" in chapter


def test_the_search_box_lists_the_chapter_first_with_no_furniture(
    site: tuple[str, Path], browser: Any
) -> None:
    url, _ = site
    browser.get(url)
    box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.send_keys("A/B testing")
    listed = browser.find_element(By.CSS_SELECTOR, ".md-search-result__list")
    wait_for(lambda: "Issues with Human Evaluations" in listed.text, what="the results")
    links = browser.find_elements(By.CSS_SELECTOR, ".md-search-result__item a")
    first = urlsplit(links[0].get_attribute("href")).path
    assert _number(first) == 10, [a.get_attribute("href") for a in links]
    # The result leads to the moment the slide is shown: slide 23 comes at 29:55.
    moments = [urlsplit(a.get_attribute("href")) for a in links]
    assert ("/10-issues-with-human-evaluations/", "t=1795") in [
        (m.path, m.fragment) for m in moments
    ]
    # Each moment's excerpt: the words around the match, under the worker's heading.
    excerpts = [
        article.text.removeprefix(article.find_element(By.CSS_SELECTOR, "h2").text).strip()
        for article in listed.find_elements(By.CSS_SELECTOR, "article:has(h2)")
    ]
    assert excerpts and "A/B Testing Randomly select model" in excerpts[0]
    for text in excerpts:
        for furniture in FURNITURE:
            assert not furniture.search(text), (furniture.pattern, text)
    box.send_keys(Keys.ESCAPE)
