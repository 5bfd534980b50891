"""The script of a synthetic talk: what is on screen when, from a lab's real chapters and deck.

Each chapter opens on its first slide (from the hand-made ground truth) and goes through the
slides up to the next chapter's, with what real talks do on the way, drawn at random from a
seed: slides skipped, going back to an earlier slide and forward again, build-up steps of a
slide, terminal demos, the speaker alone, a slide that is not in the deck.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from generator.model import TimelineEntry

ShotKind = Literal["slide", "build", "terminal", "speaker", "foreign"]

SECONDS_PER_SLIDE = 9.0
"""Length of the synthetic talk per slide of its deck (real talks spend one to two minutes)."""
MIN_LENGTH = 240.0
"""The shortest synthetic talk, in seconds."""
MIN_DWELL = 3.0
"""The shortest time a slide of the plan stays on screen, in seconds."""
GRID = 0.1
"""Every change happens on this grid (seconds): one frame of a 10 fps recording."""
_DEMO = re.compile(r"\b(demo\w*|live|hands-on|walkthrough)\b", re.IGNORECASE)
_QUESTIONS = re.compile(r"\b(q&a|q & a|questions?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ChapterPlan:
    """A chapter of the real talk: when it starts and the slide it opens on."""

    seconds: float
    title: str
    first: int


@dataclass(frozen=True)
class Shot:
    """One stretch of the recording showing one picture."""

    start: float
    end: float
    kind: ShotKind
    page: int | None = None
    """The deck's page on screen (slides and builds); None for everything else."""
    step: int = 0
    """A build: how much of the page is still hidden (2: most, 1: some); a terminal's screen;
    the other deck's page a foreign slide shows."""


@dataclass(frozen=True)
class Talk:
    """A synthetic talk: its length, its chapters and what is on screen when."""

    duration: float
    chapters: tuple[tuple[int, str], ...]
    """(start in whole seconds, title) of each chapter."""
    shots: tuple[Shot, ...]

    def truth(self) -> tuple[TimelineEntry, ...]:
        """Return the timeline a perfect sync finds: one entry per stretch of one page or none."""
        entries: list[TimelineEntry] = []
        for shot in self.shots:
            if entries and entries[-1].slide == shot.page:
                last = entries.pop()
                entries.append(TimelineEntry(last.start, shot.end, last.slide))
            else:
                entries.append(TimelineEntry(shot.start, shot.end, shot.page))
        return tuple(entries)


def plan_talk(
    chapters: Sequence[ChapterPlan],
    pages: int,
    seed: int,
    *,
    foreign_pages: int = 0,
    buildable: Collection[int] = (),
) -> Talk:
    """Write the script of a talk over `pages` slides, compressed to a few minutes.

    `foreign_pages` is how many pages the other deck has that a foreign slide comes from (0:
    none is shown); `buildable` are the pages with a body that a build can reveal bit by bit.
    """
    rng = random.Random(seed)
    real_end = chapters[-1].seconds + max(120.0, _mean_gap(chapters))
    length = max(MIN_LENGTH, SECONDS_PER_SLIDE * pages)
    scale = length / real_end
    starts = [round(chapter.seconds * scale) for chapter in chapters]
    ends = [*starts[1:], round(length)]
    extras = _extras(len(chapters), rng, foreign_pages)
    shots: list[Shot] = []
    if starts[0] > 0:
        shots.append(Shot(0.0, float(starts[0]), "speaker"))
    for index, chapter in enumerate(chapters):
        following = chapters[index + 1].first if index + 1 < len(chapters) else pages + 1
        slides = list(range(chapter.first, following)) or [chapter.first]
        items = _chapter_items(chapter.title, slides, extras.get(index, ()), rng, buildable)
        shots += _timed(items, float(starts[index]), float(ends[index]), rng)
    titles = tuple((start, chapter.title) for start, chapter in zip(starts, chapters, strict=True))
    return Talk(duration=float(round(length)), chapters=titles, shots=_on_grid(shots))


@dataclass(frozen=True)
class _Item:
    """A shot before it is timed: fixed items keep their length, the others share the rest."""

    kind: ShotKind
    page: int | None = None
    step: int = 0
    seconds: float = 0.0
    """0: takes a share of what the chapter's fixed items leave."""


def _extras(
    chapters: int, rng: random.Random, foreign_pages: int
) -> dict[int, tuple[tuple[_Item, ...], ...]]:
    """Pick chapters for a terminal, the speaker alone, and a slide that is not in the deck."""
    extras: dict[int, list[tuple[_Item, ...]]] = {}
    middle = list(range(1, chapters)) or [0]
    groups = [
        tuple(_terminal(rng, rng.uniform(12, 20))),
        (_Item("speaker", seconds=rng.uniform(8, 15)),),
    ]
    if foreign_pages:
        page = rng.randrange(1, foreign_pages + 1)
        groups.append((_Item("foreign", step=page, seconds=rng.uniform(5, 8)),))
    for group in groups:
        extras.setdefault(rng.choice(middle), []).append(group)
    return {index: tuple(found) for index, found in extras.items()}


def _chapter_items(
    title: str,
    slides: list[int],
    extras: Sequence[Sequence[_Item]],
    rng: random.Random,
    buildable: Collection[int],
) -> list[_Item]:
    """Plan one chapter: its slides in order, with what the talk does on the way."""
    first, rest = slides[0], slides[1:]
    if len(rest) >= 2 and rng.random() < 0.35:
        rest.pop(rng.randrange(len(rest)))  # a slide skipped
    items = [_Item("slide", first), *(_Item("slide", page) for page in rest)]
    if len(items) >= 3 and rng.random() < 0.5:
        # Back to an earlier slide to answer a question, then forward again through the ones
        # between (each on screen a moment) to the slide the speaker was on.
        at = rng.randrange(2, len(items))
        back = rng.choice((1, 2)) if at >= 3 else 1
        passed = [
            _Item("slide", it.page, seconds=rng.uniform(1.0, 1.5))
            for it in items[at - back : at - 1]
        ]
        items[at:at] = [
            _Item("slide", items[at - 1 - back].page, seconds=rng.uniform(4, 8)),
            *passed,
            _Item("slide", items[at - 1].page, seconds=rng.uniform(4, 8)),
        ]
    built: list[_Item] = []
    for item in items:
        if item.page in buildable and not item.seconds and rng.random() < 0.25:
            built += [
                _Item("build", item.page, step=2, seconds=rng.uniform(2, 4)),
                _Item("build", item.page, step=1, seconds=rng.uniform(2, 4)),
            ]
        built.append(item)
    items = built
    if _DEMO.search(title):
        items[1:1] = _terminal(rng, rng.uniform(25, 45))
    elif _QUESTIONS.search(title):
        items[1:1] = [_Item("speaker", seconds=rng.uniform(15, 30))]
    for group in extras:
        at = rng.randrange(1, len(items) + 1)
        items[at:at] = group
    return items


def _terminal(rng: random.Random, seconds: float) -> list[_Item]:
    """A terminal demo: screens that change every few seconds as commands run."""
    screens: list[_Item] = []
    left = seconds
    while left > 0:
        part = min(left, rng.uniform(3, 6))
        screens.append(_Item("terminal", step=len(screens), seconds=part))
        left -= part
    return screens


def _timed(items: Sequence[_Item], start: float, end: float, rng: random.Random) -> list[Shot]:
    """Lay a chapter's items over its time: fixed ones as they are, the rest share what is left."""
    fixed = sum(item.seconds for item in items)
    shared = [item for item in items if not item.seconds]
    room = end - start
    squeeze = 1.0
    if fixed + MIN_DWELL * len(shared) > room:
        squeeze = max(room - MIN_DWELL * len(shared), 0.0) / fixed if fixed else 1.0
    share = (room - fixed * squeeze) / len(shared) if shared else 0.0
    shots, now = [], start
    for item in items:
        seconds = item.seconds * squeeze if item.seconds else share
        shots.append(Shot(now, now + seconds, item.kind, item.page, item.step))
        now += seconds
    if shots:
        last = shots[-1]
        shots[-1] = Shot(last.start, end, last.kind, last.page, last.step)
    return shots


def _on_grid(shots: Sequence[Shot]) -> tuple[Shot, ...]:
    """Put every change on the frame grid, dropping shots that become empty."""
    snapped = []
    for shot in shots:
        start, end = round(shot.start / GRID) * GRID, round(shot.end / GRID) * GRID
        if end - start >= GRID / 2:
            snapped.append(Shot(round(start, 3), round(end, 3), shot.kind, shot.page, shot.step))
    return tuple(snapped)


def _mean_gap(chapters: Sequence[ChapterPlan]) -> float:
    gaps = [b.seconds - a.seconds for a, b in itertools.pairwise(chapters)]
    return sum(gaps) / len(gaps) if gaps else 300.0
