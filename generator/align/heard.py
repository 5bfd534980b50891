"""What the speaker says about each slide: the words of the transcript matched with slide words.

A slide is on screen while its words are said. What tells is not that a slide's words are
said at a chapter's start (a talk about models says "model" all the time) but that they are
said there more than at the other chapters' starts: each slide is measured against itself.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from generator.align.terms import Rarity, is_label, tokens
from generator.model import Chapter, Cue, Slide

OPENING_SECONDS = 60.0
"""Length of a chapter's opening: the words said while its first slide is surely on screen."""
LEAD_SECONDS = 10.0
"""Speech before a chapter's start read with its opening: chapter times are rounded."""
LEAD_WEIGHT = 0.5
"""How much a word said in the lead counts against one said in the opening."""
RARITY_SECONDS = 60.0
"""Length of the stretches of transcript counted as documents when learning term rarity."""
TITLE_TERM = 2.0
"""Weight of a word in a slide's title against one in its body."""
EVIDENCE_SCALE = 8.0
"""Weighted rare words heard at which a match is about two thirds sure: one word is not enough."""


@dataclass(frozen=True)
class Heard:
    """How much each slide is spoken of at each chapter's start and through each chapter."""

    opening: tuple[tuple[float, ...], ...]
    """[chapter][slide]: 0 to 1, how much more than usual the slide is spoken of at the start."""
    through: tuple[tuple[float, ...], ...]
    """[chapter][slide]: 0 to 1, how much of the slide is spoken of during the chapter."""
    stretches: tuple[frozenset[str], ...]
    """The transcript cut into stretches of about RARITY_SECONDS, each as its set of terms."""


def hear(chapters: Sequence[Chapter], slides: Sequence[Slide], cues: Sequence[Cue]) -> Heard:
    """Match what is said at and through each chapter with the words of every slide."""
    said = [tokens(cue.text) for cue in cues]
    stretches = _stretches(cues, said)
    slide_terms = [_slide_terms(slide) for slide in slides]
    rarity = Rarity([*(terms.keys() for terms in slide_terms), *stretches])
    weighted = [{term: w * rarity(term) for term, w in terms.items()} for terms in slide_terms]
    starts = [float(chapter.seconds) for chapter in chapters]
    ends = [*starts[1:], math.inf]
    opening: list[list[float]] = []
    through: list[list[float]] = []
    for start, end in zip(starts, ends, strict=True):
        near = _said(cues, said, start, min(end, start + OPENING_SECONDS), lead=LEAD_SECONDS)
        inside = _said(cues, said, start, end)
        opening.append([_match(terms, near) for terms in weighted])
        through.append([_match(terms, inside) for terms in weighted])
    # What a slide's words match at every chapter's start is noise: only the excess tells.
    for index in range(len(slides)):
        usual = statistics.fmean(row[index] for row in opening)
        for row in opening:
            row[index] = max(0.0, row[index] - usual)
    return Heard(
        opening=tuple(tuple(row) for row in opening),
        through=tuple(tuple(row) for row in through),
        stretches=stretches,
    )


def _slide_terms(slide: Slide) -> dict[str, float]:
    terms = dict.fromkeys(tokens(slide.text), 1.0)
    terms.update(dict.fromkeys(tokens(slide.title), TITLE_TERM))
    return {term: weight for term, weight in terms.items() if not is_label(term)}


def _stretches(cues: Sequence[Cue], said: Sequence[list[str]]) -> tuple[frozenset[str], ...]:
    """Cut the transcript into stretches of about RARITY_SECONDS, as sets of terms."""
    stretches: list[frozenset[str]] = []
    current: set[str] = set()
    opened: float | None = None
    for cue, words in zip(cues, said, strict=True):
        if opened is None:
            opened = cue.start
        elif cue.start - opened >= RARITY_SECONDS:
            stretches.append(frozenset(current))
            current, opened = set(), cue.start
        current.update(words)
    if current:
        stretches.append(frozenset(current))
    return tuple(stretches)


def _said(
    cues: Sequence[Cue], said: Sequence[list[str]], start: float, end: float, *, lead: float = 0.0
) -> dict[str, float]:
    """Return the terms said from `start` to `end`, and, weighing less, in the `lead` before."""
    heard: dict[str, float] = {}
    for cue, words in zip(cues, said, strict=True):
        if cue.end > start and cue.start < end:
            weight = 1.0
        elif lead and cue.end > start - lead and cue.start < end:
            weight = LEAD_WEIGHT
        else:
            continue
        for word in words:
            heard[word] = max(weight, heard.get(word, 0.0))
    return heard


def _match(terms: dict[str, float], heard: dict[str, float]) -> float:
    """Return the weighted share of a slide's terms that were heard, discounted when few."""
    total = sum(terms.values())
    if not total:
        return 0.0
    found = sum(weight * heard.get(term, 0.0) for term, weight in terms.items())
    return found / total * (1.0 - math.exp(-found / EVIDENCE_SCALE))
