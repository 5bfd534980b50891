"""Slides placed from a recording's timeline: each at the moment it first comes on screen."""

from __future__ import annotations

from generator.align.fromtimeline import placed_from_timeline
from generator.model import Chapter, Slide, TimelineEntry


def _slides(count: int) -> list[Slide]:
    return [Slide(n, f"Slide {n}", f"words of slide {n}") for n in range(1, count + 1)]


def _placed(
    starts: tuple[int, ...], entries: tuple[TimelineEntry, ...], duration: float | None
) -> list[tuple[int, int, float, tuple[tuple[float, float], ...]]]:
    chapters = [Chapter(i, s, f"Chapter {i + 1}", 0) for i, s in enumerate(starts)]
    placed = placed_from_timeline(chapters, _slides(5), entries, duration)
    return [(p.chapter, p.slide.number, p.seconds, p.shown) for p in placed]


def test_a_chapter_that_opens_on_a_demo_places_its_first_slide_when_it_comes() -> None:
    # Chapter 2 starts at 1:00 on a terminal; its first slide comes at 1:30.
    entries = (
        TimelineEntry(0.0, 60.0, 1),
        TimelineEntry(60.0, 90.0, None),
        TimelineEntry(90.0, 150.0, 2),
    )
    assert _placed((0, 60), entries, 150.0) == [
        (0, 1, 0.0, ((0.0, 60.0),)),
        (1, 2, 90.0, ((90.0, 150.0),)),
    ]


def test_the_previous_slide_lingering_a_moment_does_not_open_the_chapter() -> None:
    # Slide 1 stays half a second into chapter 2, whose slide 2 then opens it.
    entries = (TimelineEntry(0.0, 60.5, 1), TimelineEntry(60.5, 120.0, 2))
    assert _placed((0, 60), entries, 120.0) == [
        (0, 1, 0.0, ((0.0, 60.0),)),
        (1, 2, 60.0, ((60.0, 120.0),)),
    ]


def test_a_slide_shown_again_keeps_every_stretch_and_its_first_moment() -> None:
    entries = (
        TimelineEntry(0.0, 20.0, 3),
        TimelineEntry(20.0, 45.0, 4),
        TimelineEntry(45.0, 50.0, 3),  # back to slide 3 for a question
        TimelineEntry(50.0, 80.0, 4),
        TimelineEntry(80.0, 100.0, 5),
    )
    assert _placed((0,), entries, 100.0) == [
        (0, 3, 0.0, ((0.0, 20.0), (45.0, 50.0))),
        (0, 4, 20.0, ((20.0, 45.0), (50.0, 80.0))),
        (0, 5, 80.0, ((80.0, 100.0),)),
    ]


def test_the_last_chapter_runs_to_the_timeline_when_the_length_is_unknown() -> None:
    entries = (TimelineEntry(0.0, 30.0, 1), TimelineEntry(30.0, 75.0, 2))
    assert _placed((0, 25), entries, None) == [
        (0, 1, 0.0, ((0.0, 25.0),)),
        (1, 1, 25.0, ((25.0, 30.0),)),
        (1, 2, 30.0, ((30.0, 75.0),)),
    ]


def test_pages_the_deck_does_not_have_are_left_out() -> None:
    entries = (TimelineEntry(0.0, 10.0, 1), TimelineEntry(10.0, 20.0, 9))
    assert _placed((0,), entries, 20.0) == [(0, 1, 0.0, ((0.0, 10.0),))]
