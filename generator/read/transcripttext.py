"""Read a transcript written as text with timestamps into cues that name their speakers.

Talk pages often carry their transcript as plain text rather than captions:

    [1:23] Ada: So the image is built in two stages.
    00:01:40 The second stage starts from a static base.
    (12:30)
    A paragraph under a time of its own, on the lines that follow.
    Grace Hopper (00:14:02): And who speaks says so before the time.
    Speaker 2  0:15:10
    Or on a line of its own, the words below it (the way meeting tools export).

Each time starts an entry that lasts until the next time; `Name:` at the start of a line
(or of an entry's text) changes who speaks, and the speaker carries on until another is
named. An entry in which several people speak is shared among them by their words.
Times must not go back: a transcript whose times do is refused with the line that does.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import InputError, Problem
from generator.formats import clock
from generator.model import MAX_SECONDS, Cue
from generator.read.captions import Captions, clean_text
from generator.read.textfile import read_text

WORDS_PER_SECOND = 2.5
"""Speaking rate assumed for how long the last entry lasts: no later time bounds it."""
MIN_LAST_SECONDS = 2.0
"""Shortest span given to the last entry, however few its words."""
MAX_SPEAKER_CHARS = 40
"""Longest speaker name: a longer `...:` prefix is a sentence with a colon in it."""

_CLOCK = r"\d{1,3}(?::\d{1,3}){1,2}(?:[.,]\d{1,3})?"
# A time at the start of a line: [1:23], (1:23) or 1:23, then a separator or the words.
_LEADING = re.compile(
    rf"(?:\[(?P<b>{_CLOCK})\]|\((?P<p>{_CLOCK})\)|(?P<n>{_CLOCK})(?=\s|$))\s*(?:[-–—|:]\s+)?(?P<rest>.*)"
)
# Something that starts like a time but is not one (1:75, 12:3): a mistake worth naming.
_LOOKS_TIMED = re.compile(r"[\[(]?\d{1,3}:\d")
# Up to four words of a few letters each: a long line is never scanned for a name.
_NAME = r"[^\W\d_][\w.'’-]{0,39}(?:[ \t]{1,4}[\w.'’-]{1,40}){0,3}"
# A speaker before the time: "Ada (1:23): words", "Ada [1:23] words", "Speaker 1  0:03".
_NAMED = re.compile(
    rf"(?P<name>{_NAME})[ \t]*(?:\[(?P<b>{_CLOCK})\]|\((?P<p>{_CLOCK})\))[ \t]*:?[ \t]*(?P<rest>.*)"
    rf"|(?P<name2>{_NAME})[ \t]+(?P<n>{_CLOCK})[ \t]*:?[ \t]*"
)
_SPEAKER = re.compile(rf"(?P<name>{_NAME}):(?:\s+|$)(?P<rest>.*)")
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "la", "le", "da", "di", "du", "del"})
_HEADING = re.compile(r"#{1,6}\s+")
_CUE_TIMING = re.compile(r"\d[\d:.,]*\s*-->\s*\d")


@dataclass
class _Turn:
    """What one speaker says inside an entry."""

    speaker: str
    words: list[str] = field(default_factory=list)


@dataclass
class _Entry:
    """Everything from one time to the next."""

    start: float
    line: int
    turns: list[_Turn]


def load_transcript(path: Path) -> Captions:
    """Read a text transcript file into cues; bad lines are skipped and named in `problems`.

    Raise `InputError` for a file that is no transcript with times, or whose times go back.
    """
    try:
        text = read_text(path)
    except OSError as err:
        raise InputError(path, 0, f"cannot read the transcript: {err.strerror}") from err
    return parse(text, str(path))


def parse(text: str, file: str) -> Captions:
    """Return the cues of a text transcript (see the module's docstring for its forms)."""
    entries: list[_Entry] = []
    problems: list[Problem] = []
    speaker = ""
    preamble = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _HEADING.sub("", raw.strip(), count=1)
        if not line:
            continue
        if line.startswith("WEBVTT") or _CUE_TIMING.match(line):
            raise InputError(
                file,
                number,
                "a caption file (WebVTT or SRT), not a text transcript: name it "
                "<id>.<lang>.vtt or <id>.<lang>.srt",
            )
        timed = _timed(line)
        if isinstance(timed, str):
            problems.append(Problem(file, number, f"{timed}: line skipped"))
            continue
        if timed is not None:
            seconds, named, rest = timed
            if entries and seconds < entries[-1].start:
                raise InputError(
                    file,
                    number,
                    f"{clock(seconds)} is earlier than {clock(entries[-1].start)} on line "
                    f"{entries[-1].line}: a transcript's times must not go back",
                )
            speaker = named or speaker
            entries.append(_Entry(seconds, number, [_Turn(speaker)]))
            line = rest
            if not line:
                continue
        elif not entries:
            preamble = preamble or number
            continue
        found = _speaker(line)
        if found is not None:
            speaker, line = found
            turns = entries[-1].turns
            if turns[-1].words:
                turns.append(_Turn(speaker))
            else:
                turns[-1].speaker = speaker
        entries[-1].turns[-1].words += clean_text(html.escape(line, quote=False)).split()
    if not entries:
        raise InputError(file, 0, "no times in it ([1:23], 00:01:23, (12:30)): not a transcript")
    if preamble:
        problems.insert(0, Problem(file, preamble, "text before the first time: not shown"))
    return Captions(_cues(entries), tuple(problems))


def _timed(line: str) -> tuple[float, str, str] | str | None:
    """Return (seconds, speaker, rest) of a line that starts with a time; a message for a bad
    time; None for a line without one."""
    match = _LEADING.fullmatch(line)
    if match is not None:
        value = match["b"] or match["p"] or match["n"]
        named = ""
    else:
        match = _NAMED.fullmatch(line)
        if match is None or not _is_name(match["name"] or match["name2"]):
            return f"{line[:20]!r} is not a time (M:SS or H:MM:SS)" if _bad_start(line) else None
        value = match["b"] or match["p"] or match["n"]
        named = match["name"] or match["name2"]
    seconds = _seconds(value)
    if seconds is None:
        return f"{value!r} is not a time (M:SS or H:MM:SS, up to a week)"
    return seconds, named, (match.groupdict().get("rest") or "").strip()


def _bad_start(line: str) -> bool:
    """Tell whether a line starts like a time without being one."""
    return bool(_LOOKS_TIMED.match(line)) and not re.match(r"\d+:\d+\s*(?:am|pm)\b", line, re.I)


def _seconds(value: str) -> float | None:
    """Return the seconds of `M:SS`, `H:MM:SS` (a fraction may follow); None if it is none."""
    whole, _, fraction = value.replace(",", ".").partition(".")
    parts = whole.split(":")
    if any(len(part) != 2 for part in parts[1:]) or any(int(part) > 59 for part in parts[1:]):
        return None
    if len(parts) == 3 and int(parts[1]) > 59:
        return None
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    total = seconds + (float(f"0.{fraction}") if fraction else 0.0)
    return total if total <= MAX_SECONDS else None


def _speaker(line: str) -> tuple[str, str] | None:
    """Return (speaker, words) of a line that starts with `Name:`; None otherwise."""
    match = _SPEAKER.match(line)
    if match is None or not _is_name(match["name"]):
        return None
    return match["name"], match["rest"]


def _is_name(name: str) -> bool:
    """Tell whether a `...:` prefix names a person: capitalised words, a number, a particle."""
    if len(name) > MAX_SPEAKER_CHARS:
        return False
    return all(word[0].isupper() or word.isdigit() or word in _PARTICLES for word in name.split())


def _cues(entries: list[_Entry]) -> tuple[Cue, ...]:
    """Give each entry's turns a share of its span, by their words."""
    cues = []
    for entry, after in zip(entries, [*entries[1:], None], strict=True):
        turns = [turn for turn in entry.turns if turn.words]
        total = sum(len(turn.words) for turn in turns)
        if after is not None:
            end = after.start
        else:
            end = entry.start + max(MIN_LAST_SECONDS, total / WORDS_PER_SECOND)
        at = entry.start
        for turn in turns:
            span = (end - entry.start) * len(turn.words) / total
            text = " ".join(turn.words)
            cues.append(Cue(round(at, 3), round(at + span, 3), text, speaker=turn.speaker))
            at += span
    return tuple(cues)
