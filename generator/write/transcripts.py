"""Write a lab's transcript as files: WebVTT for the player, SubRip and text to take away."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from generator.formats import clock, long_date
from generator.model import Cue, Lab

WIDTH = 78
"""Lines of the text transcript wrap at this many characters."""


def vtt(cues: Sequence[Cue]) -> str:
    """Return the cues as a clean WebVTT file for a `<track>` element, speakers as voices."""
    out = ["WEBVTT", ""]
    for cue in cues:
        if not cue.text:
            continue
        text = _vtt_escape(cue.text)
        if cue.speaker:
            text = f"<v {_vtt_escape(cue.speaker)}>{text}"
        times = f"{timestamp(cue.start)} --> {timestamp(max(cue.end, cue.start))}"
        out += [times, text, ""]
    return "\n".join(out)


def srt(cues: Sequence[Cue]) -> str:
    """Return the cues as a SubRip (.srt) file, speakers as `Name:` prefixes."""
    blocks: list[str] = []
    for cue in (c for c in cues if c.text):
        number = len(blocks) + 1
        times = f"{timestamp(cue.start, ',')} --> {timestamp(max(cue.end, cue.start), ',')}"
        said = f"{cue.speaker}: {cue.text}" if cue.speaker else cue.text
        blocks.append(f"{number}\n{times}\n{said}\n")
    return "\n".join(blocks)


def text(lab: Lab) -> str:
    """Return the transcript as plain text: the lab's title, then each chapter's heading
    (its start time and title) and paragraphs, each paragraph led by its time."""
    notes = lab.notes
    facts = [notes.presenter, long_date(notes.date) if notes.date else ""]
    lines = [notes.title, "=" * len(notes.title)]
    if any(facts):
        lines.append(" · ".join(f for f in facts if f))
    lines.append("")
    for chapter in notes.chapters:
        heading = f"{clock(chapter.seconds)}  {chapter.title}"
        lines += [heading, "-" * len(heading), ""]
        said = [p for p in lab.paragraphs if p.chapter == chapter.index]
        for paragraph in said:
            who = f"{paragraph.speaker}: " if paragraph.speaker else ""
            lines += textwrap.wrap(
                f"[{clock(paragraph.start)}] {who}{paragraph.text}",
                width=WIDTH,
                break_long_words=False,
                break_on_hyphens=False,
            )
            lines.append("")
        if not said:
            lines += ["(no transcript for this chapter)", ""]
    return "\n".join(lines)


def timestamp(seconds: float, separator: str = ".") -> str:
    """Format seconds as a caption file's time: `01:02:03.456` (SubRip: `01:02:03,456`)."""
    millis = round(max(0.0, seconds) * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d}{separator}{millis % 1000:03d}"


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
