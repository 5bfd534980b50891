"""Write a lab's transcript as files to take away: plain text by chapter, and SubRip captions."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from generator.formats import clock
from generator.model import Cue, Lab

WIDTH = 78
"""Lines of the text transcript wrap at this many characters."""


def text(lab: Lab) -> str:
    """Return the transcript as plain text: the lab's title, then each chapter's heading
    (its start time and title) and paragraphs, each paragraph led by its time."""
    notes = lab.notes
    facts = [notes.presenter, f"{notes.date:%B %-d, %Y}" if notes.date else ""]
    lines = [notes.title, "=" * len(notes.title)]
    if any(facts):
        lines.append(" · ".join(f for f in facts if f))
    lines.append("")
    for chapter in notes.chapters:
        heading = f"{clock(chapter.seconds)}  {chapter.title}"
        lines += [heading, "-" * len(heading), ""]
        said = [p for p in lab.paragraphs if p.chapter == chapter.index]
        for paragraph in said:
            lines += textwrap.wrap(
                f"[{clock(paragraph.start)}] {paragraph.text}",
                width=WIDTH,
                break_long_words=False,
                break_on_hyphens=False,
            )
            lines.append("")
        if not said:
            lines += ["(no transcript for this chapter)", ""]
    return "\n".join(lines)


def srt(cues: Sequence[Cue]) -> str:
    """Return the cues as a SubRip (.srt) file."""
    blocks: list[str] = []
    for cue in (c for c in cues if c.text):
        number = len(blocks) + 1
        times = f"{_srt_time(cue.start)} --> {_srt_time(max(cue.end, cue.start))}"
        blocks.append(f"{number}\n{times}\n{cue.text}\n")
    return "\n".join(blocks)


def _srt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d},{millis % 1000:03d}"
