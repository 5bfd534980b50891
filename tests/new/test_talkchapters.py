"""A talk's chapters: the video's list, description timestamps, or estimated from the deck."""

from __future__ import annotations

from generator.model import Chapter, Slide, TimelineEntry
from generator.new.talkchapters import (
    chapter_title,
    choose_chapters,
    deck_chapters,
    description_chapters,
    seen_chapters,
    video_chapters,
)


def pairs(chapters: tuple[Chapter, ...]) -> list[tuple[int, str]]:
    assert [c.index for c in chapters] == list(range(len(chapters)))
    return [(c.seconds, c.title) for c in chapters]


def test_description_timestamps_in_the_forms_youtube_takes() -> None:
    description = """Welcome!
0:00 Intro
[1:05] Setting up
(02:10) - Building: step one
10:00 | Demo — <live> & [unplugged]
1:02:03 Q&A
Watch 3:00 again: not at the start of a line
"""
    assert pairs(description_chapters(description)) == [
        (0, "Intro"),
        (65, "Setting up"),
        (130, "Building: step one"),
        (600, "Demo — <live> & [unplugged]"),
        (3723, "Q&A"),
    ]


def test_description_timestamps_follow_youtubes_rule_or_give_nothing() -> None:
    # The first timestamp is not 0:00.
    assert description_chapters("0:30 Intro\n2:00 Demo\n") == ()
    # Out of order.
    assert description_chapters("0:00 Intro\n5:00 Demo\n4:00 Setup\n") == ()
    # One timestamp is no chapter list.
    assert description_chapters("0:00 Intro\n") == ()
    # Not times, or no title after the time: those lines are not chapters.
    assert pairs(description_chapters("0:00 Intro\n1:75 Oops\n2:00\n3:00 Demo\n")) == [
        (0, "Intro"),
        (180, "Demo"),
    ]
    # Past the end of the video: not a chapter of it.
    assert pairs(description_chapters("0:00 Intro\n1:00 Demo\n9:00 Other", duration=300)) == [
        (0, "Intro"),
        (60, "Demo"),
    ]


def test_the_videos_chapters_get_whole_rising_seconds_and_clean_titles() -> None:
    assert pairs(
        video_chapters(
            [
                (61.9, "Later in the same second"),
                (0.0, "Start"),
                (61.2, "First in its second"),
                (90.0, "  Two\nlines  "),
                (120.0, " - : "),
                (300.5, "Q&A:"),
            ]
        )
    ) == [
        (0, "Start"),
        (61, "First in its second"),
        (90, "Two lines"),
        (120, "Chapter 4"),
        (300, "Q&A"),
    ]


def test_titles_are_one_line_without_control_characters() -> None:
    assert chapter_title("a\x00b\u00a0c\td\x1b[31m") == "ab c d[31m"
    assert chapter_title("- Intro -") == "Intro"
    assert chapter_title("<b> & [x]") == "<b> & [x]"


def slide(number: int, title: str, words: int = 0) -> Slide:
    return Slide(number, title, " ".join(["word"] * words))


def test_deck_chapters_open_with_the_title_slide_and_each_section_slide() -> None:
    slides = [
        slide(1, "Widgets"),
        slide(2, "Agenda", 30),
        slide(3, "Painting"),
        slide(4, "Painting"),  # the same section slide again: one chapter
        slide(5, "Details", 40),
        slide(6, ""),  # a picture without text
        slide(7, "Shipping"),
        slide(8, "Crates", 25),
    ]
    # Eight slides over 800 s: slide n appears at 100 × (n - 1) s.
    assert pairs(deck_chapters(slides, duration=800)) == [
        (0, "Widgets"),
        (200, "Painting"),
        (600, "Shipping"),
    ]
    assert deck_chapters(slides, duration=None) == ()
    # A screenshot read by OCR in a deck with text opens no section; in a deck of pictures it may.
    screenshot = Slide(5, "Breaking news", "", has_text=False, ocr=True)
    with_screenshot = [*slides[:4], screenshot, *slides[5:]]
    assert [c.title for c in deck_chapters(with_screenshot, duration=800)] == [
        "Widgets",
        "Painting",
        "Shipping",
    ]
    pictures = [
        Slide(n, s.title, s.text, has_text=False, ocr=True) for n, s in enumerate(slides, 1)
    ]
    assert pairs(deck_chapters(pictures, duration=800)) == [
        (0, "Widgets"),
        (200, "Painting"),
        (600, "Shipping"),
    ]
    assert deck_chapters([slide(1, "Only a title"), slide(2, "Body", 40)], duration=600) == ()


def test_choose_chapters_in_order_of_trust() -> None:
    slides = [slide(1, "Widgets"), slide(2, "Body", 40), slide(3, "Section")]
    described = "0:00 One\n1:00 Two\n"
    video = [(0.0, "A"), (30.0, "B")]
    assert (
        choose_chapters(video, described, title="T", duration=90, slides=slides).source == "video"
    )
    assert choose_chapters([], described, title="T", duration=90, slides=slides).source == (
        "description"
    )
    found = choose_chapters([], "", title="T", duration=90, slides=slides)
    assert (found.source, pairs(found.chapters)) == ("deck", [(0, "Widgets"), (60, "Section")])
    whole = choose_chapters([], "", title=" The  talk ", duration=90)
    assert (whole.source, pairs(whole.chapters)) == ("whole", [(0, "The talk")])
    assert whole.describe() == "one chapter for the whole talk"


def test_seen_chapters_start_where_the_recording_first_shows_a_section_slide() -> None:
    slides = [
        slide(1, "Widgets"),
        slide(2, "Details", 40),
        slide(3, "Painting"),
        slide(4, "Colours", 40),
        slide(5, "Shipping"),
        slide(6, "Painting"),  # the section slide again, under another number
    ]
    timeline = [
        TimelineEntry(0.0, 12.0, None),  # a pre-roll
        TimelineEntry(12.0, 30.0, 1),  # the title slide: the opening chapter's, not a new one
        TimelineEntry(30.0, 95.5, 2),
        TimelineEntry(95.5, 96.5, 5),  # flicked past on the way: too short to start a chapter
        TimelineEntry(96.5, 140.2, 3),
        TimelineEntry(140.2, 200.0, 4),
        TimelineEntry(200.0, 230.0, None),  # a demo
        TimelineEntry(230.0, 260.0, 3),  # shown again: no chapter again
        TimelineEntry(260.0, 300.0, 5),
        TimelineEntry(300.0, 320.0, 6),  # named like an earlier section, after another one
    ]
    assert pairs(seen_chapters(slides, timeline)) == [
        (0, "Widgets"),
        (96, "Painting"),
        (260, "Shipping"),
        (300, "Painting"),
    ]
    assert seen_chapters(slides, [TimelineEntry(0.0, 50.0, 2)]) == ()
    assert seen_chapters([], timeline) == ()


def test_choose_chapters_takes_the_seen_ones_before_the_estimate_and_asks_only_then() -> None:
    slides = [slide(1, "Widgets"), slide(2, "Body", 40), slide(3, "Section")]
    asked: list[bool] = []

    def seen() -> list[TimelineEntry]:
        asked.append(True)
        return [TimelineEntry(0.0, 70.0, 2), TimelineEntry(70.0, 90.0, 3)]

    video = [(0.0, "A"), (30.0, "B")]
    assert choose_chapters(video, "", title="T", duration=90, slides=slides, seen=seen).source == (
        "video"
    )
    assert asked == []
    found = choose_chapters([], "", title="T", duration=90, slides=slides, seen=seen)
    assert (found.source, pairs(found.chapters)) == ("seen", [(0, "Widgets"), (70, "Section")])
    assert found.describe() == "2 chapters where the recording shows the deck's section slides"
    # A recording where no section slide is seen falls back to the deck's estimate.
    nothing = choose_chapters([], "", title="T", duration=90, slides=slides, seen=list)
    assert nothing.source == "deck"
