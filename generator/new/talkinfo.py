"""Read what a new lab's notes say about a talk from its video's yt-dlp info."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import date as Date
from pathlib import Path, PurePosixPath
from typing import Any

from generator.errors import InputError
from generator.model import VideoSource
from generator.new.talkchapters import one_line, timestamp
from generator.read import embeds, jsontext
from generator.read.youtube import NOT_ONE_VIDEO, VIDEO_ID

MAX_INFO_BYTES = 64 * 1024 * 1024
"""yt-dlp's info of a long video with every format listed stays far below this."""
SUMMARY_CHARACTERS = 400
"""The description's first paragraph is cut at a word near this length."""
MAX_TAGS = 20
_YOUTUBE = "Youtube"
"""yt-dlp's key of its YouTube extractor."""
_FILE_EXTS = frozenset({"mp4", "webm", "m4v", "mov", "ogv"})
"""Files a browser plays as they are, by yt-dlp's name of a format's container."""
_UNQUOTABLE = re.compile(r"[\"'<>{}\\`]")
MAX_HEIGHT = 1080
"""The largest picture a lab's player is given when a host offers several files."""
PLAYS = "YouTube, Vimeo, PeerTube, or a .mp4, .webm or .m3u8 file"
"""What a lab's player plays."""


@dataclass(frozen=True)
class Talk:
    """What the video's info says about a talk."""

    video_id: str
    title: str
    summary: str
    """The description's first paragraph, without chapter timestamps, as one line."""
    description: str
    """The whole description, where chapter timestamps may be."""
    date: Date | None
    presenter: str
    tags: tuple[str, ...]
    duration: float | None
    chapters: tuple[tuple[float, str], ...]
    """(start in seconds, title) of the video's own chapter list."""
    file: str = ""
    """A recording of the lab's own: its path in the lab folder ("video/keynote.webm");
    "" for a video on YouTube (`video_id`) or elsewhere (`source`)."""
    source: VideoSource | None = None
    """A video on Vimeo or PeerTube, or a file at an address; None on YouTube or the lab's own."""

    @property
    def stored(self) -> str:
        """Return the name the video's files are stored under in the lab's video folder."""
        if self.file:
            return PurePosixPath(self.file).stem
        if self.source is not None:
            return embeds.stored_name(self.source) or ""
        return self.video_id


def read_info_file(path: Path) -> tuple[dict[str, Any], str]:
    """Read an info JSON that yt-dlp wrote; return it and its text (for line numbers)."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_INFO_BYTES + 1)
    except FileNotFoundError:
        raise InputError(path, 0, "video info file not found") from None
    except OSError as err:
        raise InputError(path, 0, f"cannot read the video info: {err.strerror or err}") from None
    if len(data) > MAX_INFO_BYTES:
        raise InputError(path, 0, f"larger than {MAX_INFO_BYTES // 2**20} MB: not a video info")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(path, 0, f"not UTF-8 text ({err.reason})") from None
    info = jsontext.parse(text, path, invalid="not valid JSON")
    if not isinstance(info, dict):
        raise InputError(path, 1, "not a video info: the JSON is not an object")
    return info, text


def talk_from_info(info: Mapping[str, Any], source: str | Path, text: str = "") -> Talk:
    """Check a yt-dlp info dict and read the talk from it; `text` locates problems by line."""

    def fail(key: str, message: str) -> InputError:
        return InputError(source, _line_of(text, key) if text else 0, message)

    if info.get("_type", "video") != "video":
        raise fail("_type", NOT_ONE_VIDEO)
    extractor = info.get("extractor_key")
    elsewhere = None
    video_id = info.get("id")
    if extractor is not None and extractor != _YOUTUBE:
        elsewhere = _elsewhere(info)
        if elsewhere is None or not embeds.stored_name(elsewhere):
            raise fail("extractor_key", f"a {extractor} video with nothing a lab plays ({PLAYS})")
        video_id = ""
    elif not isinstance(video_id, str) or not VIDEO_ID.fullmatch(video_id):
        raise fail("id", f"the video info has no YouTube video id ({video_id!r})")
    title = _text(info.get("title"))
    if not title:
        raise fail("title", "the video info has no title")
    description = info.get("description")
    description = description if isinstance(description, str) else ""
    return Talk(
        video_id=video_id,
        title=title,
        summary=_summary(description),
        description=description,
        date=_date(info),
        presenter=next(
            (_text(info.get(key)) for key in ("uploader", "channel") if _text(info.get(key))), ""
        ),
        tags=_tags(info.get("tags")),
        duration=_seconds(info.get("duration")),
        chapters=_chapters(info.get("chapters"), fail),
        source=elsewhere,
    )


def _elsewhere(info: Mapping[str, Any]) -> VideoSource | None:
    """Return where a video not on YouTube plays: its page on Vimeo or a PeerTube instance,
    else a file a browser plays (the largest up to 1080p), else an HLS stream; None if none."""
    for key in ("webpage_url", "original_url"):
        found = embeds.video_at(info.get(key))
        if found is not None and found.host in ("vimeo", "peertube"):
            return found
    formats = info.get("formats")
    candidates = [f for f in formats if isinstance(f, Mapping)] if isinstance(formats, list) else []
    candidates.append(info)
    files = [
        f
        for f in candidates
        if isinstance(f.get("ext"), str) and f["ext"] in _FILE_EXTS and f.get("vcodec") != "none"
    ]
    # With sound first; up to 1080p the largest first, then the smallest of the larger ones.
    files.sort(
        key=lambda f: (
            f.get("acodec") != "none",
            _height(f) <= MAX_HEIGHT,
            -abs(MAX_HEIGHT - _height(f)),
        )
    )
    files.reverse()
    streams = [f for f in candidates if str(f.get("protocol", "")).startswith("m3u8")]
    addresses = [f.get("url") for f in files]
    addresses += [f.get("manifest_url") or f.get("url") for f in streams]
    for address in addresses:
        # The address goes into a shortcode's quotes: nothing that could end them.
        if not isinstance(address, str) or _UNQUOTABLE.search(address):
            continue
        found = embeds.video_at(address.split("#")[0])
        if found is not None and found.host == "file" and embeds.stored_name(found):
            return found
    return None


def _height(form: Mapping[str, Any]) -> int:
    height = form.get("height")
    return height if isinstance(height, int) and not isinstance(height, bool) else 0


def _text(value: object) -> str:
    """Return a string value as one line of text; anything else as empty."""
    return one_line(value) if isinstance(value, str) else ""


def _summary(description: str) -> str:
    """Return the description's first paragraph that is not a chapter list, as one line."""
    paragraph: list[str] = []
    for line in description.splitlines():
        if timestamp(line):
            continue
        if not line.strip():
            if paragraph:
                break
            continue
        paragraph.append(line)
    summary = one_line(" ".join(paragraph))
    if len(summary) > SUMMARY_CHARACTERS:
        summary = summary[:SUMMARY_CHARACTERS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return summary


def _date(info: Mapping[str, Any]) -> Date | None:
    """Return the upload date (yt-dlp's YYYYMMDD), else the release date or time stamp."""
    for key in ("upload_date", "release_date"):
        value = info.get(key)
        if isinstance(value, str) and re.fullmatch(r"\d{8}", value):
            try:
                return datetime.strptime(value, "%Y%m%d").date()
            except ValueError:
                continue
    for key in ("timestamp", "release_timestamp"):
        value = _seconds(info.get(key))
        if value is not None:
            try:
                return datetime.fromtimestamp(value, UTC).date()
            except (OverflowError, OSError, ValueError):
                continue
    return None


def _tags(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    tags = dict.fromkeys(_text(tag) for tag in value if _text(tag))
    return tuple(tags)[:MAX_TAGS]


def _seconds(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1e12:
        return float(value)
    return None


def _chapters(
    value: object, fail: Callable[[str, str], InputError]
) -> tuple[tuple[float, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise fail("chapters", "'chapters' is not a list")
    chapters = []
    for item in value:
        start = _seconds(item.get("start_time")) if isinstance(item, dict) else None
        title = item.get("title") if isinstance(item, dict) else None
        if start is None or not isinstance(title, str):
            raise fail("chapters", "each chapter needs a start_time in seconds and a title")
        chapters.append((start, title))
    return tuple(chapters)


def _line_of(text: str, key: str) -> int:
    """Return the line of the first `"key":` in a JSON text (1 when it is not found)."""
    match = re.search(rf'"{re.escape(key)}"\s*:', text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def talk_from_probe(probe: Mapping[str, Any], path: Path, file: str) -> Talk:
    """Read a talk from what ffprobe says of a recording (`-show_format -show_chapters`):
    title, description, artist and date from the container's tags, else the file's name."""
    container = probe.get("format")
    container = container if isinstance(container, dict) else {}
    tags = container.get("tags")
    tags = {str(k).lower(): v for k, v in tags.items()} if isinstance(tags, dict) else {}
    title = _text(tags.get("title")) or path.stem.replace("_", " ").replace("-", " ").strip()
    description = next(
        (v for k in ("description", "comment", "synopsis") if isinstance(v := tags.get(k), str)),
        "",
    )
    made = next((v for k in ("date", "creation_time") if isinstance(v := tags.get(k), str)), "")
    found = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", made)
    chapters = []
    for item in probe.get("chapters") or ():
        start = _number(item.get("start_time")) if isinstance(item, dict) else None
        named = item.get("tags") if isinstance(item, dict) else None
        name = _text(named.get("title")) if isinstance(named, dict) else ""
        if start is not None and name:
            chapters.append((start, name))
    return Talk(
        video_id="",
        title=title or path.name,
        summary=_summary(description),
        description=description,
        date=_date({"upload_date": "".join(found.groups())} if found else {}),
        presenter=next(
            (_text(tags.get(k)) for k in ("artist", "author") if _text(tags.get(k))), ""
        ),
        tags=(),
        duration=_number(container.get("duration")),
        chapters=tuple(chapters),
        file=file,
    )


def _number(value: object) -> float | None:
    """Return a number ffprobe writes as text ("12.500000") as seconds."""
    try:
        return _seconds(float(value)) if isinstance(value, str | int | float) else None
    except ValueError:
        return None
