"""Score a found slide timeline against the known one of a synthetic talk."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from generator.align.timeline import SETTLE
from generator.model import TimelineEntry

TOLERANCE = 1.0
"""A change counts as found when a found change lies within this many seconds of it."""


@dataclass(frozen=True)
class Score:
    """How well one recording's timeline was found."""

    seconds: float
    right_seconds: float
    changes: int
    found_changes: int
    extra_changes: int
    """Changes found where there was none (within the tolerance)."""
    chapters: int
    right_chapters: int
    misses: tuple[str, ...] = ()
    """The chapters whose first slide was wrong, said briefly."""

    @property
    def time_right(self) -> float:
        """Share of the talk's time with the right page (or rightly none)."""
        return self.right_seconds / self.seconds if self.seconds else 0.0

    @property
    def changes_found(self) -> float:
        """Share of the real changes found within the tolerance."""
        return self.found_changes / self.changes if self.changes else 1.0

    @property
    def chapters_right(self) -> float:
        """Share of chapters whose first slide is right."""
        return self.right_chapters / self.chapters if self.chapters else 1.0


def score(
    truth: Sequence[TimelineEntry],
    found: Sequence[TimelineEntry],
    chapter_starts: Sequence[float],
    found_firsts: Sequence[int | None],
) -> Score:
    """Compare a found timeline (and the first slide found for each chapter) with the truth."""
    duration = truth[-1].end
    right = 0.0
    cuts = sorted({0.0, duration, *(e.start for e in truth), *(e.start for e in found)})
    for start, end in itertools.pairwise(cuts):
        middle = (start + end) / 2
        if _at(truth, middle) == _at(found, middle):
            right += end - start
    real = [entry.start for entry in truth[1:]]
    seen = [entry.start for entry in found[1:]]
    matched = _matched(real, seen)
    misses = []
    right_chapters = 0
    for number, (start, got) in enumerate(zip(chapter_starts, found_firsts, strict=True), 1):
        wanted = first_on_screen(truth, start)
        if got == wanted:
            right_chapters += 1
        else:
            misses.append(f"chapter {number} at {start:.0f} s: got {got}, want {wanted}")
    return Score(
        duration, right, len(real), matched, len(seen) - matched,
        len(chapter_starts), right_chapters, tuple(misses),
    )  # fmt: skip


def first_on_screen(timeline: Sequence[TimelineEntry], start: float) -> int | None:
    """Return the page on screen when a chapter starts, unless it leaves within SETTLE s."""
    for index, entry in enumerate(timeline):
        if entry.start <= start < entry.end:
            if entry.end - start < SETTLE and index + 1 < len(timeline):
                return timeline[index + 1].slide
            return entry.slide
    return None


def _at(timeline: Sequence[TimelineEntry], seconds: float) -> int | None:
    for entry in timeline:
        if entry.start <= seconds < entry.end:
            return entry.slide
    return None


def _matched(real: Sequence[float], seen: Sequence[float]) -> int:
    """Count real changes paired one to one with a found change within the tolerance."""
    pairs = sorted(
        (abs(a - b), i, j) for i, a in enumerate(real) for j, b in enumerate(seen)
        if abs(a - b) <= TOLERANCE
    )  # fmt: skip
    used_real, used_seen = set(), set()
    for _, i, j in pairs:
        if i not in used_real and j not in used_seen:
            used_real.add(i)
            used_seen.add(j)
    return len(used_real)
