"""The slide timeline stored in a lab folder (`video/timeline.json`): its text, and reading it back.

`python -m generator sync` writes it once from the recording, so that every later build (and
CI, which has no video) knows which page is on screen when. The file is small and reviewable,
one stretch a line, and names the deck and the video it was made from by their SHA-256: a
timeline for another deck or video is ignored with a warning. Like everything in a lab folder
it is untrusted: its size is bounded and every value is checked, each fault named `FILE:LINE`.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from generator.errors import InputError, Problem
from generator.model import MAX_SECONDS, SlideTimeline, TimelineEntry
from generator.read import jsontext
from generator.read.textfile import decode

TIMELINE_FILE = "timeline.json"
"""The file's name in the lab's `video/` folder."""
FORMAT = "labsite-timeline/1"
MAX_BYTES = 8 * 1024 * 1024
"""The largest timeline read: a stretch every second of a 24-hour video fits."""
MAX_ENTRIES = 100_000
MAX_PAGES = 1000
"""The most pages a deck may have (as the deck reader allows)."""
GAP = 0.01
"""Seconds by which a stretch may start away from the end of the one before (rounding)."""
END_SLACK = 1.0
"""Seconds by which the last stretch may end away from the video's stated length."""
_SHA256 = re.compile(r"[0-9a-f]{64}")
_VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class StoredTimeline:
    """A timeline as read from its file, with what it says it was made from."""

    timeline: SlideTimeline
    pages: int
    """Pages of the deck it was made with."""
    video_id: str | None


def timeline_text(timeline: SlideTimeline, *, pages: int, video_id: str | None) -> str:
    """Return the file's text: the sources first, then one stretch a line."""
    head = {
        "format": FORMAT,
        "deck": {"sha256": timeline.deck_sha256, "pages": pages},
        "video": {"id": video_id, "sha256": timeline.video_sha256, "duration": timeline.duration},
    }
    lines = [f'  "{key}": {json.dumps(value, ensure_ascii=False)},' for key, value in head.items()]
    rows = [
        json.dumps({"start": e.start, "end": e.end, "slide": e.slide}) for e in timeline.entries
    ]
    body = ",\n".join(f"    {row}" for row in rows)
    return "{\n" + "\n".join(lines) + '\n  "timeline": [\n' + body + "\n  ]\n}\n"


def read_timeline(path: Path) -> StoredTimeline:
    """Read and check a stored timeline; raise InputError (`FILE:LINE`) for anything wrong."""
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise InputError(path, 0, "not a regular file; it is not read")
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(path, 0, f"larger than {MAX_BYTES // 2**20} MB: not a timeline")
    text = decode(data, path)
    value = jsontext.parse(text, path)
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise InputError(path, 1, f'not a slide timeline (expected "format": "{FORMAT}")')
    deck = _object(value, "deck", path, text)
    video = _object(value, "video", path, text)
    deck_sha256 = _sha256(deck.get("sha256"), path, _line(text, '"deck"'), "deck")
    pages = deck.get("pages")
    if not _whole(pages) or not 1 <= pages <= MAX_PAGES:
        raise InputError(path, _line(text, '"deck"'), f"deck pages must be 1 to {MAX_PAGES}")
    video_line = _line(text, '"video"')
    video_sha256 = _sha256(video.get("sha256"), path, video_line, "video")
    duration = video.get("duration")
    if not _number(duration) or not 0 < duration <= MAX_SECONDS:
        raise InputError(path, video_line, "video duration must be a number of seconds above 0")
    video_id = video.get("id")
    if video_id is not None and not (isinstance(video_id, str) and _VIDEO_ID.fullmatch(video_id)):
        raise InputError(path, video_line, "video id must be a video id or null")
    entries = _entries(value.get("timeline"), path, text, pages, float(duration))
    timeline = SlideTimeline(deck_sha256, video_sha256, float(duration), entries)
    return StoredTimeline(timeline, pages, video_id)


def load_timeline(
    path: Path,
    *,
    deck_sha256: str,
    pages: int,
    video_id: str | None = None,
    video_sha256: str | None = None,
) -> tuple[SlideTimeline | None, tuple[Problem, ...]]:
    """Return the stored timeline when it fits this deck (and video), else None and why.

    Never raises for what the file holds: a broken file, or one made from another deck or
    video, is a warning, and the build goes on without it. A missing file is no warning.
    """
    if not path.exists() and not path.is_symlink():
        return None, ()
    try:
        stored = read_timeline(path)
    except InputError as err:
        return None, (err.problem,)
    except OSError as err:
        return None, (Problem(str(path), 0, f"cannot read it ({err.strerror or err})"),)
    why = mismatch(
        stored, deck_sha256=deck_sha256, pages=pages, video_id=video_id, video_sha256=video_sha256
    )
    if why:
        again = "run `python -m generator sync` on the lab again"
        return None, (Problem(str(path), 0, f"{why}: it is ignored; {again}"),)
    return stored.timeline, ()


def mismatch(
    stored: StoredTimeline,
    *,
    deck_sha256: str,
    pages: int,
    video_id: str | None = None,
    video_sha256: str | None = None,
) -> str | None:
    """Say why a stored timeline is not for this deck or video; None when it is."""
    if stored.timeline.deck_sha256 != deck_sha256:
        return f"made for another deck (SHA-256 {stored.timeline.deck_sha256[:12]}…)"
    if stored.pages != pages:
        return f"made for a deck of {stored.pages} pages, not {pages}"
    if video_id is not None and stored.video_id is not None and stored.video_id != video_id:
        return f"made for video {stored.video_id}, not {video_id}"
    if video_sha256 is not None and stored.timeline.video_sha256 != video_sha256:
        return f"made for another video file (SHA-256 {stored.timeline.video_sha256[:12]}…)"
    return None


def _entries(
    value: object, path: Path, text: str, pages: int, duration: float
) -> tuple[TimelineEntry, ...]:
    """Check the stretches: sorted, without gaps, from 0 to the video's end, pages in the deck."""
    lines = _element_lines(text)
    if not isinstance(value, list) or not value:
        raise InputError(path, _line(text, '"timeline"'), "timeline must be a list of stretches")
    if len(value) > MAX_ENTRIES:
        raise InputError(path, _line(text, '"timeline"'), f"more than {MAX_ENTRIES:,} stretches")
    found: list[TimelineEntry] = []
    for number, item in enumerate(value):
        line = lines[number] if number < len(lines) else 0
        entry = _entry(item, path, line, pages)
        expected = found[-1].end if found else 0.0
        if abs(entry.start - expected) > GAP:
            what = (
                "the video's start (0)"
                if not found
                else f"the end of the one before ({expected:g})"
            )
            raise InputError(path, line, f"stretch starts at {entry.start:g}, not at {what}")
        if entry.end > duration + END_SLACK:
            raise InputError(
                path, line, f"stretch ends at {entry.end:g}, after the video ({duration:g} s)"
            )
        found.append(entry)
    if abs(found[-1].end - duration) > END_SLACK:
        raise InputError(
            path,
            lines[-1] if lines else 0,
            f"the last stretch ends at {found[-1].end:g}, not with the video ({duration:g} s)",
        )
    return tuple(found)


def _entry(item: object, path: Path, line: int, pages: int) -> TimelineEntry:
    if not isinstance(item, dict) or set(item) != {"start", "end", "slide"}:
        raise InputError(path, line, 'a stretch is {"start": s, "end": s, "slide": n or null}')
    start, end, slide = item["start"], item["end"], item["slide"]
    if not (_number(start) and _number(end)):
        raise InputError(path, line, "start and end must be numbers of seconds")
    if not end > start:
        raise InputError(path, line, f"stretch ends ({end:g}) before it starts ({start:g})")
    if slide is not None and not (_whole(slide) and 1 <= slide <= pages):
        raise InputError(path, line, f"slide must be a page of the deck (1 to {pages}) or null")
    return TimelineEntry(float(start), float(end), slide)


def _object(value: dict[str, Any], key: str, path: Path, text: str) -> dict[str, Any]:
    found = value.get(key)
    if not isinstance(found, dict):
        raise InputError(path, _line(text, f'"{key}"') or 1, f'"{key}" must be an object')
    return found


def _sha256(value: object, path: Path, line: int, what: str) -> str:
    if not (isinstance(value, str) and _SHA256.fullmatch(value)):
        raise InputError(path, line, f"{what} sha256 must be 64 lowercase hexadecimal digits")
    return value


def _number(value: object) -> TypeGuard[float]:
    """Tell whether a JSON value is a finite number (not a boolean, not an int past a float)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) <= 2**53
    return isinstance(value, float) and math.isfinite(value)


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _line(text: str, key: str) -> int:
    """Return the line a top-level key is on (0 when it is not found)."""
    at = text.find(key)
    return text.count("\n", 0, at) + 1 if at >= 0 else 0


def _element_lines(text: str) -> list[int]:
    """Return the line each element of the "timeline" array starts on.

    The text parsed already, so the scanner meets only valid JSON; a file whose top level is
    not laid out as expected only loses the line numbers.
    """
    decoder = json.JSONDecoder()
    try:
        at = _skip(text, 0)
        if text[at] != "{":
            return []
        at += 1
        while True:
            at = _skip(text, at)
            if text[at] == "}":
                return []
            key, at = decoder.raw_decode(text, at)
            at = _skip(text, _skip(text, at) + 1)  # past the colon
            if key == "timeline" and text[at] == "[":
                return _array_lines(text, at, decoder)
            _, at = decoder.raw_decode(text, at)
            at = _skip(text, at)
            if text[at] == ",":
                at += 1
    except (ValueError, IndexError, RecursionError):
        return []


def _array_lines(text: str, at: int, decoder: json.JSONDecoder) -> list[int]:
    lines: list[int] = []
    line, counted = 1, 0
    at += 1
    while True:
        at = _skip(text, at)
        if text[at] == "]":
            return lines
        line += text.count("\n", counted, at)
        counted = at
        lines.append(line)
        _, at = decoder.raw_decode(text, at)
        at = _skip(text, at)
        if text[at] == ",":
            at += 1


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at
