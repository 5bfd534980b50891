"""Which page is on screen when: the best path over time through the frames' page scores.

A Viterbi path over the deck's pages and a "no page" state, frame after frame: staying
costs nothing, going on to the next page a little, any other jump (back, or skipping ahead)
more, and leaving the slides for something else (the speaker, a demo, a page not in the deck)
about as much. The "no page" state remembers the page shown last, so that coming back to it,
or to the one after it, is not a jump. Scores are weighed by the seconds a frame stands for,
so the same penalties hold at any sampling rate. Pure functions: no I/O.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from generator.model import Chapter, TimelineEntry

NO_PAGE = 0.42
"""Score of "no page on screen": a page must correlate better than this to be seen."""
NEXT = 0.25
"""Cost (score × seconds) of going on to the next page."""
JUMP = 0.5
"""Cost of going to any page other than the next: back, or skipping ahead. Twice NEXT at
most, so that skipping a page is never cheaper by way of it."""
LEAVE = 0.6
"""Cost of leaving the slides for something else, and of coming back to them."""
SETTLE = 1.0
"""Seconds a page must stay after a chapter starts to count as the chapter's first page."""

# Where each state of a frame came from (backpointers).
_STAY, _NEXT, _JUMP, _BACK_SAME, _BACK_NEXT, _BACK_ANY, _FIRST = range(7)
_ENTER = 1


@dataclass
class PathFinder:
    """Find the best path through the frames' scores, one frame at a time, in bounded memory.

    Each frame keeps one byte per state for the way back (two per page): a 2-hour talk at 2
    frames a second against a 40-page deck keeps about 1 MB.
    """

    pages: int
    seconds_per_frame: float
    _pages: NDArray[np.float64] | None = None
    _nothing: NDArray[np.float64] | None = None
    """Scores of "no page, the last one shown being p-1" (index 0: none shown yet)."""
    _steps: list[tuple[NDArray[np.uint8], NDArray[np.uint8], int, int]] = field(
        default_factory=list
    )

    def add(self, scores: NDArray[np.float32]) -> None:
        """Take the next frame's score of every page (a correlation, -1 to 1)."""
        gain = np.asarray(scores, np.float64)[: self.pages] * self.seconds_per_frame
        rest = NO_PAGE * self.seconds_per_frame
        if self._pages is None or self._nothing is None:
            self._pages = gain.copy()
            self._nothing = np.full(self.pages + 1, -np.inf)
            self._nothing[0] = rest
            self._steps.append(
                (np.full(self.pages, _FIRST, np.uint8), np.zeros(self.pages + 1, np.uint8), 0, 0)
            )
            return
        pages, nothing = self._pages, self._nothing
        best_page = int(np.argmax(pages))
        best_nothing = int(np.argmax(nothing))
        options = np.full((7, self.pages), -np.inf)
        options[_STAY] = pages
        options[_NEXT, 1:] = pages[:-1] - NEXT
        options[_JUMP] = pages[best_page] - JUMP
        options[_BACK_SAME] = nothing[1:] - LEAVE
        options[_BACK_NEXT] = nothing[:-1] - LEAVE
        # Never dearer than by way of the page after the last one shown (LEAVE, then NEXT).
        options[_BACK_ANY] = nothing[best_nothing] - LEAVE - NEXT
        options[_FIRST] = nothing[0] - LEAVE
        came = np.argmax(options, axis=0).astype(np.uint8)
        new_pages = options[came, np.arange(self.pages)] + gain
        stay = nothing
        enter = np.concatenate(([-np.inf], pages - LEAVE))
        left = (enter > stay).astype(np.uint8)
        new_nothing = np.maximum(stay, enter) + rest
        self._pages, self._nothing = new_pages, new_nothing
        self._steps.append((came, left, best_page, best_nothing))

    def path(self) -> list[int | None]:
        """Return the 1-based page on screen in each frame so far, None for no page."""
        if self._pages is None or self._nothing is None:
            return []
        if self._pages.max() >= self._nothing.max():
            state: tuple[str, int] = ("page", int(np.argmax(self._pages)))
        else:
            state = ("none", int(np.argmax(self._nothing)))
        found: list[int | None] = []
        for came, left, best_page, best_nothing in reversed(self._steps):
            kind, at = state
            found.append(at + 1 if kind == "page" else None)
            if kind == "page":
                state = _page_came_from(int(came[at]), at, best_page, best_nothing)
            elif left[at] == _ENTER:
                state = ("page", at - 1)
        found.reverse()
        return found


def _page_came_from(code: int, at: int, best_page: int, best_nothing: int) -> tuple[str, int]:
    """Return the state a page state of the next frame came from."""
    return {
        _STAY: ("page", at),
        _NEXT: ("page", at - 1),
        _JUMP: ("page", best_page),
        _BACK_SAME: ("none", at + 1),
        _BACK_NEXT: ("none", at),
        _BACK_ANY: ("none", best_nothing),
        _FIRST: ("none", 0),
    }[code]


def entries(
    path: Sequence[int | None], seconds_per_frame: float, duration: float
) -> tuple[TimelineEntry, ...]:
    """Turn a path of frames into stretches covering 0 to `duration`.

    A change seen first in frame i happened between frames i-1 and i: it is put half-way.
    """
    if not path:
        return (TimelineEntry(0.0, _seconds(duration), None),)
    stretches: list[TimelineEntry] = []
    start = 0.0
    for index, (before, after) in enumerate(itertools.pairwise(path), start=1):
        if before != after:
            change = min(_seconds((index - 0.5) * seconds_per_frame), duration)
            if change > start:
                stretches.append(TimelineEntry(start, change, before))
                start = change
    stretches.append(TimelineEntry(start, _seconds(duration), path[-1]))
    return merged(stretches)


def merged(stretches: Sequence[TimelineEntry]) -> tuple[TimelineEntry, ...]:
    """Join neighbours that show the same thing and drop empty stretches."""
    joined: list[TimelineEntry] = []
    for entry in stretches:
        if entry.end <= entry.start:
            continue
        if joined and joined[-1].slide == entry.slide:
            joined[-1] = TimelineEntry(joined[-1].start, entry.end, entry.slide)
        else:
            joined.append(entry)
    return tuple(joined)


def chapter_slides(
    chapters: Sequence[Chapter], timeline: Sequence[TimelineEntry]
) -> tuple[tuple[int, ...], ...]:
    """Return the pages seen in each chapter in order of first appearance.

    The first is the page on screen when the chapter starts; a page that leaves within
    SETTLE seconds of the start belongs to the chapter before, and one that comes within
    SETTLE seconds of the end to the chapter after.
    """
    starts = [float(chapter.seconds) for chapter in chapters]
    ends = [*starts[1:], float("inf")]
    found = []
    for start, end in zip(starts, ends, strict=True):
        seen: list[int] = []
        for entry in timeline:
            if entry.end <= start or entry.start >= end:
                continue
            if entry.start <= start and entry.end - start < SETTLE and entry.end < end:
                continue  # the tail of the chapter before
            if entry.start > end - SETTLE and entry.end > end:
                continue  # the start of the chapter after
            if entry.slide is not None and entry.slide not in seen:
                seen.append(entry.slide)
        found.append(tuple(seen))
    return tuple(found)


def slide_at(timeline: Sequence[TimelineEntry], seconds: float) -> int | None:
    """Return the page on screen at `seconds` (the later one at a change), None for none."""
    for entry in timeline:
        if entry.start <= seconds < entry.end:
            return entry.slide
    return timeline[-1].slide if timeline and seconds >= timeline[-1].end else None


def _seconds(value: float) -> float:
    return round(value, 2)
