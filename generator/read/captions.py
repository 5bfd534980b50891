"""Read captions (WebVTT, YouTube json3, SRT) into clean cues.

Caption text is untrusted: every cue comes out as plain text, with markup stripped and
entities decoded. YouTube's automatic captions repeat each line in the next cue and add
10 ms "hold" cues so that the text scrolls; they are reduced to each spoken line once.
Who speaks (a WebVTT voice, a `NAME:` label) is kept on each cue, and carries on until
another speaker is named. A file in a legacy encoding is read, with a warning naming it.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.errors import InputError, Problem
from generator.model import MAX_SECONDS, Cue
from generator.read import cuetext, jsontext, speakers, srt, webvtt
from generator.read.srt import as_vtt_text as _as_vtt_text
from generator.read.textfile import read_any_text
from generator.read.webvtt import RawCue

WORD_TAIL = 1.0
"""How long the last timed word of a line is assumed to last (seconds)."""

_INLINE_TIME = re.compile(r"<(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})>")
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
        text, encoding = read_any_text(path)
    except OSError as err:
        raise InputError(path, 0, f"cannot read captions: {err.strerror}") from err
    kind = _kind(path, text)
    problems: list[Problem] = []
    if encoding is not None:
        problems.append(Problem(str(path), 0, f"not UTF-8: read as {encoding}"))
    if kind == "json3":
        cues = _read_json3(path, text, problems)
        return Captions(_normalize(cues), tuple(problems))
    raws, found = webvtt.parse(text, str(path)) if kind == "vtt" else srt.parse(text, str(path))
    problems += found
    cues = _dedupe_rolling(raws) if _is_rolling(raws) else _plain(raws)
    return Captions(_normalize(cues), tuple(problems))


def clean_text(raw: str) -> str:
    """Return WebVTT cue text as one plain line: cue tags stripped, entities decoded."""
    return _clean(cuetext.plain(raw))


def _clean(text: str) -> str:
    """Return text as one plain line: Markdown emphasis and links, controls and runs of
    spaces gone."""
    for pattern, repl in _MARKDOWN:
        text = pattern.sub(repl, text)
    return " ".join(_CONTROL.sub(" ", text).split())


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
    """Return each cue's text as said by each of its voices; a voice carries on to later cues."""
    names = speakers.speaker_labels([raw.lines for raw in raws])
    cues: list[Cue] = []
    speaker = ""
    for raw in raws:
        lines = speakers.voiced(raw.lines, names) if names else raw.lines
        turns: list[tuple[str, str]] = []
        for said in cuetext.read(" ".join(lines)):
            text = _clean(said.text)
            speaker = speaker if said.voice is None else said.voice
            if text:
                turns.append((speaker, text))
        cues += _shared(raw, turns)
    return cues


def _shared(raw: RawCue, turns: list[tuple[str, str]]) -> list[Cue]:
    """Give each speaker's turn in one cue a share of its time, by their words."""
    merged: list[tuple[str, str]] = []
    for speaker, text in turns:
        if merged and merged[-1][0] == speaker:
            merged[-1] = (speaker, f"{merged[-1][1]} {text}")
        else:
            merged.append((speaker, text))
    end = max(raw.start, _speech_end(raw))
    words = [len(text.split()) for _, text in merged]
    cues, at = [], raw.start
    for (speaker, text), count in zip(merged, words, strict=True):
        span = (end - raw.start) * count / sum(words)
        cues.append(Cue(at, at + span, text, speaker=speaker))
        at += span
    return cues


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
        last = merged[-1] if merged else None
        if (
            last
            and (last.text, last.speaker) == (cue.text, cue.speaker)
            and cue.start - last.end < 1.0
        ):
            merged[-1] = replace(merged[-1], end=max(merged[-1].end, cue.end))
        else:
            merged.append(cue)
    out = []
    for cue, after in zip(merged, [*merged[1:], None], strict=True):
        end = max(cue.start, cue.end)  # a cue that ends before it starts ends where it starts
        if after is not None and after.start < end:
            end = max(cue.start, after.start)
        out.append(replace(cue, start=round(cue.start, 3), end=round(end, 3)))
    return tuple(out)


def _vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d}.{millis % 1000:03d}"
