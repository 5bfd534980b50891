"""Place assigned slides in time: at their chapter's start, spread by text, moved by speech."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from generator.align.terms import tokens
from generator.model import Chapter, Cue, PlacedSlide, Slide

DEFAULT_SLIDE_SECONDS = 60.0
"""Time a slide stays on screen when nothing else tells, e.g. in the last chapter."""
CUE_WINDOW = 3
"""Captions read together when looking for a slide's words in the transcript."""
MIN_EVIDENCE = 6.0
"""Transcript evidence (weighted rare words) needed to move a slide away from its estimate."""
DRIFT = 2.0
"""Evidence lost per chapter length of distance between the transcript match and the estimate."""


def place_slides(
    chapters: Sequence[Chapter],
    assignment: Sequence[Sequence[int]],
    slides: Sequence[Slide],
    *,
    duration: float | None,
    cues: Sequence[Cue] = (),
) -> tuple[PlacedSlide, ...]:
    """Place each assigned slide at the moment it likely appears in the video.

    A chapter's first slide appears when the chapter starts; the others share the chapter's
    time by the amount of text they carry. With a transcript, a slide moves to where its
    words are said, keeping the order of the slides.
    """
    by_number = {slide.number: slide for slide in slides}
    spans = _chapter_spans(chapters, assignment, duration)
    placed: list[PlacedSlide] = []
    for chapter, numbers, (start, end) in zip(chapters, assignment, spans, strict=True):
        group = [by_number[number] for number in numbers if number in by_number]
        if not group:
            continue
        times = _spread(group, start, end)
        inside = [cue for cue in cues if start <= cue.start < end]
        if inside and len(group) > 1:
            times = _follow_transcript(group, times, inside, start, end)
        placed.extend(
            PlacedSlide(slide=slide, chapter=chapter.index, seconds=round(time, 2))
            for slide, time in zip(group, times, strict=True)
        )
    return tuple(placed)


def _chapter_spans(
    chapters: Sequence[Chapter], assignment: Sequence[Sequence[int]], duration: float | None
) -> list[tuple[float, float]]:
    """Return each chapter's start and end; the last ends with the video or after a default."""
    starts = [float(chapter.seconds) for chapter in chapters]
    ends: list[float | None] = [b if b > a else None for a, b in itertools.pairwise(starts)]
    ends.append(None)
    timed = [
        (end - start, len(numbers))
        for start, end, numbers in zip(starts, ends, assignment, strict=True)
        if end is not None and numbers
    ]
    per_slide = (
        sum(seconds for seconds, _ in timed) / sum(count for _, count in timed)
        if timed
        else DEFAULT_SLIDE_SECONDS
    )
    spans = []
    for start, end, numbers in zip(starts, ends, assignment, strict=True):
        if end is None:
            fallback = start + per_slide * max(1, len(numbers))
            end = duration if duration is not None and duration > start else fallback
        spans.append((start, end))
    return spans


def _spread(group: Sequence[Slide], start: float, end: float) -> list[float]:
    """Share a chapter's time among its slides by how much text each carries."""
    weights = [
        1.0 + min(len(slide.title.split()) + len(slide.text.split()), 120) / 30 for slide in group
    ]
    total = sum(weights)
    times, elapsed = [], 0.0
    for weight in weights:
        times.append(start + (end - start) * elapsed / total)
        elapsed += weight
    return times


def _follow_transcript(
    group: Sequence[Slide],
    estimates: Sequence[float],
    cues: Sequence[Cue],
    start: float,
    end: float,
) -> list[float]:
    """Move slides after the first to where the transcript says their words, in order."""
    said = [set(tokens(cue.text)) for cue in cues]
    counts: Counter[str] = Counter(word for words in said for word in words)
    rarity = {word: math.log((len(cues) + 1) / (count + 0.5)) for word, count in counts.items()}
    span = max(end - start, 1.0)
    # Candidates per slide: (time, evidence); the estimate is always one, with no evidence.
    choices: list[list[tuple[float, float]]] = []
    for slide, estimate in zip(group[1:], estimates[1:], strict=True):
        wanted = {word: 2.0 for word in tokens(slide.title)}
        for word in tokens(slide.text):
            wanted.setdefault(word, 1.0)
        evidence_at: dict[float, float] = {}
        for index in range(len(cues)):
            window = range(index, min(index + CUE_WINDOW, len(cues)))
            hits = [i for i in window if any(word in said[i] for word in wanted)]
            if not hits:
                continue
            # The slide appears when its first word in the window is said.
            time = cues[hits[0]].start
            heard = set().union(*(said[i] for i in window))
            evidence = sum(weight * rarity[w] for w, weight in wanted.items() if w in heard)
            evidence -= DRIFT * abs(time - estimate) / span
            if evidence >= MIN_EVIDENCE:
                evidence_at[time] = max(evidence, evidence_at.get(time, evidence))
        options = [(estimate, 0.0), *evidence_at.items()]
        choices.append(sorted(options))
    # Paths of strictly increasing times, one per slide; keep the best path ending at each option.
    frontier: list[tuple[float, float, tuple[float, ...]]] = [(start, 0.0, ())]
    for options in choices:
        step = []
        for time, evidence in options:
            reachable = [(score, times) for before, score, times in frontier if before < time]
            if reachable:
                score, times = max(reachable)
                step.append((time, score + evidence, (*times, time)))
        if not step:
            return list(estimates)
        frontier = step
    return [estimates[0], *max(frontier, key=lambda path: path[1])[2]]


def carried_over(
    chapters: Sequence[Chapter], placed: Sequence[PlacedSlide]
) -> tuple[PlacedSlide, ...]:
    """Return, for each chapter with no slide of its own, the slide still on screen when it
    starts, placed in that chapter at the moment it came on screen."""
    own = {p.chapter for p in placed}
    found = []
    for chapter in chapters:
        still = None if chapter.index in own else still_on_screen(placed, chapter)
        if still is not None:
            found.append(replace(still, chapter=chapter.index))
    return tuple(found)


def still_on_screen(placed: Sequence[PlacedSlide], chapter: Chapter) -> PlacedSlide | None:
    """Return the slide still on screen when a chapter with no slide of its own starts: the
    last one shown before its start.

    Slides placed from the recording say when they were on screen: then only one whose
    stretch runs on into the chapter is still there (otherwise the speaker or a demo is).
    """
    before = [p for p in placed if p.seconds < chapter.seconds and p.chapter != chapter.index]
    if any(p.shown for p in before):
        return next((p for p in before if any(a <= chapter.seconds < b for a, b in p.shown)), None)
    return max(before, key=lambda p: p.seconds, default=None)
