"""A lab's pages, called directly: links between pages, a chapter's times and its page, the home."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from fragments import find, one
from hostile import unsafe
from models import deck, lab, notes, paragraph, placed, slide, urls

from generator.model import Lab, Resource, Snippet
from generator.write.pages import (
    NO_CAPTIONS,
    chapter_end,
    chapter_page,
    lab_home,
    lab_length,
    relative,
    speakers,
    time_range,
)

HOSTILE = '"><script>alert(1)</script>'


@pytest.mark.parametrize(
    ("page", "target", "link"),
    [
        ("ll1/01/", "ll1/02/", "../02/"),
        ("ll1/01/", "ll1/", "../"),
        ("ll1/01/", "", "../../"),
        ("", "ll1/", "ll1/"),
        ("ll1/", "ll1/", "./"),
        ("ll1/01/", "ll1/slides/003.webp", "../slides/003.webp"),
        # Sites without directory URLs: a page is a file in its folder.
        ("ll1/index.html", "ll1/02-static.html", "02-static.html"),
        ("ll1/02-static.html", "assets/labsite/x.js", "../assets/labsite/x.js"),
        # What is not safe in a URL's path is percent-encoded; a moment stays a moment.
        ("ll1/01/", "ll1/über uns/", "../%C3%BCber%20uns/"),
        ("ll1/01/", "ll1/02/#t=90", "../02/#t=90"),
        ("ll1/01/", 'x"><script>', "../../x%22%3E%3Cscript%3E"),
    ],
)
def test_relative_links_lead_from_the_page_to_the_target(page: str, target: str, link: str) -> None:
    assert relative(page, target) == link


def test_a_chapter_runs_to_the_next_one_and_the_last_to_the_talk_s_end() -> None:
    made = lab((706, "Before"), (901, "After"), duration=None)
    first, last = made.notes.chapters
    assert time_range(made, first) == "11:46 – 15:01, 3 min 15 s"
    assert chapter_end(made, last) is None
    assert time_range(made, last) == "from 15:01"
    heard = lab((706, "Before"), (901, "After"), duration=None, heard_until=1000.0)
    assert time_range(heard, heard.notes.chapters[1]) == "15:01 – 16:40, 1 min 39 s"
    # Heard last before the last chapter starts: that is no end of it.
    early = lab((706, "Before"), (901, "After"), duration=None, heard_until=800.0)
    assert chapter_end(early, early.notes.chapters[1]) is None


def test_times_past_an_hour_have_hours() -> None:
    made = lab((3600, "Late"), (3725, "Later"), duration=7445.0)
    assert time_range(made, made.notes.chapters[0]) == "1:00:00 – 1:02:05, 2 min 5 s"
    assert time_range(made, made.notes.chapters[1]) == "1:02:05 – 2:04:05, 1 h 2 min"


@pytest.mark.parametrize(
    ("duration", "heard_until", "length"),
    [
        (3125.0, None, "52 min 5 s"),
        (None, 3100.0, "about 52 min"),  # rounded to the minute: where it is heard is a guess
        (None, None, "over 47 min 50 s"),
        (None, 2000.0, "over 47 min 50 s"),  # heard last before the last chapter: a floor
    ],
)
def test_a_lab_s_length_is_the_video_s_else_an_estimate(
    duration: float | None, heard_until: float | None, length: str
) -> None:
    made = lab((0, "One"), (2870, "Last"), duration=duration, heard_until=heard_until)
    assert lab_length(made) == length


def test_speakers_are_named_once_in_the_order_they_first_speak() -> None:
    said = (
        paragraph(0, 1, "Hi.", speaker="Ada"),
        paragraph(0, 5, "Hello.", speaker="Grace"),
        paragraph(1, 61, "Me again.", speaker="Ada"),
        paragraph(1, 70, "Unnamed."),
    )
    assert speakers(lab(paragraphs=said)) == ["Ada", "Grace"]


def _chapter(made: Lab, index: int, **url_changes: Any) -> str:
    where = urls(made, **url_changes)
    return chapter_page(made, where, made.notes.chapters[index], where.chapters[index])


def _slides_lab(**changes: Any) -> Lab:
    """Return a lab of three chapters: slide 1 in the first, 2 and 3 in the second, none in
    the third (slide 3 is still on screen there)."""
    slides = (slide(1, "Welcome"), slide(2, "Why static?", "Smaller images"), slide(3, ""))
    made = lab(
        (0, "Opening words"),
        (60, "Static binaries"),
        (200, "Questions"),
        deck=deck(*slides),
        placed=(placed(slides[0], 0, 2.0), placed(slides[1], 1, 65.0), placed(slides[2], 1, 90)),
        carried=(placed(slides[2], 2, 90.0),),
        duration=300.0,
    )
    return replace(made, **changes)


def test_a_chapter_page_has_its_title_range_player_and_slides() -> None:
    page = _chapter(_slides_lab(), 1, thumb_sizes={2: (480, 270)})
    assert page.startswith("# Static binaries\n")
    assert one(page, "p", "ls-range").text == "1:00 – 3:20, 2 min 20 s"
    video = one(page, "div", "ls-player")
    assert (video.attrs["data-kind"], video.attrs["data-start"], video.attrs["data-end"]) == (
        "youtube",
        "60",
        "200",
    )
    figures = find(page, "figure", "ls-slide")
    assert [f.attrs["id"] for f in figures] == ["slide-2-t-65", "slide-3-t-90"]
    images = find(page, "img")
    assert [(i.attrs["src"], i.attrs["alt"]) for i in images][-2:] == [
        ("../slides/002-thumb.webp", "Slide 2: Why static?"),
        ("../slides/003-thumb.webp", "Slide 3"),
    ]
    # The first slide is fetched with the page; the others as the reader nears them.
    assert images[-2].attrs.get("fetchpriority") == "high"
    assert images[-1].attrs.get("loading") == "lazy"


def test_a_chapter_without_slides_of_its_own_shows_the_one_still_on_screen() -> None:
    page = _chapter(_slides_lab(), 2)
    (figure,) = find(page, "figure", "ls-slide")
    assert figure.classes() == ["ls-slide", "is-carried"]
    assert figure.attrs["data-start"] == "200.0"
    came = one(page, "a", "ls-time")
    # Slide 3 came on screen at 1:30, in the second chapter.
    assert (came.attrs["href"], came.text) == ("../02/#t=90", "1:30")
    assert "still on screen from 1:30" in figure.text


def test_a_chapter_with_no_slide_at_all_says_so() -> None:
    made = _slides_lab(carried=())
    said = [p.text for p in find(_chapter(made, 2), "p", "ls-note")]
    assert said[0].startswith("No slide of its own")
    no_deck = lab(deck_problem="The deck could not be read: it is encrypted.")
    said = [p.text for p in find(_chapter(no_deck, 0), "p", "ls-note")]
    assert said[0] == "The deck could not be read: it is encrypted."


def test_a_chapter_s_transcript_links_each_paragraph_to_its_moment() -> None:
    made = lab(
        paragraphs=(
            paragraph(1, 61.0, "Static binaries carry their libraries.", speaker="Ada"),
            paragraph(1, 3725.4, "Much later."),
            paragraph(0, 1.0, "Not in this chapter."),
        )
    )
    page = _chapter(made, 1)
    said = find(page, "div", "ls-transcript")[0]
    assert said.text == ("1:01 Ada: Static binaries carry their libraries. 1:02:05 Much later.")
    ids = [p.attrs["id"] for p in find(page, "p") if p.attrs.get("id", "").startswith("p")]
    assert ids == ["p1-t-61", "p2-t-3726"]


def test_a_chapter_without_transcript_says_why() -> None:
    assert NO_CAPTIONS in [p.text for p in find(_chapter(lab(), 0), "p", "ls-note")]
    made = lab(transcript_problem="The captions are `broken.vtt`.")
    page = _chapter(made, 0)
    assert "The captions are broken.vtt." in [p.text for p in find(page, "p", "ls-note")]
    assert one(page, "code").text == "broken.vtt"


def test_code_with_backticks_stays_inside_a_longer_fence() -> None:
    code = "echo ```not a fence```\nprintf '````'"
    made = lab(
        snippets=(
            Snippet("notes", "bash", code, 1, title="", heading="Build › Compile"),
            Snippet("notes", "{.x onclick=alert(1)}", "x", 1, title='a"b\nc'),
        )
    )
    page = _chapter(made, 1)
    assert f"````` bash\n{code}\n`````" in page
    # A language of more than one word would open attributes: it is plain text.
    assert '``` text title="abc"\nx\n```' in page
    assert [p.text for p in find(page, "p", "ls-snippet-from")] == [
        "From the notes: Compile",
        "From the notes",
    ]


def test_demo_files_are_tabs_and_run_steps_are_examples() -> None:
    made = lab(
        snippets=(
            Snippet("demo", "go", "package main", 0, title='main "x".go', path="demo/main.go"),
            Snippet("demo", "bash", "docker build .", 0, title="build.sh", heading="run"),
            Snippet("demo", "go", "package other", 1, title="other.go"),
        )
    )
    page = _chapter(made, 0)
    # The tab's label is Markdown between quotes: quotes become apostrophes, the rest escaped.
    assert "=== \"main 'x'\\.go\"" in page
    # The file's block is titled by its path in the lab.
    assert '    ``` go title="demo/main.go"\n    package main\n    ```' in page
    assert '!!! example "Run this step"\n\n    ``` bash\n    docker build .\n    ```' in page
    assert "package other" not in page


def test_the_chapter_pager_leads_home_before_the_first_and_to_the_neighbours() -> None:
    made = lab((0, "One"), (60, "Two"), (90, "Three"))
    first = _chapter(made, 0)
    assert [(a.text, a.attrs["href"]) for a in find(first, "a") if "ls-prev" in a.classes()] == [
        ("← Lab overview", "../")
    ]
    middle = _chapter(made, 1)
    pager = [a for a in find(middle, "a") if {"ls-prev", "ls-next"} & set(a.classes())]
    assert [(a.text, a.attrs["href"]) for a in pager] == [
        ("← Previous: One", "../01/"),
        ("Next: Three →", "../03/"),
    ]
    assert find(_chapter(made, 2), "a", "ls-next") == []


def test_hostile_text_of_a_chapter_stays_text() -> None:
    made = lab(
        notes=notes((0, HOSTILE), title=HOSTILE, presenter=HOSTILE),
        deck=deck(slide(1, HOSTILE, HOSTILE)),
        placed=(placed(slide(1, HOSTILE, HOSTILE), 0, 2),),
        paragraphs=(paragraph(0, 1, HOSTILE, speaker=HOSTILE),),
        snippets=(Snippet("notes", "html", "<script>alert(1)</script>", 0, title=HOSTILE),),
    )
    page = _chapter(made, 0)
    # The snippet is inside a fence: Markdown shows it as code. Elsewhere nothing is markup.
    outside = re.sub(r"```.*?```", "", page, flags=re.S)
    assert unsafe(outside) == [] and find(outside, "script") == []
    assert page.startswith('# "&gt;&lt;script&gt;alert\\(1\\)&lt;/script&gt;\n')
    assert one(page, "span", "ls-slide-title").text == HOSTILE
    assert one(page, "span", "ls-speaker").text == f"{HOSTILE}:"


def test_a_video_without_thumbnail_shows_the_chapter_s_first_slide_on_its_facade() -> None:
    page = _chapter(_slides_lab(), 1, thumb_sizes={2: (480, 270)})
    facade = find(page, "img")[0]
    assert facade.attrs["src"] == "../slides/002-thumb.webp"
    assert facade.attrs["srcset"] == "../slides/002-thumb.webp 480w, ../slides/002.webp 1600w"
    with_thumbnail = _chapter(_slides_lab(), 1, thumbnail="ll1/video/thumbnail.jpg")
    assert find(with_thumbnail, "img")[0].attrs["src"] == "../video/thumbnail.jpg"


def _home(made: Lab, catalog: str | None = None, **url_changes: Any) -> str:
    where = urls(made, **url_changes)
    return lab_home(made, where, where.home, catalog)


def test_the_home_lists_each_chapter_with_its_moment_and_length() -> None:
    page = _home(lab((0, "One"), (75, "Two")))
    items = find(page, "li")
    assert [li.text for li in items][:2] == ["0:00 One 1 min 15 s", "1:15 Two 45 s"]
    starts = [a.attrs["href"] for a in find(page, "a", "ls-time")]
    assert starts == ["01/#t=0", "02/#t=75"]
    assert one(page, "p", "ls-facts").text == (
        "Ada Lovelace · September 4, 2025 · 2 chapters, 2 min"
    )


def test_the_home_offers_the_downloads_the_lab_has() -> None:
    page = _home(
        lab(),
        deck="ll1/deck.pdf",
        transcript_text="ll1/video/transcript.txt",
        captions="ll1/video/transcript.vtt",
    )
    offered = [(a.text, a.attrs["href"], a.attrs.get("download")) for a in find(page, "a")]
    assert ("Slide deck (PDF)", "deck.pdf", "") in offered
    assert ("text (.txt)", "video/transcript.txt", "ll1-transcript.txt") in offered
    assert ("WebVTT (.vtt)", "video/transcript.vtt", "ll1-transcript.vtt") in offered
    assert ("Handout", "handout/", None) in offered
    assert not any(text.startswith("SubRip") for text, _, _ in offered)


def test_a_deck_only_online_is_linked_where_it_is_and_only_if_safe() -> None:
    online = _home(lab(notes=notes(deck_url="https://example.org/deck.pdf")))
    assert ("Slide deck (PDF)", "https://example.org/deck.pdf") in [
        (a.text, a.attrs.get("href")) for a in find(online, "a")
    ]
    hostile = _home(lab(notes=notes(deck_url="javascript:alert(1)")))
    assert unsafe(hostile) == []
    assert [a.attrs.get("href") for a in find(hostile, "a") if a.text == "Slide deck (PDF)"] == [
        None
    ]


def test_the_home_s_intro_and_resources_are_clean_html() -> None:
    made = lab(
        notes=notes(
            intro="Read **this** <script>alert(1)</script> [site](/about/)",
            resources=(
                Resource("Docs", "https://example.org/docs"),
                Resource("Bad", "javascript:alert(1)"),
            ),
        ),
        site="https://labs.example.org",
    )
    page = _home(made)
    assert unsafe(page) == [] and find(page, "script") == []
    assert [strong.text for strong in find(page, "strong")] == ["Ada Lovelace", "this"]
    links = {a.text: a.attrs.get("href") for a in find(page, "a")}
    assert links["site"] == "https://labs.example.org/about/"
    assert (links["Docs"], links["Bad"]) == ("https://example.org/docs", None)


def test_a_lab_in_a_catalog_links_back_to_it() -> None:
    page = _home(lab(), catalog="index.html")
    assert [a.attrs["href"] for a in find(page, "a") if a.text == "All labs"] == ["../index.html"]
    assert find(_home(lab()), "p", "ls-back") == []


def test_a_lab_in_a_catalog_at_the_site_s_root_links_back_to_it() -> None:
    page = _home(lab(), catalog="")
    assert [a.attrs["href"] for a in find(page, "a") if a.text == "All labs"] == ["../"]


def test_the_home_names_the_speakers_the_captions_name() -> None:
    said = (paragraph(0, 1, "Hi.", speaker="Ada"), paragraph(1, 61, "Yo.", speaker="Grace"))
    page = _home(lab(paragraphs=said))
    assert one(page, "p", "ls-speakers").text == "Speakers: Ada, Grace"
    assert find(_home(lab()), "p", "ls-speakers") == []


def test_the_home_s_overview_lists_each_chapter_s_slides() -> None:
    page = _home(_slides_lab())
    sections = find(page, "section", "ls-overview")
    assert [s.text for s in sections] == ["Opening words", "Static binaries"]
    links = [a.attrs["href"] for a in find(page, "a") if a.attrs.get("title")]
    assert links[-3:] == ["01/#t=2", "02/#t=65", "02/#t=90"]
