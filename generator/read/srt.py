"""Split a SubRip (.srt) file into timed cues: a number, a timing line, text, a blank line.

SubRip has no specification, so this reads what players read: the number may be missing,
the blank line too, and timings may be written loosely (`00:00:01 --> 00:00:10`,
`0:00:01.500`); such timings keep their cues and the file gets one warning. SubRip has no
escaping either: only known tags are markup, any other `<` is text.
"""

from __future__ import annotations

import re

from generator.errors import Problem
from generator.read import timing
from generator.read.webvtt import RawCue

_NEWLINE = re.compile(r"\r\n|\r|\n")
# Only these tags are markup in SubRip; any other "<" is text, escaped as WebVTT would have it.
_NOT_A_TAG = re.compile(
    r"<(?!/?(?:c|v|i|b|u|s|ruby|rt|lang|font|span)\b[^<>\n]*>|\d[\d:.]*>)", re.I
)


def parse(text: str, file: str) -> tuple[list[RawCue], list[Problem]]:
    """Return the cues of a SubRip text and the problems of the parts that were skipped."""
    raws: list[RawCue] = []
    problems: list[Problem] = []
    lines = _NEWLINE.split(text.removeprefix("\ufeff"))
    loose: list[int] = []
    number = 0
    while number < len(lines):
        if not lines[number].strip():
            number += 1
            continue
        # An optional cue number, then the timing line.
        at = number if "-->" in lines[number] else number + 1
        if at >= len(lines) or "-->" not in lines[at]:
            problems.append(Problem(file, number + 1, "text without a cue timing line: skipped"))
            number = _next_block(lines, number)
            continue
        end = at + 1
        # Only a whole timing line, not any "-->", starts the next cue.
        while end < len(lines) and lines[end].strip() and not _is_timing(lines[end]):
            end += 1
        text_lines = lines[at + 1 : end]
        if end < len(lines) and lines[end].strip() and text_lines and text_lines[-1].isdigit():
            text_lines = text_lines[:-1]  # the next cue's number, its blank line missing
            end -= 1
        times = timing.lenient_timings(lines[at])
        if times is None:
            message = f"bad cue timing {lines[at].strip()[:60]!r}: skipped"
            problems.append(Problem(file, at + 1, message))
        else:
            if not timing.is_srt_timing(lines[at]):
                loose.append(at + 1)
            escaped = tuple(as_vtt_text(line) for line in text_lines)
            raws.append(RawCue(times[0], times[1], escaped, at + 1))
        number = end
    if loose:
        problems.insert(0, timing.lenient_problem(file, loose[0], len(loose), "SubRip"))
    backwards = [raw for raw in raws if raw.end < raw.start]
    if backwards:
        problems.append(timing.backwards_problem(file, backwards[0].line, len(backwards)))
    return raws, problems


def as_vtt_text(text: str) -> str:
    """Escape the "<" of SubRip or json3 text that starts no real tag, as WebVTT would have."""
    return _NOT_A_TAG.sub("&lt;", text)


def _is_timing(line: str) -> bool:
    return "-->" in line and timing.lenient_timings(line) is not None


def _next_block(lines: list[str], number: int) -> int:
    """Return the index of the first blank line at or after `number`."""
    while number < len(lines) and lines[number].strip():
        number += 1
    return number
