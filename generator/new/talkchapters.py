"""Find a recorded talk's chapters: the video's own, its description's, or estimated from its deck."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from generator.align.align import is_divider, place_slides
from generator.model import MAX_CHAPTERS, Chapter, Cue, Slide, TimelineEntry
from generator.read.notes import parse_time

ChapterSource = Literal["video", "description", "seen", "deck", "whole"]

_TIMESTAMP_LINE = re.compile(
    r"^\s*[(\[]?(?P<time>\d{1,2}:\d{2}(?::\d{2})?)[)\]]?(?:\s*[-–—:|•·]+\s*|\s+)(?P<title>\S.*)$"
)
# The notes reader takes these off both ends of a chapter title (they separate time and title).
_TITLE_EDGES = "-–—:|·• \\"
OPENING_TITLE = "Introduction"
"""Title of the first estimated chapter when the deck's first slide has none."""
MIN_SEEN = 2.0
"""Seconds a section slide stays on screen to start a chapter: a slide flicked past on the
way to another starts none."""


@dataclass(frozen=True)
class TalkChapters:
    """A talk's chapters and where they came from."""

    chapters: tuple[Chapter, ...]
    source: ChapterSource
    found: int = 0
    """How many chapters the source had, when more than a lab may have (0: all are kept)."""

    def describe(self) -> str:
        """Say in a few words how many chapters there are and where they come from."""
        count = f"{len(self.chapters)} chapter{'s' if len(self.chapters) != 1 else ''}"
        if self.found:
            count = f"the first {count} of {self.found:,}"
        return {
            "video": f"{count} from the video's chapter list",
            "description": f"{count} from the timestamps in the video's description",
            "seen": f"{count} where the recording shows the deck's section slides",
            "deck": f"{count} estimated from the deck's section slides",
            "whole": "one chapter for the whole talk",
        }[self.source]


def one_line(text: str) -> str:
    """Return text as one line: spaces collapsed, control characters dropped."""
    return " ".join(
        "".join(c for c in text if unicodedata.category(c) != "Cc" or c.isspace()).split()
    )


def chapter_title(text: str) -> str:
    """Return a title as one line that the notes reader reads back unchanged."""
    return one_line(text).strip(_TITLE_EDGES)


def video_chapters(starts: Sequence[tuple[float, str]]) -> tuple[Chapter, ...]:
    """Turn the video's own chapter list into chapters on whole, strictly rising seconds."""
    chapters: list[Chapter] = []
    for start, title in sorted(starts, key=lambda item: item[0]):
        seconds = math.floor(start)
        if chapters and seconds <= chapters[-1].seconds:
            continue
        text = chapter_title(title) or f"Chapter {len(chapters) + 1}"
        chapters.append(Chapter(len(chapters), seconds, text))
    return tuple(chapters)


def timestamp(line: str) -> tuple[int, str] | None:
    """Return (seconds, title) of a description line that starts with a time, else None."""
    match = _TIMESTAMP_LINE.match(line)
    if match is None:
        return None
    seconds, title = parse_time(match.group("time")), chapter_title(match.group("title"))
    return (seconds, title) if seconds is not None and title else None


def description_chapters(description: str, duration: float | None = None) -> tuple[Chapter, ...]:
    """Read chapters from timestamps at the start of description lines, by YouTube's rule.

    Other lines are ignored. The first timestamp must be 0:00 and each one later than the one
    before; otherwise (or with fewer than two) the description has no chapters.
    """
    chapters: list[Chapter] = []
    for line in description.splitlines():
        found = timestamp(line)
        if found is None or (duration is not None and found[0] >= duration):
            continue
        seconds, title = found
        if (not chapters and seconds != 0) or (chapters and seconds <= chapters[-1].seconds):
            return ()
        chapters.append(Chapter(len(chapters), seconds, title))
    return tuple(chapters) if len(chapters) >= 2 else ()


def deck_chapters(
    slides: Sequence[Slide], *, duration: float | None, cues: Sequence[Cue] = ()
) -> tuple[Chapter, ...]:
    """Estimate chapters from a deck: the title slide, then each section slide, placed in time.

    With a transcript, a slide sits where its words are said; without one, the slides share
    the talk's length evenly. Empty when there is no length or no section slide.
    """
    length = duration or (cues[-1].end if cues else None)
    if not slides or not length:
        return ()
    times = _slide_times(slides, length, cues)
    section = _section_test(slides)
    chapters = [_opening(slides)]
    previous = slides[0]
    for slide in slides[1:]:
        title = chapter_title(slide.title)
        seconds = math.floor(times[slide.number])
        repeated = slide.number == previous.number + 1 and title == chapter_title(previous.title)
        if section(slide) and title and not repeated:
            previous = slide
            if chapters[-1].seconds < seconds < length:
                chapters.append(Chapter(len(chapters), seconds, title))
    return tuple(chapters) if len(chapters) >= 2 else ()


def seen_chapters(
    slides: Sequence[Slide], timeline: Sequence[TimelineEntry]
) -> tuple[Chapter, ...]:
    """Start a chapter where the recording first shows each section slide, for a while.

    `timeline` is what the frames showed when (`sync`); a section slide seen again later,
    or one with the title of the chapter before, starts none. Empty when none is seen.
    """
    if not slides:
        return ()
    by_number = {slide.number: slide for slide in slides}
    section = _section_test(slides)
    chapters = [_opening(slides)]
    seen: set[int] = set()
    for entry in timeline:
        slide = by_number.get(entry.slide) if entry.slide is not None else None
        if slide is None or slide.number in seen or entry.end - entry.start < MIN_SEEN:
            continue
        seen.add(slide.number)
        title, seconds = chapter_title(slide.title), round(entry.start)
        fresh = title and title != chapters[-1].title and seconds > chapters[-1].seconds
        if section(slide) and fresh:
            chapters.append(Chapter(len(chapters), seconds, title))
    return tuple(chapters) if len(chapters) >= 2 else ()


def _opening(slides: Sequence[Slide]) -> Chapter:
    """Return the first chapter: from 0:00, named by the deck's title slide when it has one."""
    opening = chapter_title(slides[0].title) if slides[0].title_confident else ""
    return Chapter(0, 0, opening or OPENING_TITLE)


def _section_test(slides: Sequence[Slide]) -> Callable[[Slide], bool]:
    """Return the test of a slide that opens a section of this deck."""
    # In a deck with text, a slide read by OCR is a screenshot, whatever its title says.
    screenshots = sum(slide.has_text for slide in slides) > len(slides) / 2

    def section(slide: Slide) -> bool:
        # A title OCR is unsure of names no chapter.
        return is_divider(slide) and slide.title_confident and not (slide.ocr and screenshots)

    return section


def choose_chapters(
    video: Sequence[tuple[float, str]],
    description: str,
    *,
    title: str,
    duration: float | None,
    slides: Sequence[Slide] = (),
    cues: Sequence[Cue] = (),
    seen: Callable[[], Sequence[TimelineEntry]] | None = None,
) -> TalkChapters:
    """Pick the chapters: the video's, else the description's, else those the recording's
    section slides start (`seen` returns its slide timeline, asked for only then), else the
    deck's placed in time, else one for the whole talk."""
    if found := video_chapters(video):
        return _at_most(found, "video")
    if found := description_chapters(description, duration):
        return _at_most(found, "description")
    if slides and seen is not None and (found := seen_chapters(slides, seen())):
        return _at_most(found, "seen")
    if found := deck_chapters(slides, duration=duration, cues=cues):
        return TalkChapters(found, "deck")
    return TalkChapters((Chapter(0, 0, chapter_title(title) or OPENING_TITLE),), "whole")


def _at_most(chapters: tuple[Chapter, ...], source: ChapterSource) -> TalkChapters:
    """Keep the first chapters a lab may have, saying how many there were."""
    if len(chapters) <= MAX_CHAPTERS:
        return TalkChapters(chapters, source)
    return TalkChapters(chapters[:MAX_CHAPTERS], source, found=len(chapters))


def _slide_times(slides: Sequence[Slide], length: float, cues: Sequence[Cue]) -> dict[int, float]:
    """Return when each slide likely appears: by the transcript, else evenly by slide count."""
    if not cues:
        return {slide.number: length * index / len(slides) for index, slide in enumerate(slides)}
    whole = Chapter(0, 0, "")
    placed = place_slides(
        [whole], [tuple(slide.number for slide in slides)], slides, duration=length, cues=cues
    )
    return {item.slide.number: item.seconds for item in placed}
