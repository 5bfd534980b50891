"""Snippets: map code blocks to the chapters they belong to, and take commands from slides."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from generator.align.align import tokens
from generator.languages import language_of
from generator.model import Chapter, CodeBlock, PlacedSlide, Snippet

# Below this similarity a heading says nothing about a chapter.
_THRESHOLD = 0.34


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    if a.isdigit() or b.isdigit():
        return False
    # A shared stem of five letters ("converting", "conversion") counts as the same word.
    shortest = min(len(a), len(b))
    return shortest >= 4 and a[: min(5, shortest)] == b[: min(5, shortest)]


def similarity(heading: str, title: str, weights: dict[str, float]) -> float:
    """Return how much of `heading` the chapter `title` covers, 0..1, numbers decisive."""
    words = tokens(heading)
    others = tokens(title)
    if not words or not others:
        return 0.0
    numbers = {w for w in words if w.isdigit()}
    other_numbers = {w for w in others if w.isdigit()}
    total = sum(weights.get(w, 1.0) for w in words)
    covered = sum(weights.get(w, 1.0) for w in words if any(_same(w, o) for o in others))
    score = covered / total
    if numbers and other_numbers and not numbers & other_numbers:
        score *= 0.3  # "Demo 2" is not "Demo 1", however alike the rest reads.
    return score


def assign_chapters(
    blocks: Sequence[CodeBlock],
    chapters: Sequence[Chapter],
    slide_titles: Sequence[Sequence[str]] = (),
) -> tuple[Snippet, ...]:
    """Map notes code blocks to chapters by their headings, keeping the notes' order.

    With `slide_titles` (for each chapter, the titles of the slides aligned with it), a
    heading may also name one of a chapter's slides: "Quickstart" is the slide of the chapter
    "How to set up your Pi".
    """
    weights = _weights(chapters)
    names = {
        chapter.index: (
            chapter.title,
            *(slide_titles[position] if position < len(slide_titles) else ()),
        )
        for position, chapter in enumerate(chapters)
    }
    snippets: list[Snippet] = []
    floor = 0
    for block in blocks:
        chapter = _best_chapter(block.headings, chapters[floor:], names, weights)
        if chapter is not None:
            floor = chapter.index
        lang, title = language_of(block.info)
        snippets.append(
            Snippet(
                source="notes",
                lang=lang,
                code=block.code,
                chapter=chapter.index if chapter else None,
                title=title,
                line=block.line,
                heading=" › ".join(block.headings),
            )
        )
    return tuple(snippets)


def _weights(chapters: Sequence[Chapter]) -> dict[str, float]:
    """Weigh words by rarity among chapter titles: "Chainguard" says less than "MCP"."""
    counts: dict[str, int] = {}
    for chapter in chapters:
        for word in set(tokens(chapter.title)):
            counts[word] = counts.get(word, 0) + 1
    return {w: 1.0 + math.log(len(chapters) / c) for w, c in counts.items()}


def _best_chapter(
    headings: Sequence[str],
    chapters: Sequence[Chapter],
    names: Mapping[int, Sequence[str]],
    weights: dict[str, float],
) -> Chapter | None:
    best: tuple[float, int] = (0.0, 0)
    found: Chapter | None = None
    for chapter in chapters:
        # The nearest heading speaks first; each outer heading counts half as much.
        score = sum(
            max(similarity(heading, name, weights) for name in names[chapter.index]) * 0.5**depth
            for depth, heading in enumerate(reversed(headings))
        )
        if score >= _THRESHOLD and (score, -chapter.index) > best:
            best = (score, -chapter.index)
            found = chapter
    return found


def slide_snippets(placed: Sequence[PlacedSlide]) -> tuple[Snippet, ...]:
    """Offer the shell commands printed on slides as snippets of the slide's chapter."""
    return tuple(
        Snippet(
            source="slide",
            lang="bash",
            code="\n".join(p.slide.commands),
            chapter=p.chapter,
            title=f"Slide {p.slide.number}",
        )
        for p in placed
        if p.slide.commands
    )
