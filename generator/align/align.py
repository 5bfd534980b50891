"""Align slides with chapters by what titles, slides and speech share; pure functions, no I/O."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.align.heard import Heard, hear
from generator.align.placing import place_slides
from generator.align.terms import stem, tokens
from generator.align.titles import TitleFit, is_divider
from generator.model import Chapter, Cue, Slide

__all__ = ["align_slides", "is_divider", "place_slides", "stem", "tokens"]

SEGMENT_WEIGHT = 0.5
"""Weight of the fit of every slide in a chapter's range, next to the fit of its first slide."""
NO_SLIDE = -0.05
"""Score of a chapter without a slide of its own, before the fit of the slide left on screen."""
STAY_WEIGHT = 0.5
"""Weight of the fit of the slide left on screen for a chapter without a slide of its own."""
POSITION_WEIGHT = 0.15
"""Penalty per unit of distance between a chapter's share of the video and a slide's of the deck."""
LOOKAHEAD = 0.8
"""Factor on the fit of the slide after a divider, for a chapter opening on the divider."""
CONTRAST = 0.25
"""Weight of the fit of a slide to the neighbouring chapters, taken off its fit as a first slide."""
DIVIDER_END = 0.5
"""Penalty, times its fit to the next chapter, for ending a range on the divider that opens it."""
REPEAT_END = 0.3
"""Penalty for ending a range on a repeated slide that names the next chapter: it opens it."""
REPEAT_OVERLAP = 0.8
"""Share of words two slides must have in common to be one slide shown twice (OCR differs)."""
SPEECH_OPENING = 1.0
"""Weight of a slide being spoken of at a chapter's start, for the slide opening the chapter."""
SPEECH_STAY = 0.3
"""Weight of the slide left on screen being spoken of at the start of a chapter without slides."""
SPEECH_THROUGH = 0.5
"""Weight of a slide being spoken of during a chapter, for the slide being in its range."""


def align_slides(
    chapters: Sequence[Chapter],
    slides: Sequence[Slide],
    pins: Mapping[int, int] | None = None,
    *,
    cues: Sequence[Cue] = (),
) -> tuple[tuple[int, ...], ...]:
    """Assign each chapter a contiguous run of 1-based slide numbers; () for no slide of its own.

    Chapter titles are matched with slide text; with a transcript (`cues`), so are the words
    said at each chapter's start and through it. Raise ValueError when pins name unknown
    chapters or slides, or are out of order.
    """
    pins = dict(pins or {})
    _check_pins(pins, len(chapters), len(slides))
    if not chapters:
        return ()
    if not slides:
        return tuple(() for _ in chapters)
    heard = hear(chapters, slides, cues) if cues else None
    titles = TitleFit(chapters, slides, heard.stretches if heard else ())
    repeated = _repeated(slides)
    signposts = [is_divider(slide) or again for slide, again in zip(slides, repeated, strict=True)]
    starts = _best_starts(_scores(chapters, titles, heard, signposts), signposts, repeated, pins)
    return _ranges(starts, len(slides))


@dataclass(frozen=True)
class _Scores:
    """What the path adds up: first slides, slides in a range, chapters without a slide."""

    fit: list[list[float]]
    """[chapter][slide]: how well the slide is about the chapter's title."""
    start: list[list[float]]
    """[chapter][slide]: the score of the slide opening the chapter."""
    inside: list[list[float]]
    """[chapter][slide]: the score of the slide being shown during the chapter."""
    stay: list[list[float]]
    """[chapter][slide]: the score of the chapter having no slide, this one left on screen."""


def _scores(
    chapters: Sequence[Chapter],
    titles: TitleFit,
    heard: Heard | None,
    dividers: Sequence[bool],
) -> _Scores:
    """Score every chapter against every slide, from the titles and, if any, the speech."""
    m, count = len(chapters), len(dividers)
    raw = [[titles.similarity(c, s) for s in range(count)] for c in range(m)]
    fit = [[raw[c][s] - titles.mismatch(c, s) for s in range(count)] for c in range(m)]
    prior = _position_prior(chapters, count)
    # A first slide should tell its chapter apart from the neighbouring ones, not merely fit it.
    start = [
        [
            max(fit[c][s], LOOKAHEAD * fit[c][s + 1] if dividers[s] and s + 1 < count else 0.0)
            + prior[c][s]
            - CONTRAST * max([0.0] + [fit[n][s] for n in (c - 1, c + 1) if 0 <= n < m])
            for s in range(count)
        ]
        for c in range(m)
    ]
    inside = [[SEGMENT_WEIGHT * value for value in row] for row in fit]
    # The slide left on screen may well be what a chapter without slides is about ("Demo 4"
    # under the DEMO divider), numbers aside.
    stay = [[NO_SLIDE + STAY_WEIGHT * max(value, 0.0) for value in row] for row in raw]
    if heard is not None:
        for c in range(m):
            for s in range(count):
                start[c][s] += SPEECH_OPENING * heard.opening[c][s]
                inside[c][s] += SPEECH_THROUGH * heard.through[c][s]
                stay[c][s] += SPEECH_STAY * heard.opening[c][s]
    return _Scores(fit, start, inside, stay)


def _repeated(slides: Sequence[Slide]) -> list[bool]:
    """Tell which slides the deck shows again, word for word or nearly (an overview, Q&A)."""
    words = [frozenset(tokens(f"{slide.title}\n{slide.text}")) for slide in slides]
    again = [False] * len(slides)
    for a, b in itertools.combinations(range(len(slides)), 2):
        if words[a] and words[b] and _overlap(words[a], words[b]) >= REPEAT_OVERLAP:
            again[a] = again[b] = True
    return again


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b)


def _check_pins(pins: Mapping[int, int], chapters: int, slides: int) -> None:
    last = 0
    for chapter in sorted(pins):
        slide = pins[chapter]
        if not 0 <= chapter < chapters:
            raise ValueError(f"pin for chapter {chapter}: there are {chapters} chapters")
        if not 0 <= slide <= slides:
            raise ValueError(
                f"pin for chapter {chapter}: slide {slide} is not in a deck of {slides}"
            )
        if slide and slide <= last:
            raise ValueError(
                f"pin for chapter {chapter}: slide {slide} comes before an earlier pin"
            )
        last = max(last, slide)


def _position_prior(chapters: Sequence[Chapter], count: int) -> list[list[float]]:
    """Penalise putting a chapter far from where its start time says it is in the deck."""
    starts = [chapter.seconds for chapter in chapters]
    gaps = [b - a for a, b in itertools.pairwise(starts) if b > a]
    length = starts[-1] + (sum(gaps) / len(gaps) if gaps else 60.0)
    origin = starts[0]
    span = max(length - origin, 1.0)
    return [
        [-POSITION_WEIGHT * abs((start - origin) / span - s / count) for s in range(count)]
        for start in starts
    ]


def _best_starts(
    scores: _Scores,
    dividers: Sequence[bool],
    repeated: Sequence[bool],
    pins: Mapping[int, int],
) -> list[int | None]:
    """Choose each chapter's first slide (0-based) or None, maximising the total score.

    A state is (chapter, first slide) for a chapter that has slides. The step to the next
    chapter with slides credits the earlier chapter with every slide in its range, and each
    chapter skipped on the way with having no slide while the range's last one stays on screen.
    """
    m, count = len(scores.start), len(dividers)
    fit = scores.fit
    # inside_before[c][k]: the score of slides 0..k-1 shown in chapter c, to sum ranges in O(1).
    inside_before = [list(itertools.accumulate(row, initial=0.0)) for row in scores.inside]
    # stay_upto[k][s]: the score of chapters 0..k-1 having no slide while slide s is up.
    stay_upto = [[0.0] * count]
    for row in scores.stay:
        stay_upto.append([total + value for total, value in zip(stay_upto[-1], row, strict=True)])
    # The opening chapter shows the title slide; pinned chapters cannot be skipped.
    opening = 0 not in pins and 1 not in pins.values()
    blocked = [bool(pins.get(c, 0)) or (c == 0 and opening) for c in range(m)]
    blocked_before = list(itertools.accumulate(blocked, initial=0))

    def allowed(c: int, s: int) -> bool:
        return c not in pins or pins[c] == s + 1

    best = [[-math.inf] * count for _ in range(m)]
    back: list[list[tuple[int, int] | None]] = [[None] * count for _ in range(m)]
    for c in range(m):
        # The first chapter with slides opens on the first slide unless a pin says otherwise.
        first = pins.get(c, 1) - 1
        if first >= 0 and allowed(c, first) and not blocked_before[c]:
            best[c][first] = NO_SLIDE * c + scores.start[c][first]
    for c in range(m):
        best_here, inside_here = best[c], inside_before[c]
        # Chapters c+1..later-1 go without slides while the range's last slide stays up.
        stay_from = stay_upto[c + 1]
        for later in range(c + 1, m):
            if blocked_before[later] > blocked_before[c + 1]:
                break
            stay_to, fit_later, start_later = stay_upto[later], fit[later], scores.start[later]
            best_later, back_later = best[later], back[later]
            pinned = pins.get(later)
            running, running_origin = -math.inf, -1
            for s in range(1, count):
                # A range of two slides or more should not end on a divider that opens the next.
                longer = running
                if dividers[s - 1]:
                    longer -= DIVIDER_END * max(fit_later[s - 1], 0.0)
                if repeated[s - 1] and fit_later[s - 1] > 0.0:
                    longer -= REPEAT_END
                single = best_here[s - 1] - inside_here[s - 1]
                value, origin = (single, s - 1) if single >= longer else (longer, running_origin)
                if value > -math.inf and (pinned is None or pinned == s + 1):
                    value += inside_here[s] + stay_to[s - 1] - stay_from[s - 1] + start_later[s]
                    if value > best_later[s]:
                        best_later[s] = value
                        back_later[s] = (c, origin)
                if single > running:
                    running, running_origin = single, s - 1
    final, state = -math.inf, None
    for c in range(m):
        if blocked_before[m] > blocked_before[c + 1]:
            continue
        tail = stay_upto[m][count - 1] - stay_upto[c + 1][count - 1]
        for s in range(count):
            value = best[c][s] + inside_before[c][count] - inside_before[c][s] + tail
            if value > final:
                final, state = value, (c, s)
    if state is None:
        if not any(pins.values()):
            return [None] * m  # every chapter is pinned to "no slide": the deck goes unused
        raise ValueError("the pins leave no way to place the slides")
    starts: list[int | None] = [None] * m
    while state is not None:
        c, s = state
        starts[c] = s
        state = back[c][s]
    return starts


def _ranges(starts: Sequence[int | None], count: int) -> tuple[tuple[int, ...], ...]:
    """Turn first slides (0-based) into 1-based ranges that run up to the next chapter's start."""
    ends: list[int] = []
    following = count
    for start in reversed(starts):
        ends.append(following)
        if start is not None:
            following = start
    ends.reverse()
    return tuple(
        () if start is None else tuple(range(start + 1, end + 1))
        for start, end in zip(starts, ends, strict=True)
    )
