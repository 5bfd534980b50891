"""Slides placed as the recording showed them: each chapter's pages from a slide timeline."""

from __future__ import annotations

from collections.abc import Sequence

from generator.align.timeline import SETTLE, chapter_slides
from generator.model import Chapter, PlacedSlide, Slide, TimelineEntry


def placed_from_timeline(
    chapters: Sequence[Chapter],
    slides: Sequence[Slide],
    timeline: Sequence[TimelineEntry],
    duration: float | None,
) -> tuple[PlacedSlide, ...]:
    """Place each page seen in a chapter at its first moment there, with every stretch shown.

    A chapter's pages are those seen during it in order of first appearance
    (`timeline.chapter_slides`). A page that comes within SETTLE seconds of the chapter's
    start (the previous chapter's page lingering a moment) is taken to open the chapter: its
    first stretch starts with it. A chapter that opens on something else (a demo, the
    speaker) places its first page when it comes.
    """
    by_number = {slide.number: slide for slide in slides}
    # The last chapter runs to the end of the video, or of the timeline if that is later.
    end_of_talk = max(duration or 0.0, timeline[-1].end if timeline else 0.0)
    seen = chapter_slides(chapters, timeline)
    placed: list[PlacedSlide] = []
    for number, (chapter, pages) in enumerate(zip(chapters, seen, strict=True)):
        start = float(chapter.seconds)
        end = float(chapters[number + 1].seconds) if number + 1 < len(chapters) else end_of_talk
        for page in pages:
            if page not in by_number:
                continue
            shown = [
                (round(max(e.start, start), 2), round(min(e.end, end), 2))
                for e in timeline
                if e.slide == page and e.end > start and e.start < end
            ]
            if not shown:
                continue
            if shown[0][0] - start < SETTLE:
                shown[0] = (round(start, 2), shown[0][1])
            placed.append(PlacedSlide(by_number[page], chapter.index, shown[0][0], tuple(shown)))
    return tuple(placed)
