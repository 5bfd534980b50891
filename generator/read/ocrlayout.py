"""Lay out what OCR read on slide pictures: lines with boxes, page furniture, the title."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from generator.read.deck import normalize

MIN_CONFIDENCE = 50.0
"""Words tesseract is less sure of (0-100) are mostly noise from pictures."""
EDGE_BAND = 0.12
"""Share of the picture's height at the bottom where footers sit, never the title."""
TITLE_SHARE = 0.6
"""A line at least this share of the tallest line's height can be the title."""
HEADING_SHARE = 0.5
"""A line next to the title, at least this share of its height, continues it."""
FURNITURE_SHARE = 0.2
"""Share of the slides a line must repeat on, at one height, to be a logo or footer."""
ANYWHERE_SHARE = 0.5
"""Share of the slides a line must repeat on, at any height, to be a logo or footer."""
FURNITURE_PLACE = 0.04
"""How far (share of the picture's height) a repeated line may move and still be furniture."""
_NOT_WORD = re.compile(r"\W+")


@dataclass(frozen=True)
class Line:
    """A line of recognised words and its box in pixels."""

    text: str
    height: float
    """Median height of its words."""
    left: int
    top: int
    right: int
    bottom: int
    confidence: float = 100.0
    """Mean confidence (0-100) tesseract gave the line's words, those it was too unsure of to
    keep included: a line read in part scores low."""

    def overlaps(self, other: Line) -> bool:
        """Tell whether two lines share part of their boxes."""
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


@dataclass(frozen=True)
class Page:
    """The lines read on one slide picture."""

    height: int
    """Height of the picture in pixels."""
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Recognised:
    """The text read from one slide: its title and the other lines, in reading order."""

    title: str
    lines: tuple[str, ...]
    confidence: float = field(default=100.0, compare=False)
    """How sure tesseract was of the title: the least confident of its lines."""


def read_tsv(tsv: str) -> list[Line]:
    """Group the confident words of tesseract's TSV output into lines with two letters or more."""
    words: dict[tuple[int, int, int], list[tuple[int, int, int, int, str]]] = defaultdict(list)
    sureness: dict[tuple[int, int, int], list[float]] = defaultdict(list)
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        try:
            confidence = float(cells[10])
            key = (int(cells[2]), int(cells[3]), int(cells[4]))
            left, top, width, height = (int(cell) for cell in cells[6:10])
        except ValueError:
            continue
        sureness[key].append(max(0.0, confidence))
        if confidence >= MIN_CONFIDENCE:
            words[key].append((left, top, width, height, cells[11]))
    lines = []
    for key in sorted(words):
        found = sorted(words[key])
        text = normalize(" ".join(word[4] for word in found))
        if sum(char.isalpha() for char in text) < 2:
            continue
        heights = sorted(word[3] for word in found)
        lines.append(
            Line(
                text=text,
                height=float(heights[len(heights) // 2]),
                left=min(word[0] for word in found),
                top=min(word[1] for word in found),
                right=max(word[0] + word[2] for word in found),
                bottom=max(word[1] + word[3] for word in found),
                confidence=round(sum(sureness[key]) / len(sureness[key]), 1),
            )
        )
    return lines


def furniture(pages: Sequence[Page]) -> frozenset[tuple[str, int | None]]:
    """Return the places of logos and footers: (text key, height band, or None for anywhere).

    A line is furniture when it repeats at one height on a quarter of the slides, or anywhere
    on half of them. OCR reads a logo a little differently from slide to slide ("& chainguard",
    "® chainguard"), so lines are compared by their `key`. A line
    that is the tallest on most of the slides it repeats on is a repeated heading instead.
    """
    places: dict[tuple[str, int | None], list[bool]] = defaultdict(list)
    for page in pages:
        tallest = max((line.height for line in page.lines), default=0.0)
        seen = set()
        for line in page.lines:
            band, text = _band(line, page), key(line.text)
            for place in ((text, None), (text, band - 1), (text, band), (text, band + 1)):
                if text and place not in seen:
                    seen.add(place)
                    places[place].append(line.height >= tallest)
    return frozenset(
        place
        for place, tallest_on in places.items()
        if len(tallest_on)
        >= max(3.0, (ANYWHERE_SHARE if place[1] is None else FURNITURE_SHARE) * len(pages))
        and sum(tallest_on) < len(tallest_on) / 2
    )


def recognise(page: Page, furniture: Iterable[tuple[str, int | None]] = ()) -> Recognised:
    """Pick the title of a page without its furniture: the topmost tall line high up, with its block."""
    repeated = frozenset(furniture)
    lines = sorted(
        (
            line
            for line in page.lines
            if not {(key(line.text), _band(line, page)), (key(line.text), None)} & repeated
        ),
        key=lambda line: (line.top, line.left),
    )
    anchor = _title_line(lines, page.height)
    if anchor is None:
        return Recognised("", tuple(line.text for line in lines))
    start = end = lines.index(anchor)
    while start > 0 and _same_heading(lines[start - 1], lines[start], anchor):
        start -= 1
    while end + 1 < len(lines) and _same_heading(lines[end], lines[end + 1], anchor):
        end += 1
    title = " ".join(line.text for line in lines[start : end + 1])
    rest = [line.text for index, line in enumerate(lines) if not start <= index <= end]
    sure = min(line.confidence for line in lines[start : end + 1])
    return Recognised(title, tuple(rest), sure)


def key(text: str) -> str:
    """Return a line's numbers and words of two letters or more, without punctuation or case."""
    words = (_NOT_WORD.sub("", word) for word in text.casefold().split())
    return " ".join(word for word in words if len(word) >= 2 or word.isdigit())


def _band(line: Line, page: Page) -> int:
    return round(line.top / max(1, page.height) / FURNITURE_PLACE)


def _title_line(lines: Sequence[Line], height: int) -> Line | None:
    """Return the line that starts the title: the topmost tall one, preferring the upper half."""
    candidates = [
        line
        for line in lines
        if line.top < (1 - EDGE_BAND) * height
        # Much taller than wide for its letters: the edge of a picture read as a word.
        and line.right - line.left >= 0.25 * line.height * len(line.text.replace(" ", ""))
    ]
    upper = [line for line in candidates if line.top < height / 2] or candidates
    if not upper:
        return None
    tallest = max(line.height for line in upper)
    return min(
        (line for line in upper if line.height >= TITLE_SHARE * tallest),
        key=lambda line: (line.top, line.left),
    )


def _same_heading(upper: Line, lower: Line, anchor: Line) -> bool:
    """Tell whether two lines, one above the other, belong to one heading."""
    if min(upper.height, lower.height) < HEADING_SHARE * anchor.height:
        return False
    beside = upper.left < lower.right and lower.left < upper.right
    return beside and 0 <= lower.top - upper.bottom <= anchor.height
