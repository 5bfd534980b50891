"""Read captions (WebVTT, YouTube json3, SRT) into clean cues.

Caption text is untrusted: every cue comes out as plain text, with markup stripped and
entities decoded. YouTube's automatic captions repeat each line in the next cue and add
10 ms "hold" cues so that the text scrolls; they are reduced to each spoken line once.
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.errors import InputError, Problem
from generator.model import MAX_SECONDS, Cue
from generator.read import jsontext, webvtt
from generator.read.textfile import read_text
from generator.read.webvtt import RawCue

WORD_TAIL = 1.0
"""How long the last timed word of a line is assumed to last (seconds)."""

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s.*)?$")
_INLINE_TIME = re.compile(r"<(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})>")
# In WebVTT every "<...>" is cue markup (a literal "<" is written "&lt;").
_ANY_TAG = re.compile(r"<[^<>\n]*>")
# SRT and json3 have no escaping: only these tags are markup there, any other "<" is text.
_NOT_A_TAG = re.compile(
    r"<(?!/?(?:c|v|i|b|u|s|ruby|rt|lang|font|span)\b[^<>\n]*>|\d[\d:.]*>)", re.I
)
_MARKDOWN = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"`+([^`]*)`+"), r"\1"),
    (re.compile(r"^#{1,6}\s+"), ""),
)
# Zero-width joiners and the directional marks (&lrm; &rlm;) are part of the text they sit in.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Captions:
    """The clean cues of a caption file, and the problems of the parts that were skipped."""

    cues: tuple[Cue, ...]
    problems: tuple[Problem, ...] = ()


def read_captions(path: Path) -> tuple[Cue, ...]:
    """Read a WebVTT, json3 or SRT caption file into clean, non-repeating cues."""
    return load_captions(path).cues


def load_captions(path: Path) -> Captions:
    """Read a caption file into clean cues; skip the parts that are malformed, saying where.

    Raise `InputError` only for a file that cannot be read as captions at all.
    """
    try:
        text = read_text(path)
    except OSError as err:
        raise InputError(path, 0, f"cannot read captions: {err.strerror}") from err
    kind = _kind(path, text)
    problems: list[Problem] = []
    if kind == "json3":
        return Captions(_normalize(_read_json3(path, text, problems)), tuple(problems))
    if kind == "vtt":
        raws, problems = webvtt.parse(text, str(path))
    else:
        raws = _read_srt(path, text, problems)
    cues = _dedupe_rolling(raws) if _is_rolling(raws) else _plain(raws)
    return Captions(_normalize(cues), tuple(problems))


def clean_text(raw: str) -> str:
    """Return WebVTT cue text as one plain line: cue tags stripped, entities decoded."""
    text = html.unescape(_ANY_TAG.sub("", raw))
    for pattern, repl in _MARKDOWN:
        text = pattern.sub(repl, text)
    return " ".join(_CONTROL.sub(" ", text).split())


def _as_vtt_text(text: str) -> str:
    """Escape the "<" of SRT or json3 text that starts no real tag, as WebVTT would have."""
    return _NOT_A_TAG.sub("&lt;", text)


def write_vtt(cues: Sequence[Cue]) -> str:
    """Return the cues as a clean WebVTT file for a `<track>` element."""
    out = ["WEBVTT", ""]
    for cue in cues:
        if not cue.text:
            continue
        text = cue.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        out += [f"{_vtt_time(cue.start)} --> {_vtt_time(max(cue.end, cue.start))}", text, ""]
    return "\n".join(out)


def _kind(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in {".json3", ".json"}:
        return "json3"
    if suffix in {".vtt", ".srt"}:
        return suffix[1:]
    head = text.lstrip()
    if head.startswith("WEBVTT"):
        return "vtt"
    return "json3" if head.startswith("{") else "srt"


def _read_srt(path: Path, text: str, problems: list[Problem]) -> list[RawCue]:
    """Read SRT cues: a number, a timing line and text; a timing line starts a new cue."""
    raws: list[RawCue] = []
    lines = _NEWLINE.split(text)
    number = 0
    while number < len(lines):
        if not lines[number].strip():
            number += 1
            continue
        # An optional cue number, then the timing line.
        at = number if "-->" in lines[number] else number + 1
        if at >= len(lines) or "-->" not in lines[at]:
            problems.append(
                Problem(str(path), number + 1, "text without a cue timing line: skipped")
            )
            number = _next_block(lines, number)
            continue
        end = at + 1
        # SRT has no escaping: only a whole timing line, not any "-->", starts the next cue.
        while end < len(lines) and lines[end].strip() and not _TIMING.match(lines[end]):
            end += 1
        text_lines = lines[at + 1 : end]
        if end < len(lines) and lines[end].strip() and text_lines and text_lines[-1].isdigit():
            text_lines = text_lines[:-1]  # the next cue's number, its blank line missing
            end -= 1
        match = _TIMING.match(lines[at])
        if not match:
            message = f"bad cue timing {lines[at].strip()[:60]!r}: skipped"
            problems.append(Problem(str(path), at + 1, message))
        else:
            start, stop = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
            if stop < start:
                problems.append(Problem(str(path), at + 1, "cue ends before it starts: skipped"))
            else:
                lines_ = tuple(_as_vtt_text(line) for line in text_lines)
                raws.append(RawCue(start, stop, lines_, at + 1))
        number = end
    return raws


def _next_block(lines: list[str], number: int) -> int:
    """Return the index of the first blank line at or after `number`."""
    while number < len(lines) and lines[number].strip():
        number += 1
    return number


def _seconds(hours: str | None, minutes: str, seconds: str, fraction: str) -> float:
    whole = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return whole + float(f"0.{fraction}")


def _read_json3(path: Path, text: str, problems: list[Problem]) -> list[Cue]:
    data = jsontext.parse(text, path)
    events = data.get("events") if isinstance(data, dict) else None
    if not isinstance(events, list):
        raise InputError(path, 1, "not a YouTube json3 caption file: no 'events' list")
    cues = []
    for number, event in enumerate(events, start=1):
        segs = event.get("segs") if isinstance(event, dict) else None
        if not segs:
            continue
        start, length = event.get("tStartMs", 0), event.get("dDurationMs", 0)
        if not (_is_number(start) and _is_number(length) and isinstance(segs, list)):
            message = f"event {number}: tStartMs, dDurationMs or segs is invalid: skipped"
            problems.append(Problem(str(path), 0, message))
            continue
        parts = [s for s in segs if isinstance(s, dict) and isinstance(s.get("utf8"), str)]
        text_ = clean_text(_as_vtt_text("".join(s["utf8"] for s in parts)))
        if not text_:
            continue
        end = (start + length) / 1000
        offsets = [s["tOffsetMs"] for s in parts if _is_number(s.get("tOffsetMs"))]
        if offsets:
            end = min(end, (start + max(offsets)) / 1000 + WORD_TAIL)
        words = _json3_word_starts(parts, start, len(text_.split()))
        cues.append(Cue(start / 1000, max(end, start / 1000), text_, words))
    return cues


def _json3_word_starts(parts: list[Any], start: float, count: int) -> tuple[float, ...]:
    """Return when each word of an event starts, when each of its pieces is one timed word."""
    times = []
    for part in parts:
        word = clean_text(_as_vtt_text(part["utf8"]))
        offset = part.get("tOffsetMs", 0)
        if not word:
            continue
        if len(word.split()) != 1 or not _is_number(offset):
            return ()
        times.append((start + offset) / 1000)
    return tuple(times) if len(times) == count and times == sorted(times) else ()


def _is_number(value: object) -> bool:
    """Tell whether `value` is a json3 time in milliseconds: finite, from 0 to a week."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 <= value <= MAX_SECONDS * 1000
    )


def _is_rolling(raws: Sequence[RawCue]) -> bool:
    """Tell whether cues repeat the previous cue's last line, as YouTube's automatic ones do."""
    repeats = 0
    for before, cue in itertools.pairwise(raws):
        previous = [t for t in map(clean_text, before.lines) if t]
        current = [t for t in map(clean_text, cue.lines) if t]
        repeats += bool(previous and current and current[0] == previous[-1])
    return repeats >= 2 and repeats >= 0.25 * len(raws)


def _plain(raws: Sequence[RawCue]) -> list[Cue]:
    cues = (Cue(r.start, _speech_end(r), clean_text(" ".join(r.lines))) for r in raws)
    return [c for c in cues if c.text]


def _dedupe_rolling(raws: Sequence[RawCue]) -> list[Cue]:
    """Keep only the words each cue adds to the one before it."""
    cues = []
    previous: list[str] = []
    for raw in raws:
        words = clean_text(" ".join(raw.lines)).split()
        new = words[_overlap(previous, words) :]
        previous = words
        if new:
            cues.append(Cue(raw.start, _speech_end(raw), " ".join(new), _word_starts(raw, new)))
    return cues


def _word_starts(raw: RawCue, new: list[str]) -> tuple[float, ...]:
    """Return when each of the cue's `new` (last) words starts, from its `<00:01.500>` tags.

    The first word of a timed line starts with the cue. Empty when the words are not all timed.
    """
    times: list[float | None] = []
    for line in raw.lines:
        at = raw.start if _INLINE_TIME.search(line) else None
        position = 0
        for match in [*_INLINE_TIME.finditer(line), None]:
            piece = line[position : match.start() if match else len(line)]
            times += [at] * len(clean_text(piece).split())
            if match:
                at, position = _seconds(*match.groups()), match.end()
    if len(times) != len(clean_text(" ".join(raw.lines)).split()):
        return ()
    tail = times[len(times) - len(new) :]
    known = [t for t in tail if t is not None]
    if len(known) != len(new) or any(b < a for a, b in itertools.pairwise(known)):
        return ()
    return tuple(known)


def _overlap(previous: list[str], current: list[str]) -> int:
    """Return how many leading words of `current` repeat the end of `previous`."""
    for size in range(min(len(previous), len(current)), 0, -1):
        if previous[-size:] == current[:size]:
            # A short match must be a whole line; two words could be a real repetition.
            if size >= 3 or size in (len(previous), len(current)):
                return size
            break
    return 0


def _speech_end(raw: RawCue) -> float:
    """Return when the cue's speech ends: word timings tell more than a scrolling cue's end."""
    times = (_seconds(*m.groups()) for line in raw.lines for m in _INLINE_TIME.finditer(line))
    last = max(times, default=None)
    return raw.end if last is None or last < raw.start else min(raw.end, last + WORD_TAIL)


def _normalize(cues: list[Cue]) -> tuple[Cue, ...]:
    """Sort cues, join repeats of the same text, and keep each cue ending before the next."""
    if not cues:
        return ()
    cues.sort(key=lambda c: c.start)
    merged: list[Cue] = []
    for cue in cues:
        if merged and merged[-1].text == cue.text and cue.start - merged[-1].end < 1.0:
            merged[-1] = replace(merged[-1], end=max(merged[-1].end, cue.end))
        else:
            merged.append(cue)
    out = []
    for cue, after in zip(merged, [*merged[1:], None], strict=True):
        end = cue.end
        if after is not None and after.start < end:
            end = max(cue.start, after.start)
        out.append(replace(cue, start=round(cue.start, 3), end=round(end, 3)))
    return tuple(out)


def _vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d}.{millis % 1000:03d}"
