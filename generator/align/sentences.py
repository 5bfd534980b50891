"""Cut captions into the pieces a transcript is made of, and paragraphs into timed sentences.

A caption written by people may hold several sentences in half a minute; only its start
and end are known. A sentence inside it is given a start by its place in the caption's
text (speech runs at a steady pace over so short a span), and a caption that runs across
a chapter's start is cut there, at the sentence end nearest to it, so that the chapter
opens with what is said from its start. Captions that time every word (YouTube's
automatic ones) need no estimate: a sentence, or a caption line, starts with its word.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.model import Sentence

SPLIT_WINDOW = 8.0
"""How far (seconds) from a chapter's start a caption may be cut at a sentence end instead
of at the word said at that moment."""
EDGE = 0.5
"""A caption that starts or ends this close (seconds) to a chapter's start is not cut."""
LINE_WORDS = 4
"""A caption's start begins a new seekable piece once the one before has this many words."""

_SENTENCE_END = re.compile(r"[.!?…][\"'\u201d\u2019)\]]*$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'\u201d\u2019)\]]*\s+[\"'\u201c\u2018(\[]?(?=\w)")
"""Where a sentence ends inside a caption: after its end mark, before a capital or digit."""


@dataclass(frozen=True)
class Unit:
    """What a paragraph is made of: one timed word, or a caption (or part of one) when words are
    not timed."""

    start: float
    end: float
    text: str
    chapter: int
    timed: bool
    speaker: str = ""
    opens: bool = False
    """The unit is the first of its caption: a caption line starts here."""

    @property
    def words(self) -> int:
        return len(self.text.split())


def ends_sentence(text: str) -> bool:
    """Tell whether text ends with a sentence's end mark."""
    return bool(_SENTENCE_END.search(text))


def cut_at(start: float, end: float, text: str, moment: float) -> list[tuple[float, float, str]]:
    """Cut a caption's text where `moment` falls in its time: at the nearest sentence end within
    SPLIT_WINDOW, else before the word said then. Each part is (start, end, text); the part after
    the cut starts at `moment`. A caption that barely reaches across `moment` is not cut."""
    if not start + EDGE < moment < end - EDGE or not text.strip():
        return [(start, end, text)]
    breaks = _sentence_breaks(text)
    words = [match.start() for match in re.finditer(r"(?<=\s)\S", text)]
    estimate = _time_at(start, end, len(text))
    near = [pos for pos in breaks if abs(estimate(pos) - moment) <= SPLIT_WINDOW]
    candidates = near or words
    if not candidates:
        return [(start, end, text)]
    cut = min(candidates, key=lambda pos: abs(estimate(pos) - moment))
    before, after = text[:cut].rstrip(), text[cut:].lstrip()
    if not before or not after:
        return [(start, end, text)]
    return [(start, moment, before), (moment, end, after)]


def sentences(units: Sequence[Unit]) -> tuple[Sentence, ...]:
    """Return a paragraph's units as sentences, each with the time it starts.

    A new sentence starts after a sentence's end mark and, once the current one has
    LINE_WORDS words, where a caption starts (automatic captions have no end marks: their
    caption lines are what can be sought). The first starts with the paragraph.
    """
    found: list[tuple[float, list[str]]] = []
    for unit in units:
        for index, (at, text) in enumerate(_pieces(unit)):
            current = found[-1][1] if found else []
            starts = (
                not current
                or index > 0  # after a sentence's end inside the caption
                or ends_sentence(current[-1])
                or (unit.opens and len(current) >= LINE_WORDS)
            )
            if starts:
                found.append((at, text.split()))
            else:
                current.extend(text.split())
    return tuple(Sentence(round(at, 1), " ".join(words)) for at, words in found if words)


def _pieces(unit: Unit) -> list[tuple[float, str]]:
    """Return a unit's sentences with their estimated starts (a timed word is one piece)."""
    if unit.timed:
        return [(unit.start, unit.text)]
    text = unit.text
    estimate = _time_at(unit.start, unit.end, len(text))
    cuts = [0, *_sentence_breaks(text), len(text)]
    return [
        (estimate(a), text[a:b].strip()) for a, b in itertools.pairwise(cuts) if text[a:b].strip()
    ]


def _sentence_breaks(text: str) -> list[int]:
    """Return where sentences start inside a caption's text: after an end mark, at a capital
    or a digit (never at the text's very start)."""
    found = []
    for match in _SENTENCE_BREAK.finditer(text):
        first = text[match.end()]
        if first.isupper() or first.isdigit():
            found.append(len(text[: match.end()].rstrip("\"'\u201c\u2018([")))
    return [position for position in found if 0 < position < len(text)]


def _time_at(start: float, end: float, length: int) -> Callable[[int], float]:
    """Return a function giving the estimated time of a character position in the text."""
    span = max(0.0, end - start)

    def estimate(position: int) -> float:
        return start + span * position / max(1, length)

    return estimate
