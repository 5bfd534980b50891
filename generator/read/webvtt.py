"""Split a WebVTT file into timed cues the way the W3C WebVTT parsing algorithm does.

A browser never rejects a caption file for one bad cue, and neither does this: a block
whose timing line does not parse is skipped with a warning naming its line, and a timing
line right after a cue's text starts the next cue. A cue that ends before it starts is
kept, as browsers keep it. Only a file without the `WEBVTT` signature is not WebVTT at all.

Some tools write timings no browser accepts but other players read (Microsoft Teams'
`0:0:0.210`, SubRip's `00:00:01,500`, no milliseconds): a file in which no timing follows
the rules and at least half of them are in such a form is read leniently, with one warning.
A file whose timings are mostly garbage is not one of those: as in a browser, none of its
cues is kept. The text of a cue is read by the WebVTT cue text tokenizer (`cuetext.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import InputError, Problem
from generator.model import MAX_SECONDS
from generator.read import timing

_SIGNATURE = re.compile(r"WEBVTT(?:[ \t\n]|$)")
_NEWLINE = re.compile(r"\r\n|\r")
_IGNORED = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t]|$)")
_WHITESPACE = " \t\n\f\r"
_TIMESTAMP = re.compile(r"(\d+):(\d+)(?::(\d+))?\.(\d+)")
LENIENT_SHARE = 0.5
"""The share of a file's timing lines that must be in a form players read for it to be read so."""


@dataclass(frozen=True)
class RawCue:
    """A cue as written in the file, before its text is cleaned."""

    start: float
    end: float
    lines: tuple[str, ...]
    line: int
    """Line of the file the cue's timing is on."""


@dataclass(frozen=True)
class _Block:
    """The lines of one block, and where its timing line was (0: none)."""

    first: int
    lines: tuple[str, ...]
    timing: str | None
    timing_line: int


def parse(text: str, file: str) -> tuple[list[RawCue], list[Problem]]:
    """Return the cues of a WebVTT text and the problems of blocks that were skipped.

    Raise `InputError` when the text does not start with the WebVTT signature.
    """
    text = _NEWLINE.sub("\n", text.replace("\0", "\ufffd"))
    if not _SIGNATURE.match(text):
        raise InputError(file, 1, "not a WebVTT file: it does not start with WEBVTT")
    blocks = _blocks(text.split("\n"))
    lenient = _is_lenient([block.timing for block in blocks if block.timing is not None])
    cues: list[RawCue] = []
    problems: list[Problem] = []
    for block in blocks:
        cue = _cue(block, file, problems, lenient=lenient)
        if cue is not None:
            cues.append(cue)
    if lenient and cues:
        first = cues[0]
        problems.insert(0, timing.lenient_problem(file, first.line, len(cues), "WebVTT"))
    backwards = [cue for cue in cues if cue.end < cue.start]
    if backwards:
        problems.append(timing.backwards_problem(file, backwards[0].line, len(backwards)))
    return cues, problems


def _is_lenient(timings: list[str]) -> bool:
    """Tell whether a file's timing lines are written in a form players read, not WebVTT's.

    No line may follow WebVTT's rules, and at least half must be in such a form: a tool wrote
    the file so, and an odd line among them is a slip; a file of mostly broken timings is not.
    """
    if not timings or any(_timings(line) for line in timings):
        return False
    readable = sum(timing.lenient_timings(line) is not None for line in timings)
    return readable >= LENIENT_SHARE * len(timings)


def _blocks(lines: list[str]) -> list[_Block]:
    """Return the blocks after the header, in the order of the file."""
    position = 1
    if position < len(lines) and lines[position]:
        position, _ = _collect_block(lines, position, in_header=True)
    blocks = []
    while position < len(lines):
        if not lines[position]:
            position += 1
            continue
        position, block = _collect_block(lines, position, in_header=False)
        blocks.append(block)
    return blocks


def _collect_block(lines: list[str], position: int, *, in_header: bool) -> tuple[int, _Block]:
    """Collect one block from `position` (0-based); return where the next one starts."""
    first = position + 1
    count = 0
    buffer: list[str] = []
    timing_text: str | None = None
    timing_line = 0
    while position < len(lines):
        line = lines[position]
        if "-->" in line:
            if not in_header and (count == 0 or (count == 1 and timing_text is None)):
                # The identifier (if any) is not cue text.
                timing_text, timing_line, buffer = line, position + 1, []
            else:
                break  # this timing line starts the next block
        elif not line:
            position += 1
            break
        else:
            buffer.append(line)
        count += 1
        position += 1
    return position, _Block(first, tuple(buffer), timing_text, timing_line)


def _cue(block: _Block, file: str, problems: list[Problem], *, lenient: bool) -> RawCue | None:
    """Return the block's cue, or None (with a problem when it is not a known kind of block)."""
    if block.timing is None:
        if block.lines and not _IGNORED.match(block.lines[0]):
            problems.append(Problem(file, block.first, "text without a cue timing line: skipped"))
        return None
    times = timing.lenient_timings(block.timing) if lenient else _timings(block.timing)
    if times is None:
        message = f"bad cue timing {block.timing.strip()[:60]!r}: skipped"
        problems.append(Problem(file, block.timing_line, message))
        return None
    return RawCue(times[0], times[1], block.lines, block.timing_line)


def _timings(line: str) -> tuple[float, float] | None:
    """Return (start, end) of a cue timing line; its settings do not matter here."""
    rest = line.lstrip(_WHITESPACE)
    start, rest = timestamp(rest)
    if start is None:
        return None
    rest = rest.lstrip(_WHITESPACE)
    if not rest.startswith("-->"):
        return None
    end, _ = timestamp(rest[3:].lstrip(_WHITESPACE))
    return None if end is None else (start, end)


def timestamp(text: str) -> tuple[float | None, str]:
    """Read a WebVTT timestamp (`MM:SS.mmm` or `H+:MM:SS.mmm`) from the start of `text`.

    Return its seconds (None when there is none, or past a week) and the text after it.
    """
    match = _TIMESTAMP.match(text)
    if match is None:
        return None, text
    first, second, third, fraction = match.groups()
    # Two digits and at most 59 first: minutes; otherwise hours, and seconds must follow.
    hours_first = len(first) != 2 or int(first) > 59
    if hours_first and third is None:
        return None, text
    if len(second) != 2 or (third is not None and len(third) != 2) or len(fraction) != 3:
        return None, text
    hours, minutes, seconds = (first, second, third) if third is not None else ("0", first, second)
    if len(hours) > 7 or int(minutes) > 59 or int(seconds) > 59:
        return None, text
    value = int(hours) * 3600 + int(minutes) * 60 + int(seconds) + int(fraction) / 1000
    return (value if value <= MAX_SECONDS else None), text[match.end() :]
