"""Build the model's objects by hand, with defaults, for unit tests of the write stage.

Chapters are given as `(seconds, title)` pairs; anything else a test cares about is a
keyword that replaces the default (`notes(title=...)`, `lab(duration=...)`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from generator.model import (
    Chapter,
    Cue,
    Deck,
    Lab,
    Notes,
    Paragraph,
    PlacedSlide,
    Sentence,
    Slide,
    VideoSource,
)
from generator.write.pages import LabUrls

VIDEO_ID = "AbCdEfGhIjK"
SECTIONS = ((0, "Opening words"), (60, "Static binaries"))
"""The chapters of a lab when a test names none."""


def chapters(*sections: tuple[int, str]) -> tuple[Chapter, ...]:
    """Return chapters from `(seconds, title)` pairs, indexed in order."""
    return tuple(Chapter(n, seconds, title) for n, (seconds, title) in enumerate(sections))


def notes(*sections: tuple[int, str], **changes: Any) -> Notes:
    """Return the notes of a YouTube lab "ll1" with these chapters (default: `SECTIONS`)."""
    made = Notes(
        path="notes.md",
        id="ll1",
        title="A test lab",
        linktitle="A test lab",
        description="",
        date=date(2025, 9, 4),
        tags=(),
        weight=None,
        presenter="Ada Lovelace",
        video_id=VIDEO_ID,
        deck_url=None,
        intro="",
        chapters=chapters(*(sections or SECTIONS)),
        code_blocks=(),
        resources=(),
        video=VideoSource("youtube", VIDEO_ID, f"https://www.youtube.com/watch?v={VIDEO_ID}"),
    )
    return replace(made, **changes)


def lab(*sections: tuple[int, str], **changes: Any) -> Lab:
    """Return a 120 s lab of these chapters, with nothing else (`notes=` replaces its notes)."""
    return replace(Lab(notes=notes(*sections), directory="labs/ll1", duration=120.0), **changes)


def without_video(made: Notes) -> Notes:
    """Return notes that point to no recording."""
    return replace(made, video_id=None, video=None)


def cue(start: float, end: float, text: str, speaker: str = "") -> Cue:
    return Cue(start, end, text, speaker=speaker)


def paragraph(
    chapter: int,
    start: float,
    text: str,
    end: float | None = None,
    speaker: str = "",
    sentences: tuple[tuple[float, str], ...] = (),
) -> Paragraph:
    """Return a paragraph; it ends 5 s after its start unless told."""
    said = tuple(Sentence(at, words) for at, words in sentences)
    stop = start + 5 if end is None else end
    return Paragraph(chapter, start, stop, text, speaker=speaker, sentences=said)


def slide(number: int, title: str = "", text: str = "", **changes: Any) -> Slide:
    return replace(Slide(number, title, text), **changes)


def placed(
    shown: Slide | int,
    chapter: int,
    seconds: float,
    stretches: tuple[tuple[float, float], ...] = (),
) -> PlacedSlide:
    """Return a slide (or slide number N, titled "Title N") placed in a chapter."""
    made = shown if isinstance(shown, Slide) else slide(shown, f"Title {shown}")
    return PlacedSlide(made, chapter, seconds, stretches)


def deck(*slides: Slide) -> Deck:
    return Deck("deck.pdf", "0" * 64, slides)


def urls(
    made: Lab,
    prefix: str = "ll1/",
    thumb_sizes: Mapping[int, tuple[int, int]] | None = None,
    **changes: Any,
) -> LabUrls:
    """Return where a lab's pages land, as a directory-URL site puts them under `prefix`.

    Chapter N's page is `prefix` + `0N/`; no file is offered unless a test says so.
    """

    def slide_thumb(number: int) -> str:
        return f"{prefix}slides/{number:03d}-thumb.webp"

    def slide_full(number: int) -> str:
        return f"{prefix}slides/{number:03d}.webp"

    made_urls = LabUrls(
        home=prefix,
        chapters=tuple(f"{prefix}{c.index + 1:02d}/" for c in made.notes.chapters),
        deck=None,
        thumbnail=None,
        media=None,
        captions=None,
        demo_zip=None,
        transcript_text=None,
        transcript_srt=None,
        handout=f"{prefix}handout/",
        slide_thumb=slide_thumb,
        slide_full=slide_full,
        thumb_sizes=dict(thumb_sizes or {}),
    )
    return replace(made_urls, **changes)
