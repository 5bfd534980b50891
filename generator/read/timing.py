"""Read cue timings the way players read them, beyond what WebVTT and SubRip define.

Players read `00:00:01 --> 00:00:10` (no milliseconds), `0:0:0.210` (one-digit fields, as
Microsoft Teams writes them), `00:00:01.500` in SubRip and `00:00:01,500` in WebVTT.
Captions in such a form keep their words; the file gets one warning saying so.
"""

from __future__ import annotations

import re

from generator.errors import Problem
from generator.model import MAX_SECONDS

_CLOCK = re.compile(r"[ \t\f]*(?:(\d{1,7}):)?(\d{1,2}):(\d{1,2})(?:[.,:](\d{1,3})\d*)?")
_ARROW = re.compile(r"[ \t\f]*-->")
_SRT = re.compile(
    r"[ \t]*\d{2,}:\d{2}:\d{2},\d{3}[ \t]*-->[ \t]*\d{2,}:\d{2}:\d{2},\d{3}(?:[ \t]|$)"
)


def lenient_timings(line: str) -> tuple[float, float] | None:
    """Return (start, end) of a timing line in any form a player reads, or None."""
    start, rest = clock(line)
    arrow = _ARROW.match(rest) if start is not None else None
    if start is None or arrow is None:
        return None
    end, rest = clock(rest[arrow.end() :])
    if end is None or (rest[:1] and not rest[0].isspace()):
        return None
    return start, end


def clock(text: str) -> tuple[float | None, str]:
    """Read `[H:]M:S[.,:fraction]` from the start of `text`: its seconds and what follows."""
    match = _CLOCK.match(text)
    if match is None:
        return None, text
    hours, minutes, seconds, fraction = match.groups()
    if int(minutes) > 59 or int(seconds) > 59:
        return None, text
    value = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + float(f"0.{fraction or 0}")
    return (value if value <= MAX_SECONDS else None), text[match.end() :]


def is_srt_timing(line: str) -> bool:
    """Tell whether a timing line is in SubRip's own form, `00:00:01,500 --> 00:00:02,000`."""
    return _SRT.match(line) is not None


def lenient_problem(file: str, line: int, count: int, form: str) -> Problem:
    """Return the one warning of a file whose cue timings are read leniently."""
    cues = "cue timing is" if count == 1 else f"{count:,} cue timings are"
    message = f"{cues} not written as {form} defines them: read as players read them"
    return Problem(file, line, message)


def backwards_problem(file: str, line: int, count: int) -> Problem:
    """Return the one warning of a file with cues that end before they start."""
    if count == 1:
        return Problem(file, line, "a cue ends before it starts: kept, ending where it starts")
    message = f"{count:,} cues end before they start: kept, each ending where it starts"
    return Problem(file, line, message)
