"""Slides placed as the recording showed them: each chapter's pages from a slide timeline."""

from __future__ import annotations

from collections.abc import Sequence

from generator.align.timeline import chapter_slides
from generator.model import Chapter, PlacedSlide, Slide, TimelineEntry


def placed_from_timeline(
    chapters: Sequence[Chapter],
    slides: Sequence[Slide],
    timeline: Sequence[TimelineEntry],
    duration: float | None,
) -> tuple[PlacedSlide, ...]:
    """Place each page seen in a chapter at its first moment there, with every stretch shown.

    A chapter's pages are those seen during it in order of first appearance
    (`timeline.chapter_slides`); the first, on screen when the chapter starts, is placed at
    the chapter's start.
    """
    by_number = {slide.number: slide for slide in slides}
    end_of_talk = duration if duration else (timeline[-1].end if timeline else 0.0)
    seen = chapter_slides(chapters, timeline)
    placed: list[PlacedSlide] = []
    for number, (chapter, pages) in enumerate(zip(chapters, seen, strict=True)):
        start = float(chapter.seconds)
        end = float(chapters[number + 1].seconds) if number + 1 < len(chapters) else end_of_talk
        for order, page in enumerate(pages):
            if page not in by_number:
                continue
            shown = tuple(
                (round(max(e.start, start), 2), round(min(e.end, end), 2))
                for e in timeline
                if e.slide == page and e.end > start and e.start < end
            )
            first = start if order == 0 or not shown else shown[0][0]
            placed.append(PlacedSlide(by_number[page], chapter.index, round(first, 2), shown))
    return tuple(placed)
