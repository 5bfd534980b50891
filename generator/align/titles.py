"""How well each slide fits each chapter title, by the words they share and how rare those are."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.align.terms import Rarity, is_label, tokens
from generator.model import Chapter, Slide

BODY_WEIGHT = 0.5
"""How much a word in a slide's body counts against a word in its title."""
AGENDA_BODY_WEIGHT = 0.1
"""Body weight of a slide that mentions many chapters (an agenda or a recap)."""
AGENDA_COVERAGE = 0.3
"""Share of a chapter title a slide's body must hold to count as mentioning that chapter."""
TITLE_PRECISION = 0.5
"""Weight of "the slide's title is about this chapter" next to "the chapter is on this slide"."""
MISMATCH = 0.5
"""Penalty when chapter and slide carry different numbers for one label (Demo 1 against DEMO 2)."""
KIND_MISMATCH = 0.4
"""Factor on the fit of a slide whose title names a kind of section the chapter's title does not."""
KIND_MATCH = 0.2
"""Bonus for a slide whose title names the kind of section the chapter's title names."""
KIND_HEADINGS = 3
"""Section headings (chapter titles and dividers) a word must head to name a kind of section."""
DIVIDER_WORDS = 10
"""A slide with a title and at most this many other words is a section divider."""


def is_divider(slide: Slide) -> bool:
    """Tell whether a slide only announces a section: a title and a short line at most."""
    return bool(slide.title) and not slide.commands and len(slide.text.split()) <= DIVIDER_WORDS


@dataclass(frozen=True)
class _SlideWords:
    title: frozenset[str]
    body: frozenset[str]
    body_weight: float


class TitleFit:
    """Similarity of chapter titles and slides, weighted by how rare each word is in the talk."""

    def __init__(
        self,
        chapters: Sequence[Chapter],
        slides: Sequence[Slide],
        speech: Iterable[Iterable[str]] = (),
    ) -> None:
        self.chapters = [frozenset(tokens(chapter.title)) for chapter in chapters]
        words = [(frozenset(tokens(s.title)), frozenset(tokens(s.text))) for s in slides]
        # Rarity over the slides, and over the transcript's stretches when there is one: a word
        # said all through the talk tells no slide apart, however rare it is in the deck.
        self.rarity = Rarity([*(title | body for title, body in words), *speech])
        # A word in many chapter titles (the product's name) cannot tell those chapters apart.
        self.spread = _spread(self.chapters)
        self.kinds = _kinds(self.chapters, words, [is_divider(slide) for slide in slides])
        self.slides = [_SlideWords(title, body - title, BODY_WEIGHT) for title, body in words]
        # A slide whose body covers many chapters lists them (agenda, recap): it must not
        # pull every chapter to itself, so its body counts for little.
        count = len(chapters)
        for index, slide in enumerate(self.slides):
            covered = sum(
                1
                for c in range(count)
                if self._coverage(c, slide, body_only=True) >= AGENDA_COVERAGE
            )
            if covered >= max(3, min(5, AGENDA_COVERAGE * count)):
                self.slides[index] = _SlideWords(slide.title, slide.body, AGENDA_BODY_WEIGHT)

    def weight(self, word: str) -> float:
        """Return how much a word says: rare in the talk and in few chapter titles."""
        return self.rarity(word) * self.spread.get(word, 1.0)

    def _coverage(self, chapter: int, slide: _SlideWords, *, body_only: bool = False) -> float:
        wanted = self.chapters[chapter]
        total = sum(self.weight(word) for word in wanted)
        if not total:
            return 0.0
        found = 0.0
        for word in wanted:
            if word in slide.title and not body_only:
                found += self.weight(word)
            elif word in slide.body or (body_only and word in slide.title):
                found += self.weight(word) * (1.0 if body_only else slide.body_weight)
        return found / total

    def similarity(self, chapter: int, slide: int) -> float:
        """Return how well a slide is about a chapter's title, from 0 to about 1."""
        words = self.slides[slide]
        wanted = self.chapters[chapter]
        coverage = self._coverage(chapter, words)
        title_total = sum(self.rarity(word) for word in words.title)
        shared = sum(self.rarity(word) for word in words.title & wanted)
        precision = shared / title_total if title_total else 0.0
        score = (coverage + TITLE_PRECISION * precision) / (1 + TITLE_PRECISION)
        # A slide titled for a kind of section (a demo, the questions) opens a chapter of
        # that kind.
        kinds = words.title & self.kinds
        if kinds - wanted:
            score *= KIND_MISMATCH
        elif kinds:
            score += KIND_MATCH
        return score

    def mismatch(self, chapter: int, slide: int) -> float:
        """Return the penalty for a slide numbered apart from the chapter ("Demo 2", "Part 1")."""
        words = self.slides[slide]
        ours = {word.split("#")[0]: word for word in self.chapters[chapter] if is_label(word)}
        theirs = {word.split("#")[0]: word for word in words.title | words.body if is_label(word)}
        clash = any(ours[label] != theirs[label] for label in ours.keys() & theirs.keys())
        return MISMATCH if clash else 0.0


def _spread(chapters: Sequence[frozenset[str]]) -> dict[str, float]:
    """Weigh down words that many chapter titles share, from 1 (one title) towards 0."""
    named: Counter[str] = Counter()
    for title_words in chapters:
        named.update(title_words)
    count = len(chapters)
    unique = math.log((count + 1) / 1.5)
    if unique <= 0:
        return {}
    return {
        word: min(1.0, math.log((count + 1) / (times + 0.5)) / unique)
        for word, times in named.items()
    }


def _kinds(
    chapters: Sequence[frozenset[str]],
    slides: Sequence[tuple[frozenset[str], frozenset[str]]],
    dividers: Sequence[bool],
) -> frozenset[str]:
    """Find the words that name the kinds of section this talk repeats ("Demo", "Q&A").

    Such a word heads several sections, in the chapter list and on divider slides both, and
    is found on no more slides than it heads sections: a word on every slide (the product's
    name) names no kind of section.
    """
    in_chapters = Counter(word for title in chapters for word in title if word.isalpha())
    on_dividers = Counter(
        word
        for (title, _), divider in zip(slides, dividers, strict=True)
        if divider
        for word in title
        if word.isalpha()
    )
    on_slides = Counter(word for title, body in slides for word in title | body)
    return frozenset(
        word
        for word, named in in_chapters.items()
        if on_dividers[word]
        and named + on_dividers[word] >= KIND_HEADINGS
        and on_slides[word] <= named + on_dividers[word]
    )
