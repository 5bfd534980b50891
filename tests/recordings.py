"""Small recordings of a small deck, filmed by ffmpeg, whose slide timeline is known."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from pdfs import Run, write_runs

from generator.model import TimelineEntry
from generator.videoeval import compose
from generator.videoeval.script import Shot, Talk

FULL = compose.Style("full", (640, 360), "full", pip=False, noise=0, bitrate=300)
STAGE = compose.Style("stage", (640, 360), "stage", pip=True, noise=6, bitrate=250)

PAGES: list[list[Run]] = [
    [("Welcome", 72, 200, 220), ("a talk about widgets", 22, 240, 170)],
    [(f"point number {n} about widgets", 24, 60, 330 - 40 * n) for n in range(1, 7)],
    [("Left", 40, 60, 320), ("Right", 40, 420, 320), ("one", 20, 60, 250), ("two", 20, 420, 120)],
    [("42", 200, 230, 110)],
    [("Questions", 48, 60, 340), ("thank you for listening today", 18, 60, 40)],
]
"""Five pages that look nothing alike: a title, a list, two columns, a number, an ending."""


def small_deck(path: Path, pages: int = len(PAGES)) -> Path:
    """Write the first `pages` of the five pages as a 16:9 PDF."""
    return write_runs(path, PAGES[:pages])


def film(
    deck: Path,
    shots: Sequence[tuple[str, int | None, float]],
    out: Path,
    scratch: Path,
    style: compose.Style = FULL,
) -> tuple[TimelineEntry, ...]:
    """Film shots of (kind, page, seconds) into `out`; return the timeline they make."""
    timed, now = [], 0.0
    for kind, page, seconds in shots:
        timed.append(Shot(now, now + seconds, kind, page))  # type: ignore[arg-type]
        now += seconds
    talk = Talk(duration=now, chapters=((0, "All"),), shots=tuple(timed))
    scratch.mkdir(parents=True, exist_ok=True)
    compose.film(talk, deck, None, style, out, scratch, seed=7)
    return talk.truth()


def ffmpeg(*args: str) -> None:
    """Run ffmpeg quietly; fail the test on an error."""
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True, timeout=120)
