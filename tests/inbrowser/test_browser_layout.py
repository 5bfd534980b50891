"""The reader's layout in Chromium on a real 2½-hour workshop and a Learning Lab: the theatre
at 1366×768 and 1920×1080, the pinned player of phones and tablets, navigation, the
placeholder, print and the notice when the embed cannot load."""

from __future__ import annotations

import base64
import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from a11y import audit, blocking
from browser import require_browser, serve, wait_for
from labs import write_lab
from PIL import Image
from reading import (
    DESKTOP,
    PHONE,
    SIZES,
    TABLET,
    box,
    header_bottom,
    inside_window,
    open_lab_page,
    resize,
    settled,
)
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
from selenium.webdriver.common.by import By

from bench.inputs import copy_default_lab
from generator.build import build_site

pytestmark = pytest.mark.xdist_group("browser")

WORKSHOP = "workshop3-evals"
# Chapter 17 of the workshop's notes: "[1:12:40] Code Walkthrough: Evaluating Summaries for
# Hallucinations", twenty minutes of talk with one slide; chapter 5, "[11:11] Writing Unit
# Tests for LLMs", has four slides.
LONG = "17-code-walkthrough-evaluating-summaries-for-hallucinations/"
LONG_TITLE = "Code Walkthrough: Evaluating Summaries for Hallucinations"
BEFORE_LONG = "16-building-evaluations/"
AFTER_LONG = "18-evaluating-agents/"
SLIDES = "05-writing-unit-tests-for-llms/"
INSIDE_LONG = 4800  # 1:20:00
DEFAULT_CHAPTER = "08-initial-build/"
# A Learning Lab whose introduction says again what its description says.
RESTATED = "ll202512"


@dataclass(frozen=True)
class Sites:
    """The served sites: the workshop, the default lab, a Learning Lab's notes without tags."""

    workshop: str
    lab: str
    restated: str


@pytest.fixture(scope="module")
def sites(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    require_browser()
    base = tmp_path_factory.mktemp("layout")
    workshop = base / WORKSHOP
    shutil.copytree(shared / "talks" / WORKSHOP, workshop)
    # Without its tags the talk is in no series: its site is named after it.
    notes = (shared / "labs" / f"{RESTATED}.md").read_text(encoding="utf-8")
    restated = write_lab(base, RESTATED, {"notes.md": re.sub(r"(?m)^tags:.*\n", "", notes)})
    out = {}
    for name, lab in (
        ("workshop", workshop),
        ("lab", copy_default_lab(base)),
        ("restated", restated),
    ):
        out[name] = base / f"site-{name}"
        build_site([lab], out[name], cache_dir=base / "cache")
    with serve(out["workshop"]) as w, serve(out["lab"]) as lab_url, serve(out["restated"]) as r:
        yield Sites(w, lab_url, r)


@pytest.fixture
def reader(browser: Any) -> Iterator[Any]:
    """The browser; the window, the stored choices and the emulated media reset afterwards."""
    yield browser
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    browser.execute_script("localStorage.clear()")
    resize(browser, *DESKTOP)


def _line(driver: Any, selector: str = ".ls-transcript p") -> float:
    return float(
        driver.execute_script(
            "return parseFloat(getComputedStyle(document.querySelector(arguments[0])).lineHeight)",
            selector,
        )
    )


def _current_paragraph(driver: Any, seconds: float) -> Any:
    """Wait until the paragraph said at `seconds` is marked current; return it."""

    def current() -> Any:
        found = driver.find_elements(By.CSS_SELECTOR, ".ls-transcript p[aria-current='true']")
        if not found:
            return None
        start, end = (float(found[0].get_attribute(a)) for a in ("data-start", "data-end"))
        return found[0] if start <= seconds < end else None

    return wait_for(current, what=f"the paragraph at {seconds} s")


def _heading_bottom(driver: Any, section: str) -> float:
    return box(driver, f"{section} > h2")["bottom"]


def test_theatre_at_1366_shows_the_player_the_slide_and_twelve_lines(
    sites: Sites, reader: Any
) -> None:
    resize(reader, *DESKTOP)
    open_lab_page(reader, sites.workshop + LONG + f"#t={INSIDE_LONG}")
    paragraph = _current_paragraph(reader, INSIDE_LONG)
    settled(reader)
    assert (
        reader.execute_script(
            "return getComputedStyle(document.querySelector('.ls-stage')).display"
        )
        == "grid"
    )
    # The page is scrolled to the chapter's stage, just under the header.
    stage = box(reader, ".ls-stage")
    assert header_bottom(reader) <= stage["top"] <= header_bottom(reader) + 16, stage
    for selector in (".ls-player", ".ls-slides .ls-slide.is-current", ".ls-stage-transcript"):
        assert inside_window(reader, selector), (selector, box(reader, selector))
    section = box(reader, ".ls-stage-transcript")
    shown_from = _heading_bottom(reader, ".ls-stage-transcript")
    lines = (section["bottom"] - shown_from) / _line(reader)
    assert lines >= 12, f"{lines:.1f} lines of transcript in view"
    spot = box(reader, paragraph)
    assert shown_from - 0.5 <= spot["top"] and spot["bottom"] <= section["bottom"] + 0.5


@pytest.mark.parametrize("size", ["desktop", "full HD"])
def test_the_transcript_box_fits_the_window_and_the_wheel_goes_on(
    sites: Sites, reader: Any, size: str
) -> None:
    resize(reader, *SIZES[size])
    open_lab_page(reader, sites.workshop + LONG)
    height = reader.execute_script("return innerHeight")
    transcript = reader.find_element(By.CSS_SELECTOR, ".ls-stage-transcript")
    # Opened at its top, the page shows the chapter's title and the stage runs off the window.
    assert box(reader, ".ls-stage")["bottom"] > height

    def wheel(pixels: int) -> None:
        ActionChains(reader).scroll_from_origin(
            ScrollOrigin.from_element(transcript), 0, pixels
        ).perform()
        settled(reader)

    def scroll() -> tuple[float, float]:
        return reader.execute_script(
            "return [scrollY, document.querySelector('.ls-stage-transcript').scrollTop]"
        )

    # Wheeling over the transcript first brings the whole stage into the window.
    wheel(120)
    page, inner = scroll()
    assert page > 0 and inner == 0
    for _ in range(6):
        wheel(120)
    assert box(reader, ".ls-stage-transcript")["bottom"] <= height + 0.5
    assert box(reader, ".ls-stage")["top"] >= header_bottom(reader) - 0.5
    page, inner = scroll()
    assert inner > 0, "the transcript box did not scroll once the stage was in view"
    # At the box's end the wheel goes on to the page: the reader is not held in the box.
    reader.execute_script("var s = arguments[0]; s.scrollTop = s.scrollHeight;", transcript)
    settled(reader)
    wheel(200)
    assert scroll()[0] > page


@pytest.mark.parametrize("moment", [4500, INSIDE_LONG, 5100])
def test_the_sticky_heading_covers_no_line_of_the_transcript(
    sites: Sites, reader: Any, moment: int
) -> None:
    resize(reader, *DESKTOP)
    open_lab_page(reader, sites.workshop + LONG + f"#t={moment}")
    paragraph = _current_paragraph(reader, moment)
    settled(reader)
    under = _heading_bottom(reader, ".ls-stage-transcript")
    line = _line(reader)
    # The line just under the heading is whole: the heading ends where a line starts.
    cut = reader.execute_script(
        """
        var y = arguments[0], line = arguments[1];
        var ps = document.querySelectorAll('.ls-transcript > p');
        for (var i = 0; i < ps.length; i++) {
          var r = ps[i].getBoundingClientRect(), s = getComputedStyle(ps[i]);
          var first = r.top + parseFloat(s.paddingTop);
          if (y > first + 0.5 && y < r.bottom - parseFloat(s.paddingBottom) - 0.5) {
            var into = (y - first) % line;
            return Math.min(into, line - into);
          }
        }
        return 0;
        """,
        under,
        line,
    )
    assert cut < 1, f"the heading covers {cut:.1f} px of a line"
    # Above the current paragraph, at least a whole line of what was said before shows.
    if paragraph.get_attribute("id").startswith("p1-"):
        return
    assert box(reader, paragraph)["top"] - under >= line - 1


@pytest.mark.parametrize("size", ["phone", "tablet"])
def test_the_player_stays_pinned_while_the_transcript_scrolls_under_it(
    sites: Sites, reader: Any, size: str
) -> None:
    resize(reader, *SIZES[size])
    open_lab_page(reader, sites.workshop + LONG)
    reader.execute_script("scrollBy(0, 2500)")
    settled(reader)
    player = box(reader, ".ls-player")
    assert abs(player["top"] - header_bottom(reader)) <= 1, player
    assert inside_window(reader, ".ls-player")
    height = reader.execute_script("return innerHeight")
    shown = [
        b
        for b in (
            box(reader, p) for p in reader.find_elements(By.CSS_SELECTOR, ".ls-transcript > p")
        )
        if b["bottom"] > player["bottom"] and b["top"] < height
    ]
    assert shown, "no transcript paragraph in the window under the player"


@pytest.mark.parametrize("size", ["phone", "tablet"])
def test_a_link_to_a_moment_shows_its_paragraph_under_the_player(
    sites: Sites, reader: Any, size: str
) -> None:
    resize(reader, *SIZES[size])
    open_lab_page(reader, sites.workshop)
    open_lab_page(reader, sites.workshop + LONG + f"#t={INSIDE_LONG}")
    paragraph = _current_paragraph(reader, INSIDE_LONG)
    settled(reader)
    assert inside_window(reader, ".ls-player")
    spot, player = box(reader, paragraph), box(reader, ".ls-player")
    height = reader.execute_script("return innerHeight")
    assert player["bottom"] - 1 <= spot["top"] <= height - 2 * _line(reader), (spot, player)


@pytest.mark.parametrize("layout", ["phone", "desktop stacked"])
def test_tapping_a_time_far_down_plays_the_video_in_view(
    sites: Sites, reader: Any, layout: str
) -> None:
    resize(reader, *(PHONE if layout == "phone" else DESKTOP))
    if layout == "desktop stacked":
        reader.get(sites.workshop + "404.html")
        reader.execute_script("localStorage.setItem('labsite.layout', 'stacked')")
    reader.get(sites.workshop + LONG)
    wait_for(lambda: reader.execute_script("return !!(window.labsite && window.labsite.state())"))
    time = reader.find_elements(By.CSS_SELECTOR, ".ls-transcript > p a.ls-time")[20]
    reader.execute_script("arguments[0].scrollIntoView({block: 'center'})", time)
    settled(reader)
    assert not inside_window(reader, ".ls-player") or layout == "phone"
    time.click()
    wait_for(lambda: reader.find_elements(By.CSS_SELECTOR, ".ls-player iframe"), what="the frame")
    settled(reader)
    assert inside_window(reader, ".ls-player"), box(reader, ".ls-player")


def test_a_tablet_shows_the_transcript_beside_the_slides_in_its_first_screen(
    sites: Sites, reader: Any
) -> None:
    resize(reader, *TABLET)
    open_lab_page(reader, sites.workshop + SLIDES)
    height = reader.execute_script("return innerHeight")
    first = box(reader, ".ls-transcript > p")
    assert first["top"] <= height - 3 * _line(reader), first
    transcript, slides = box(reader, ".ls-stage-transcript"), box(reader, ".ls-stage-slides")
    assert slides["left"] >= transcript["right"] and slides["top"] < height


def _nav_titles(driver: Any) -> list[str]:
    return [
        a.get_attribute("textContent").strip()
        for a in driver.find_elements(By.CSS_SELECTOR, ".md-sidebar--primary a.md-nav__link")
    ]


def test_the_sidebar_has_one_overview(sites: Sites, reader: Any) -> None:
    # The workshop's first chapter is called "Overview": its home is named otherwise.
    open_lab_page(reader, sites.workshop + LONG)
    titles = _nav_titles(reader)
    assert titles.count("Overview") == 1
    assert titles[:2] == ["About this talk", "Overview"]
    open_lab_page(reader, sites.lab + DEFAULT_CHAPTER)
    titles = _nav_titles(reader)
    assert titles[:2] == ["Overview", "Welcome and introductions"]
    assert titles.count("Overview") == 1


def test_a_chapter_links_its_neighbours_once_at_its_foot(sites: Sites, reader: Any) -> None:
    open_lab_page(reader, sites.workshop + LONG)
    for neighbour in (BEFORE_LONG, AFTER_LONG):
        shown = reader.execute_script(
            "var path = arguments[0];"
            "return Array.prototype.filter.call(document.querySelectorAll('a[href]'), function (a) {"
            "  var r = a.getBoundingClientRect();"
            "  return new URL(a.href).pathname === path && !a.closest('.md-sidebar')"
            "    && r.width > 0 && r.height > 0; })"
            ".map(function (a) { return a.textContent.trim(); })",
            "/" + neighbour,
        )
        assert len(shown) == 1, (neighbour, shown)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_chapter_times_past_an_hour_stay_on_one_line(sites: Sites, reader: Any, size: str) -> None:
    resize(reader, *SIZES[size])
    open_lab_page(reader, sites.workshop)
    rows = reader.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('.ls-chapters li'), function (li) {"
        "  var time = li.querySelector('a.ls-time'), title = time.nextElementSibling;"
        "  return [time.textContent, time.getClientRects().length, time.getBoundingClientRect().height,"
        "          title.getBoundingClientRect().left]; })"
    )
    assert len(rows) == 32 and rows[16][0] == "1:12:40"
    line = _line(reader, ".ls-chapters li")
    assert all(lines == 1 and height < 1.5 * line for _, lines, height, _ in rows), rows
    lefts = [left for *_, left in rows]
    assert max(lefts) - min(lefts) < 1, lefts


def _site_name(driver: Any) -> str:
    return str(
        driver.execute_script(
            "return document.querySelector('.md-header__topic .md-ellipsis').textContent.trim()"
        )
    )


def test_the_header_names_the_series_else_the_talk(sites: Sites, reader: Any) -> None:
    for url, name in (
        (sites.workshop + LONG, "Mastering LLMs"),
        (sites.lab + DEFAULT_CHAPTER, "Learning Labs"),
        (sites.restated, "Shipping safer container runtimes in 2026"),
    ):
        open_lab_page(reader, url)
        assert _site_name(reader) == name


def test_the_placeholder_shows_the_chapter_s_slide_and_title(sites: Sites, reader: Any) -> None:
    open_lab_page(reader, sites.workshop + SLIDES)
    picture = reader.execute_script("return document.querySelector('.ls-facade img').currentSrc")
    first = reader.execute_script("return document.querySelector('.ls-slide img').currentSrc")
    number = re.search(r"/slides/(\d+)", first)
    assert number and f"/slides/{number[1]}" in picture
    title = reader.find_element(By.CSS_SELECTOR, ".ls-facade-title").text
    assert title == "Writing Unit Tests for LLMs" == reader.find_element(By.TAG_NAME, "h1").text
    # No deck, no thumbnail: the chapter's title alone.
    open_lab_page(reader, sites.lab + DEFAULT_CHAPTER)
    assert not reader.find_elements(By.CSS_SELECTOR, ".ls-facade img")
    assert reader.find_element(By.CSS_SELECTOR, ".ls-facade-title").text == "Initial build"


def _contrast(driver: Any) -> float:
    """Return how far apart, in mean RGB, the player and the page beside it are."""
    player = box(driver, ".ls-player")
    scale = driver.execute_script("return devicePixelRatio")
    shot = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
    top, bottom = player["top"], player["bottom"]
    inside = (player["left"], top, player["right"], bottom)
    outside = (player["left"] - 12, top, player["left"] - 2, bottom)

    def mean(area: tuple[float, float, float, float]) -> tuple[float, ...]:
        crop = shot.crop(tuple(round(v * scale) for v in area)).resize((1, 1), Image.BOX)
        return tuple(float(c) for c in crop.getpixel((0, 0)))

    a, b = mean(inside), mean(outside)
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / 3


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_placeholder_stands_out_from_the_page(sites: Sites, reader: Any, dark: bool) -> None:
    open_lab_page(reader, sites.lab + DEFAULT_CHAPTER, dark=dark)
    reader.execute_script("scrollTo(0, 0)")
    assert _contrast(reader) >= 25


def test_a_lab_home_says_its_description_once(sites: Sites, reader: Any) -> None:
    open_lab_page(reader, sites.restated)
    before_stage = reader.execute_script(
        "var out = [], e = document.querySelector('.md-content h1');"
        "while (e && !e.classList.contains('ls-stage')) { out.push(e.textContent); e = e.nextElementSibling; }"
        "return out.join(' ');"
    )
    assert before_stage.count("December 2025") == 1, before_stage


def _print_pdf(driver: Any) -> bytes:
    driver.execute_script(
        "document.querySelectorAll('img[loading=lazy]').forEach(function (i) { i.loading = 'eager'; })"
    )
    wait_for(
        lambda: driver.execute_script(
            "return Array.prototype.every.call(document.images, function (i) { return i.complete; })"
        ),
        what="the pictures",
    )
    data = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})["data"]
    return base64.b64decode(data)


def test_a_printed_chapter_names_its_talk_speaker_and_address(sites: Sites, reader: Any) -> None:
    for url, words in (
        (sites.lab + DEFAULT_CHAPTER, ["Static Chainguard Container Images", "Adrian Moat"]),
        (sites.workshop + LONG, ["Instrumenting & Evaluating LLMs"]),
    ):
        open_lab_page(reader, url + "#t=4400" if url.endswith(LONG) else url)
        source = reader.find_element(By.CSS_SELECTOR, ".ls-print-source")
        assert not source.is_displayed()
        reader.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        wait_for(lambda s=source: s.is_displayed(), what="the talk's name on paper")
        text = source.text
        assert all(word in text for word in words), text
        assert url in text and "#" not in text, text
        reader.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def _pdf_links(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    links = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for note in page.get("/Annots") or []:
            action = note.get_object().get("/A") or {}
            if "/URI" in action:
                links.append(str(action["/URI"]))
    return links


def test_printed_times_link_to_their_moments(sites: Sites, reader: Any) -> None:
    open_lab_page(reader, sites.workshop + SLIDES)
    hrefs = reader.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('.md-content a.ls-time'),"
        " function (a) { return a.getAttribute('href'); })"
    )
    moments = {re.sub(r"^.*#", "#", h) for h in hrefs}
    assert len(moments) > 10
    links = _pdf_links(_print_pdf(reader))
    page = sites.workshop + SLIDES
    printed = {re.sub(r"^.*#", "#", u) for u in links if u.split("?")[0].split("#")[0] == page}
    assert moments <= printed, sorted(moments - printed)[:5]
    # Back on screen, the times are the page's own links again.
    assert (
        reader.execute_script(
            "return Array.prototype.map.call(document.querySelectorAll('.md-content a.ls-time'),"
            " function (a) { return a.getAttribute('href'); })"
        )
        == hrefs
    )


def test_the_printed_home_shows_no_current_chapter_bar(sites: Sites, reader: Any) -> None:
    open_lab_page(reader, sites.workshop)
    wait_for(lambda: reader.find_elements(By.CSS_SELECTOR, ".ls-chapters li.is-current"))
    reader.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    wait_for(lambda: reader.execute_script("return matchMedia('print').matches"), what="print")
    current, other = reader.execute_script(
        "var s = function (e) { var c = getComputedStyle(e); return [c.borderLeftColor, c.fontWeight]; };"
        "return [s(document.querySelector('.ls-chapters li.is-current')),"
        "        s(document.querySelector('.ls-chapters li:not(.is-current)'))];"
    )
    assert current == other


def _headings_left_alone(pdf: bytes, headings: set[str]) -> list[str]:
    """Return the headings that are the last thing on a page, nothing printed under them."""
    alone = []
    document = pdfium.PdfDocument(pdf)
    for number in range(len(document)):
        page = document[number]
        text = page.get_textpage()
        boxes = [text.get_charbox(i) for i in range(text.count_chars())]
        chars = [i for i, b in enumerate(boxes) if b[2] > b[0]]
        if not chars:
            continue
        lowest = min(chars, key=lambda i: boxes[i][1])
        line = [i for i in chars if abs(boxes[i][1] - boxes[lowest][1]) < 2]
        words = text.get_text_range(min(line), max(line) - min(line) + 1).strip()
        if words not in headings:
            continue
        # A picture under the heading's last line is what it heads.
        scale = 0.5
        picture = page.render(scale=scale).to_pil().convert("L")
        height = page.get_height()
        under = round((height - boxes[lowest][1]) * scale) + 4
        strip = picture.crop((0, under, picture.width, picture.height - 10))
        if strip.height <= 0 or strip.getextrema()[0] > 200:
            alone.append(f"page {number + 1}: {words}")
    return alone


@pytest.mark.parametrize("page", [SLIDES, "", "handout/"])
def test_no_printed_heading_is_left_alone_at_a_page_s_foot(
    sites: Sites, reader: Any, page: str
) -> None:
    open_lab_page(reader, sites.workshop + page, player=page != "handout/")
    headings = set(
        reader.execute_script(
            "return Array.prototype.map.call(document.querySelectorAll("
            "'.md-content :is(h1, h2, h3)'), function (h) {"
            " return h.textContent.replace('¶', '').trim(); })"
        )
    )
    assert len(headings) >= 3
    pdf = _print_pdf(reader)
    assert _headings_left_alone(pdf, headings) == []


def test_play_without_internet_shows_the_page_s_own_notice(sites: Sites, reader: Any) -> None:
    """The tests' network reaches no other host: as a reader without internet, over HTTP."""
    open_lab_page(reader, sites.lab + DEFAULT_CHAPTER)
    reader.find_element(By.CSS_SELECTOR, "button.ls-facade").click()
    player = reader.find_element(By.CSS_SELECTOR, ".ls-player")
    wait_for(lambda: "is-offline" in player.get_attribute("class"), what="the notice")
    note = player.find_element(By.CSS_SELECTOR, ".ls-offline-note")
    assert note.is_displayed() and "needs internet" in note.text
    link = note.find_element(By.TAG_NAME, "a")
    assert link.get_attribute("href").startswith("https://www.youtube.com/watch?v=4Cjy_iBNr3I&t=")
    assert not player.find_element(By.TAG_NAME, "iframe").is_displayed()


def test_a_player_script_that_fails_shows_the_notice(sites: Sites, reader: Any) -> None:
    """The host answers but its player script cannot load (blocked): the notice too."""
    open_lab_page(reader, sites.lab + DEFAULT_CHAPTER)
    # As if the embed's host answered: every fetch resolves. Its script still cannot load.
    reader.execute_script(
        "window.fetch = function () { return Promise.resolve(new Response('')); };"
    )
    reader.find_element(By.CSS_SELECTOR, "button.ls-facade").click()
    player = reader.find_element(By.CSS_SELECTOR, ".ls-player")
    wait_for(lambda: "is-offline" in player.get_attribute("class"), what="the notice")
    assert player.find_element(By.CSS_SELECTOR, ".ls-offline-note").is_displayed()


@pytest.mark.parametrize(
    "page",
    [
        "workshop chapter, desktop",
        "workshop chapter, phone",
        "workshop chapter, tablet",
        "workshop home, desktop",
        "lab chapter, desktop",
    ],
)
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_layouts_have_no_serious_accessibility_violation(
    sites: Sites, reader: Any, page: str, dark: bool
) -> None:
    where, size = page.split(", ")
    url = {
        "workshop chapter": sites.workshop + SLIDES + "#t=700",
        "workshop home": sites.workshop,
        "lab chapter": sites.lab + DEFAULT_CHAPTER,
    }[where]
    resize(reader, *SIZES[size])
    open_lab_page(reader, url, dark=dark)
    settled(reader)
    failures = blocking(audit(reader))
    assert failures == [], "\n".join(map(str, failures))


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshots_at_every_size(
    sites: Sites, reader: Any, size: str, dark: bool, tmp_path: Path
) -> None:
    """Pictures to look at (kept with the test's files): each page fills its width exactly."""
    resize(reader, *SIZES[size])
    for name, url in (("workshop", sites.workshop + LONG), ("lab", sites.lab)):
        open_lab_page(reader, url, dark=dark)
        reader.save_screenshot(str(tmp_path / f"{name}-{size}-{'dark' if dark else 'light'}.png"))
        assert reader.execute_script("return document.scrollingElement.scrollWidth <= innerWidth")
