"""A chapter with no slide of its own shows the slide still on screen, marked as carried over
from where it came on screen, in the page's usual layout."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.align.placing import carried_over, still_on_screen
from generator.model import Chapter, PlacedSlide, Slide
from tests.browser import require_browser, serve, wait_for
from tests.workshop import chapter_page, workshop_site

pytestmark = pytest.mark.xdist_group("browser")

CHAPTERS = [Chapter(0, 0, "Opening"), Chapter(1, 60, "Demo"), Chapter(2, 120, "Closing")]


def _placed(number: int, chapter: int, seconds: float, shown: tuple = ()) -> PlacedSlide:
    return PlacedSlide(Slide(number, f"Title {number}", ""), chapter, seconds, shown)


def test_the_last_slide_before_the_chapter_is_carried_into_it() -> None:
    placed = [_placed(1, 0, 0.0), _placed(2, 0, 40.0), _placed(3, 2, 120.0)]
    [carried] = carried_over(CHAPTERS, placed)
    assert (carried.slide.number, carried.chapter, carried.seconds) == (2, 1, 40.0)


def test_a_chapter_before_any_slide_carries_none() -> None:
    assert carried_over(CHAPTERS, [_placed(3, 2, 120.0)]) == ()


def test_from_the_recording_only_a_slide_still_on_screen_is_carried() -> None:
    # Slide 2 is on screen from 40 s to 70 s: still there when the demo starts at 60 s.
    on = [_placed(1, 0, 0.0, ((0.0, 40.0),)), _placed(2, 0, 40.0, ((40.0, 70.0),))]
    carried = still_on_screen(on, CHAPTERS[1])
    assert carried is not None and carried.slide.number == 2
    # Taken off at 55 s: the demo shows something else, and nothing is carried.
    off = [_placed(1, 0, 0.0, ((0.0, 40.0),)), _placed(2, 0, 40.0, ((40.0, 55.0),))]
    assert still_on_screen(off, CHAPTERS[1]) is None


@pytest.fixture(scope="module")
def site(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    out = workshop_site(shared, tmp_path_factory)
    with serve(out) as url:
        yield url, out


def test_the_workshop_chapter_shows_the_slide_still_on_screen(site: tuple[str, Path]) -> None:
    _, out = site
    # "Langsmith Walkthrough" (39:15) has no slide of its own: the guest's "Q & A" page,
    # which "Logging Traces" put up at 38:52, is still on screen.
    page = chapter_page(out, 13)
    assert "No slide of its own" not in page
    [figure] = re.findall(r'<figure class="ls-slide is-carried".*?</figure>', page, re.S)
    assert 'data-slide="33"' in figure and 'data-start="2355.0"' in figure
    assert re.search(
        r'still on screen from <a class="ls-time"[^>]* href="\.\./12-logging-traces/#t=2332">38:5\d</a>',
        figure,
    )
    # It is the chapter it came in with that has it: the overview lists it once, there.
    home = (out / "index.html").read_text(encoding="utf-8")
    assert home.count("slides/033-thumb.webp") == 1
    assert "data-pagefind-ignore" in figure.split(">")[0]


def test_the_layout_stays_the_usual_one(site: tuple[str, Path], browser: Any) -> None:
    require_browser()
    url, _ = site
    boxes = """
      function box(selector) { var r = document.querySelector(selector).getBoundingClientRect();
        return [Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)]; }
      return {player: box('.ls-stage > .ls-player'), slides: box('.ls-stage-slides'),
              transcript: box('.ls-stage-transcript')};"""
    layouts = {}
    for number, folder in ((12, "12-logging-traces"), (13, "13-langsmith-walkthrough")):
        browser.get(url + folder + "/")
        wait_for(
            lambda: browser.execute_script("return !!window.labsite && !!window.labsite.state()")
        )
        layouts[number] = browser.execute_script(boxes)
    for number, layout in layouts.items():
        player, slides, transcript = layout["player"], layout["slides"], layout["transcript"]
        # The theatre: the slides beside the player, the transcript under it.
        assert slides[0] >= player[2], (number, layout)
        assert transcript[1] >= player[3] and abs(transcript[0] - player[0]) < 24, (number, layout)
    assert layouts[13]["transcript"][0] == layouts[12]["transcript"][0]
    assert layouts[13]["slides"][0] == layouts[12]["slides"][0]
