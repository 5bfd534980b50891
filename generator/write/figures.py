"""Slides as the lab's pages show them: a chapter's figures and the overview's thumbnails.

A slide is named by its title when there is one to trust (`Slide.heading`); a doubtful
reading of a title is shown with the slide's text instead. A chapter with no slide of its own
shows the one still on screen, with the moment it came on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from generator.formats import shorten
from generator.model import Chapter, Lab, PlacedSlide

if TYPE_CHECKING:
    from generator.write.pages import LabUrls


@dataclass(frozen=True)
class SlideFigure:
    """A slide on its chapter's page: its pictures, its words, the moments it is shown."""

    number: int
    title: str
    """The slide's title, else (none, or a doubtful reading) "Slide N"."""
    titled: bool
    """The slide has a title of its own (not "Slide N")."""
    text: str
    """Its text, with a doubtful reading of its title first."""
    summary: str
    """The text on one line, short enough for the slide viewer's caption."""
    seconds: float
    """When the chapter first shows it."""
    times: tuple[float, ...]
    """The moments its page links: the first, or the start of each stretch on screen."""
    shown: tuple[tuple[float, float], ...]
    """Every stretch on screen, as the recording showed it (empty: inferred from the text)."""
    full: str
    thumb: str
    size: tuple[int, int] | None
    gallery: str
    """The slide viewer's group: the lab's slides."""
    first: bool
    """The page's first slide, beside or just under the player: fetched with the page."""
    carried: float | None = None
    """For a slide still on screen from before the chapter: when it came on screen."""
    carried_page: str | None = None
    """The page of the chapter that showed it first, where that moment is."""

    @property
    def alt(self) -> str:
        """Return what the picture says to readers who cannot see it."""
        return f"Slide {self.number}: {self.title}" if self.titled else f"Slide {self.number}"


@dataclass(frozen=True)
class SlideThumb:
    """A slide's thumbnail as a lab's overview (or handout) lists it."""

    number: int
    title: str
    seconds: float
    image: str
    size: tuple[int, int] | None
    times: tuple[float, ...] = ()
    """Every moment it comes on screen in its chapter (empty: only `seconds`)."""

    @property
    def alt(self) -> str:
        """Return what the picture says to readers who cannot see it."""
        own = self.title and self.title != f"Slide {self.number}"
        return f"Slide {self.number}: {self.title}" if own else f"Slide {self.number}"


def moments(placed: PlacedSlide) -> tuple[float, ...]:
    """Return the moments a slide's links lead to: its first, then each later stretch's start."""
    times = [start for start, _ in placed.shown] or [placed.seconds]
    if placed.seconds not in times:
        times.insert(0, placed.seconds)
    return tuple(times)


def thumb(placed: PlacedSlide, urls: LabUrls, link: Callable[[str], str]) -> SlideThumb:
    """Return a placed slide's thumbnail with every moment it is shown."""
    number = placed.slide.number
    return SlideThumb(
        number=number,
        title=placed.slide.heading,
        seconds=placed.seconds,
        image=link(urls.slide_thumb(number)),
        size=urls.thumb_sizes.get(number),
        times=moments(placed),
    )


def figure(
    placed: PlacedSlide,
    urls: LabUrls,
    link: Callable[[str], str],
    gallery: str,
    first: bool,
) -> SlideFigure:
    slide = placed.slide
    return SlideFigure(
        number=slide.number,
        title=slide.heading,
        titled=slide.heading != f"Slide {slide.number}",
        text=slide.shown_text,
        summary=shorten(slide.shown_text, 600),
        seconds=placed.seconds,
        times=moments(placed),
        shown=placed.shown,
        full=link(urls.slide_full(slide.number)),
        thumb=link(urls.slide_thumb(slide.number)),
        size=urls.thumb_sizes.get(slide.number),
        gallery=gallery,
        first=first,
    )


def carried_figure(
    lab: Lab,
    placed: PlacedSlide,
    chapter: Chapter,
    urls: LabUrls,
    link: Callable[[str], str],
) -> SlideFigure:
    """Return the slide still on screen from before a chapter, shown from the chapter's start,
    with the moment it came on screen (a link into the chapter that showed it then)."""
    here = replace(placed, seconds=float(chapter.seconds), shown=())
    shown = figure(here, urls, link, lab.notes.id, True)
    earlier = [c for c in lab.notes.chapters if c.seconds <= placed.seconds]
    first = max(earlier, key=lambda c: c.seconds, default=None)
    page = link(urls.chapters[first.index]) if first is not None else None
    return replace(shown, carried=placed.seconds, carried_page=page)
