"""A lab's handout: every chapter's slides and transcript on one page, times leading to them."""

from __future__ import annotations

from typing import Any

from fragments import find, one
from hostile import unsafe
from models import deck, lab, notes, paragraph, placed, slide, urls

from generator.model import Lab
from generator.write.handout import handout_page

HOSTILE = '"><script>alert(1)</script>'
CHAPTERS = ((0, "Opening words"), (60, "Ohne Folien"), (3600, "Après une heure"))


def _handout(made: Lab) -> str:
    where = urls(made, thumb_sizes={1: (480, 270)})
    return handout_page(made, where, where.handout)


def _lab(**changes: Any) -> Lab:
    slides = (slide(1, "Welcome", "Hello"), slide(2, "Late slide"))
    return lab(
        *CHAPTERS,
        duration=3725.0,
        deck=deck(*slides),
        placed=(placed(slides[0], 0, 5.0), placed(slides[1], 2, 3661.0, ((3661.0, 3670.0),))),
        paragraphs=(
            paragraph(0, 1.0, "Welcome to the lab.", speaker="Ada"),
            paragraph(2, 3725.4, "An hour in, and still going."),
        ),
        **changes,
    )


def test_the_handout_has_the_lab_s_title_facts_and_every_chapter_in_order() -> None:
    page = _handout(_lab())
    assert "# A test lab" in page.splitlines()
    assert one(page, "p", "ls-facts").text == "Ada Lovelace · September 4, 2025 · 1 h 2 min"
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == ["## Opening words", "## Ohne Folien", "## Après une heure"]
    ranges = [p.text for p in find(page, "p", "ls-range")]
    assert ranges == [
        "0:00 – 1:00, 1 min",
        "1:00 – 1:00:00, 59 min",
        "1:00:00 – 1:02:05, 2 min 5 s",
    ]


def test_each_time_leads_to_its_chapter_s_page_at_that_moment() -> None:
    page = _handout(_lab())
    times = [(a.attrs["href"], a.text) for a in find(page, "a", "ls-time")]
    assert times == [
        ("../01/#t=5", "0:05"),  # slide 1
        ("../01/#t=1", "0:01"),  # the first paragraph
        ("../03/#t=3661", "1:01:01"),  # slide 2, past the hour
        ("../03/#t=3726", "1:02:05"),  # a paragraph at 3725.4 s: the second after its start
    ]


def test_slides_show_their_thumbnail_number_and_title() -> None:
    page = _handout(_lab())
    images = [(img.attrs["src"], img.attrs["alt"]) for img in find(page, "img")]
    assert images == [
        ("../slides/001-thumb.webp", "Slide 1: Welcome"),
        ("../slides/002-thumb.webp", "Slide 2: Late slide"),
    ]
    first = find(page, "img")[0]
    assert (first.attrs["width"], first.attrs["height"]) == ("480", "270")
    assert "width" not in find(page, "img")[1].attrs  # no size known, none promised


def test_a_chapter_with_no_slide_and_no_words_is_still_listed_with_nothing_in_it() -> None:
    page = _handout(_lab())
    empty = page.split("## Ohne Folien")[1].split("</section>")[0]
    assert find(empty, "figure") == [] and find(empty, "p", "ls-transcript") == []
    assert find(empty, "a") == []


def test_speakers_lead_their_paragraphs() -> None:
    page = _handout(_lab())
    assert one(page, "span", "ls-speaker").text == "Ada:"
    said = [p.text for p in find(page, "div", "ls-transcript")]
    assert said == ["0:01 Ada: Welcome to the lab.", "1:02:05 An hour in, and still going."]


def test_without_a_transcript_the_handout_says_why() -> None:
    made = lab(*CHAPTERS, transcript_problem="The video has no captions: run `generator fetch`.")
    page = _handout(made)
    note = one(page, "p", "ls-note")
    assert note.text == "The video has no captions: run generator fetch."
    assert one(page, "code").text == "generator fetch"
    assert find(page, "div", "ls-transcript") == []


def test_a_transcript_problem_is_not_shown_when_there_is_a_transcript() -> None:
    page = _handout(_lab(transcript_problem="Some captions could not be read."))
    assert find(page, "p", "ls-note") == []


def test_hostile_titles_and_words_stay_text() -> None:
    made = lab(
        notes=notes((0, HOSTILE), title=HOSTILE, description=HOSTILE, presenter=HOSTILE),
        paragraphs=(paragraph(0, 1, HOSTILE, speaker=HOSTILE),),
        placed=(placed(slide(1, HOSTILE), 0, 2),),
    )
    page = _handout(made)
    assert unsafe(page) == [] and find(page, "script") == []
    assert one(page, "p", "ls-description").text == HOSTILE
    assert one(page, "img").attrs["alt"] == f"Slide 1: {HOSTILE}"
    # The headings are Markdown: what would be markup or Markdown there is escaped for it.
    assert '# "&gt;&lt;script&gt;alert\\(1\\)&lt;/script&gt;' in page.splitlines()
