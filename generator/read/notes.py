"""Read a lab's notes page (Hugo Markdown in the Learning Lab format) into `Notes`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from generator.errors import InputError, Problem
from generator.model import MAX_CHAPTERS, Chapter, CodeBlock, Notes, Resource
from generator.read.embeds import embedded_video, youtube_source
from generator.read.frontmatter import is_text, read_front_matter
from generator.read.textfile import read_text
from generator.read.youtube import (
    BAD_VIDEO_ID,
    LIST_ID,
    NOT_ONE_VIDEO,
    VIDEO_ID,
    is_playlist_or_channel,
    parse_url,
    youtube_id,
)

_YOUTUBE = re.compile(r"\{\{<\s*youtube\s+(?:id=)?[\"']?([^\s\"'>}]*)[\"']?\s*>\}\}")
_SHORTCODE = re.compile(r"\{\{<.*?>\}\}")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`]*?)\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_CHAPTER = re.compile(r"^\[\s*(\d{1,3}(?::\d{1,2}){1,2})\s*\]\(\s*<?([^)\s>]*)>?\s*\)\s*(.*)$")
# Bold or italic around a whole entry's link ("**[0:00](url)** Intro") is only emphasis.
_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(\[[^\]]*\]\([^)]*\))\1")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_DURATION_PART = re.compile(r"(\d+)([hms])")


@dataclass(frozen=True)
class _Heading:
    level: int
    text: str
    line: int


def read_notes(path: Path, lab_id: str | None = None) -> Notes:
    """Read the notes page at `path`; raise `InputError` for a page that cannot be used."""
    try:
        text = read_text(path)
    except FileNotFoundError:
        raise InputError(path, 0, "notes file not found") from None
    except OSError as err:
        raise InputError(path, 0, f"cannot read the notes file: {err.strerror}") from None
    return parse_notes(text, str(path), lab_id or _lab_id(path))


def parse_notes(text: str, file: str, lab_id: str) -> Notes:
    """Parse the text of a notes page; `file` names it in messages."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    front = read_front_matter(text, file)
    meta, body_start = front.meta, front.body_start
    lines = text.split("\n")
    warnings = front.warnings

    sections = _find_heading(
        lines, body_start, re.compile(r"^(chapters|sections|timestamps)$", re.I)
    )
    if sections is None:
        raise InputError(file, body_start + 1, "no '## Sections' list of timestamped chapters")
    chapters = _read_chapters(lines, sections, file, warnings)

    video_id = _video_id(text, lines, sections, file, warnings)
    resources = _read_resources(lines, body_start, file)
    deck_url = _deck_url(resources)
    blocks = _read_code_blocks(lines, body_start, file)
    intro = _intro(lines, body_start, sections.line - 1)
    if meta.get("title") is not None and not is_text(meta["title"]):
        kind = type(meta["title"]).__name__
        raise InputError(file, front.line("title"), f"title must be text, not a {kind}")
    title = front.text("title")
    if not title:
        raise InputError(file, front.line("title"), "the front matter has no title")
    description = front.text("description")
    video = (
        youtube_source(video_id)
        if video_id
        else embedded_video(text, meta.get("video"), front.line("video"), file, warnings)
    )
    return Notes(
        path=file,
        id=lab_id,
        title=title,
        linktitle=front.text("linktitle") or title,
        description=description,
        date=front.date(),
        tags=front.tags(),
        weight=meta["weight"] if isinstance(meta.get("weight"), int) else None,
        presenter=front.presenter(description, intro),
        video_id=video_id,
        deck_url=deck_url,
        intro=intro,
        chapters=chapters,
        code_blocks=blocks,
        resources=resources,
        warnings=tuple(warnings),
        video=video,
    )


def parse_time(label: str) -> int | None:
    """Return the seconds of a `M:SS`, `MM:SS` or `H:MM:SS` label, or None if it is not one."""
    parts = label.strip().split(":")
    if not 2 <= len(parts) <= 3 or not all(p.isdecimal() for p in parts):
        return None
    numbers = [int(p) for p in parts]
    if any(n >= 60 for n in numbers[1:]) or any(len(p) > 2 for p in parts[1:]):
        return None
    seconds = 0
    for number in numbers:
        seconds = seconds * 60 + number
    return seconds


def link_time(url: str) -> int | None:
    """Return the `t` of a YouTube link (`t=214`, `214s`, `3m34s`, `1h2m3s`), or None."""
    parsed = parse_url(url)
    query = parse_qs(parsed.query) if parsed else {}
    values = query.get("t") or query.get("start")
    if not values:
        return None
    value = values[0].strip().lower()
    if value.isdecimal():
        return int(value)
    if value.endswith("s") and value[:-1].isdecimal():
        return int(value[:-1])
    parts = _DURATION_PART.findall(value)
    if not parts or "".join(n + u for n, u in parts) != value:
        return None
    return sum(int(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, u in parts)


def _lab_id(path: Path) -> str:
    return path.parent.name if path.stem in {"notes", "index", "_index"} else path.stem


def _headings(lines: list[str], start: int) -> list[_Heading]:
    found: list[_Heading] = []
    fence: str | None = None
    for number in range(start, len(lines)):
        line = lines[number]
        fenced = _FENCE.match(line)
        if fenced and (fence is None or fenced.group(2).startswith(fence)):
            fence = None if fence else fenced.group(2)[:3]
            continue
        heading = _HEADING.match(line) if fence is None else None
        if heading:
            found.append(_Heading(len(heading.group(1)), heading.group(2).strip(), number + 1))
    return found


def _find_heading(lines: list[str], start: int, name: re.Pattern[str]) -> _Heading | None:
    for heading in _headings(lines, start):
        if name.match(heading.text.strip()):
            return heading
    return None


def _section_lines(lines: list[str], heading: _Heading) -> range:
    """Return the 0-based line numbers of the body under `heading`, up to the next peer."""
    end = len(lines)
    for other in _headings(lines, heading.line):
        if other.level <= heading.level:
            end = other.line - 1
            break
    return range(heading.line, end)


def _read_chapters(
    lines: list[str], heading: _Heading, file: str, warnings: list[Problem]
) -> tuple[Chapter, ...]:
    chapters: list[Chapter] = []
    seen: dict[int, Chapter] = {}
    for number in _section_lines(lines, heading):
        bullet = _BULLET.match(lines[number])
        if not bullet:
            continue
        line = number + 1
        text = _EMPHASIS.sub(r"\2", bullet.group(1).strip())
        entry = _CHAPTER.match(text)
        if not entry:
            if re.search(r"\d:\d\d", text):
                warnings.append(
                    Problem(file, line, f"skipped an entry that looks like a chapter: {text!r}")
                )
            continue
        label, url, title = entry.groups()
        seconds = parse_time(label)
        if seconds is None:
            raise InputError(file, line, f"{label!r} is not a time like M:SS, MM:SS or H:MM:SS")
        title = _clean_title(title)
        if not title:
            raise InputError(file, line, f"the chapter at {label} has no title")
        linked = link_time(url)
        if linked is not None and linked != seconds:
            warnings.append(
                Problem(
                    file,
                    line,
                    f"label {label} ({seconds} s) and its link's t={linked} s disagree; "
                    f"keeping the label's time",
                )
            )
        if seconds in seen:
            earlier = seen[seconds]
            if earlier.title == title:
                warnings.append(
                    Problem(
                        file,
                        line,
                        f"chapter {label} {title!r} repeats line {earlier.line}; skipped",
                    )
                )
                continue
            raise InputError(
                file,
                line,
                f"two chapters start at {label}: {earlier.title!r} (line {earlier.line}) "
                f"and {title!r}",
            )
        if chapters and seconds < chapters[-1].seconds:
            previous = chapters[-1]
            raise InputError(
                file,
                line,
                f"chapter {label} {title!r} starts before the chapter above it "
                f"({_label(previous.seconds)} at line {previous.line}): chapters must be in order",
            )
        if len(chapters) == MAX_CHAPTERS:
            raise InputError(
                file,
                line,
                f"more than {MAX_CHAPTERS} chapters: each chapter is a page listing all of "
                "them, so merge some",
            )
        chapter = Chapter(index=len(chapters), seconds=seconds, title=title, line=line)
        seen[seconds] = chapter
        chapters.append(chapter)
    if not chapters:
        raise InputError(
            file, heading.line, f"the '{heading.text}' list has no timestamped chapters"
        )
    return tuple(chapters)


def _clean_title(title: str) -> str:
    title = title.strip()
    # A trailing backslash is a Markdown hard line break, not part of the title.
    title = title.rstrip("\\").rstrip()
    # Separators between the time and the title ("[1:00](url) - Intro", ": Intro", "| Intro").
    return title.strip("-–—:|·• ").strip()


def _label(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _video_id(
    text: str, lines: list[str], sections: _Heading, file: str, warnings: list[Problem]
) -> str | None:
    """Return the video id of the `youtube` shortcode, else of the chapters' links.

    A shortcode or link that names a playlist, a channel or no valid id is not used, and the
    publisher is told why.
    """
    links = [url for n in _section_lines(lines, sections) for _, url in _LINK.findall(lines[n])]
    refused = next((n for n in _section_lines(lines, sections) if _lists(lines[n])), None)
    if refused is not None:
        warnings.append(Problem(file, refused + 1, f"a chapter's link: {NOT_ONE_VIDEO}"))
    shortcode = _YOUTUBE.search(text)
    if shortcode:
        value, line = shortcode.group(1), text.count("\n", 0, shortcode.start()) + 1
        if VIDEO_ID.fullmatch(value):
            return value
        if LIST_ID.fullmatch(value) or value.startswith("@"):
            warnings.append(Problem(file, line, f"youtube shortcode {value!r}: {NOT_ONE_VIDEO}"))
        else:
            message = f"youtube shortcode {value[:60]!r}: {BAD_VIDEO_ID}"
            warnings.append(Problem(file, line, message))
    return next((found for url in links if (found := youtube_id(url))), None)


def _lists(line: str) -> bool:
    """Tell whether a line links a YouTube playlist or channel."""
    return any(is_playlist_or_channel(url) for _, url in _LINK.findall(line))


def _read_resources(lines: list[str], start: int, file: str) -> tuple[Resource, ...]:
    heading = _find_heading(lines, start, re.compile(r"^(resources?|resource links|links)\b", re.I))
    if heading is None:
        return ()
    found: list[Resource] = []
    for number in _section_lines(lines, heading):
        bullet = _BULLET.match(lines[number])
        if not bullet:
            continue
        item = bullet.group(1).strip()
        link = _LINK.search(item)
        if not link:
            continue
        prefix = item[: link.start()].strip()
        title = f"{prefix} {link.group(1)}".strip() if prefix else link.group(1)
        found.append(Resource(title=_SHORTCODE.sub("", title).strip(), url=link.group(2)))
    return tuple(found)


def _deck_url(resources: tuple[Resource, ...]) -> str | None:
    for resource in resources:
        if re.search(r"\b(slide deck|slides|deck|presentation)\b", resource.title, re.I):
            return resource.url
    for resource in resources:
        parsed = parse_url(resource.url)
        if parsed and parsed.path.lower().endswith(".pdf"):
            return resource.url
    return None


def _read_code_blocks(lines: list[str], start: int, file: str) -> tuple[CodeBlock, ...]:
    blocks: list[CodeBlock] = []
    path: list[_Heading] = []
    number = start
    while number < len(lines):
        line = lines[number]
        fence = _FENCE.match(line)
        if fence is None:
            heading = _HEADING.match(line)
            if heading:
                level = len(heading.group(1))
                path = [h for h in path if h.level < level]
                path.append(_Heading(level, heading.group(2).strip(), number + 1))
            number += 1
            continue
        indent, marker, info = fence.groups()
        body: list[str] = []
        end = number + 1
        while end < len(lines):
            closing = _FENCE.match(lines[end])
            if closing and closing.group(2).startswith(marker) and not closing.group(3):
                break
            body.append(lines[end][len(indent) :] if lines[end].startswith(indent) else lines[end])
            end += 1
        else:
            raise InputError(file, number + 1, f"code block opened with {marker} is never closed")
        blocks.append(CodeBlock(info, "\n".join(body), number + 1, tuple(h.text for h in path)))
        number = end + 1
    return tuple(blocks)


def _intro(lines: list[str], start: int, end: int) -> str:
    text = "\n".join(lines[start:end])
    text = _SHORTCODE.sub("", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
