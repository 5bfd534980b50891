"""The path over time through the frames' page scores, and what is made of it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from generator.align.timeline import PathFinder, chapter_slides, entries, merged, slide_at
from generator.model import Chapter, TimelineEntry

RATE = 4.0
"""Frames a second, as the sync reads them."""


def scores_for(
    plan: Sequence[tuple[int | None, float]], pages: int, rng_seed: int = 0
) -> list[np.ndarray]:
    """Return per-frame scores of a plan of (page or None, seconds): the page shown scores
    high, the others low, everything with some noise; nothing shown scores low everywhere."""
    rng = np.random.default_rng(rng_seed)
    frames = []
    for page, seconds in plan:
        for _ in range(round(seconds * RATE)):
            row = rng.uniform(0.0, 0.3, pages)
            if page is not None:
                row[page - 1] = rng.uniform(0.7, 0.95)
            frames.append(row.astype(np.float32))
    return frames


def found_path(frames: Sequence[np.ndarray], pages: int) -> list[int | None]:
    finder = PathFinder(pages, 1 / RATE)
    for row in frames:
        finder.add(row)
    return finder.path()


def stretches(path: Sequence[int | None]) -> list[tuple[int | None, int]]:
    """Collapse a path into (page, frames) runs."""
    runs: list[tuple[int | None, int]] = []
    for page in path:
        if runs and runs[-1][0] == page:
            runs[-1] = (page, runs[-1][1] + 1)
        else:
            runs.append((page, 1))
    return runs


def test_a_back_jump_a_skip_and_a_stretch_without_slides_come_out_as_shown() -> None:
    plan = [(1, 10), (2, 10), (3, 8), (1, 5), (3, 6), (None, 12), (3, 4), (5, 10)]
    path = found_path(scores_for(plan, 6), 6)
    assert [page for page, _ in stretches(path)] == [1, 2, 3, 1, 3, None, 3, 5]
    assert len(path) == sum(round(seconds * RATE) for _, seconds in plan)


def test_one_stray_frame_does_not_make_a_change() -> None:
    frames = scores_for([(2, 10)], 4)
    frames[20] = np.array([0.9, 0.1, 0.1, 0.1], np.float32)  # one frame looks like page 1
    assert set(found_path(frames, 4)) == {2}


def test_a_page_shown_for_one_second_on_the_way_forward_is_seen() -> None:
    path = found_path(scores_for([(4, 6), (5, 1), (6, 6)], 8), 8)
    assert [page for page, _ in stretches(path)] == [4, 5, 6]


def test_frames_that_match_no_page_well_are_no_slide() -> None:
    frames = [np.full(3, 0.2, np.float32) for _ in range(40)]
    assert set(found_path(frames, 3)) == {None}


def test_a_one_page_deck_against_a_long_video() -> None:
    plan = [(None, 30), (1, 600), (None, 60), (1, 300)]
    path = found_path(scores_for(plan, 1), 1)
    assert [page for page, _ in stretches(path)] == [None, 1, None, 1]


def test_stretches_cover_the_video_and_changes_fall_half_way_between_frames() -> None:
    path = [1, 1, 1, 2, 2, None, None, 1]
    found = entries(path, 0.5, 4.2)
    assert found == (
        TimelineEntry(0.0, 1.25, 1),
        TimelineEntry(1.25, 2.25, 2),
        TimelineEntry(2.25, 3.25, None),
        TimelineEntry(3.25, 4.2, 1),
    )
    assert entries([], 0.5, 10.0) == (TimelineEntry(0.0, 10.0, None),)


def test_merged_joins_neighbours_showing_the_same_and_drops_empty_ones() -> None:
    parts = [TimelineEntry(0, 2, 1), TimelineEntry(2, 2, 5), TimelineEntry(2, 4, 1)]
    assert merged(parts) == (TimelineEntry(0, 4, 1),)


TIMELINE = (
    TimelineEntry(0.0, 30.0, 1),
    TimelineEntry(30.0, 59.5, 2),
    TimelineEntry(59.5, 90.0, 3),  # chapter 2 starts at 60: slide 2 leaves within a second
    TimelineEntry(90.0, 100.0, 2),  # back to slide 2
    TimelineEntry(100.0, 130.0, None),
    TimelineEntry(130.0, 150.0, 5),
    TimelineEntry(150.0, 200.0, None),
)


def test_each_chapter_lists_the_pages_seen_in_order_of_first_appearance() -> None:
    chapters = [Chapter(0, 0, "Start"), Chapter(1, 60, "Middle"), Chapter(2, 160, "Demo")]
    assert chapter_slides(chapters, TIMELINE) == ((1, 2), (3, 2, 5), ())


def test_a_chapter_that_starts_without_a_slide_lists_what_comes_later() -> None:
    chapters = [Chapter(0, 0, "Start"), Chapter(1, 110, "Questions")]
    assert chapter_slides(chapters, TIMELINE) == ((1, 2, 3), (5,))


def test_slide_at_takes_the_later_page_at_a_change() -> None:
    assert slide_at(TIMELINE, 30.0) == 2
    assert slide_at(TIMELINE, 29.99) == 1
    assert slide_at(TIMELINE, 120.0) is None
