"""Which recording a notes page embeds, wherever it is hosted.

A page names its talk's video the way Hugo sites write it: a `youtube` shortcode (read by
`notes.py`, with the chapters' YouTube links), a `vimeo` shortcode (`{{< vimeo 76979871 >}}`,
`{{< vimeo id="76979871" >}}`), a `peertube` one (`{{< peertube host="framatube.org"
id="9c9de5e8-0a1e-484a-b099-e80766180a6d" >}}`, or the video's address), a plain file
(`{{< video src="talk.mp4" >}}`), or a `video:` front matter field holding any of these
addresses. Values that are not what they claim are left out with a warning naming the line.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from urllib.parse import ParseResult, unquote, urlsplit

from generator.errors import Problem
from generator.layout import STORED_NAME, VIDEO_DIR
from generator.model import VideoSource
from generator.read.youtube import parse_url, youtube_id

_SHORTCODE = re.compile(r"\{\{<\s*(vimeo|peertube|video)\b(.*?)>\}\}", re.DOTALL)
_NAMED = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_BARE = re.compile(r"""^\s*["']?([^\s"'=]+)["']?\s*$""")
_VIMEO_ID = re.compile(r"[0-9]{6,12}")
# PeerTube names a video by its UUID, or by a short id of 22 base58 characters.
_PEERTUBE_ID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[1-9A-HJ-NP-Za-km-z]{22}"
)
_PEERTUBE_PATH = re.compile(r"^/(?:w|videos/watch|videos/embed)/([^/?#]+)/?$")
_HOST = re.compile(r"^[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::[0-9]{1,5})?$")
MEDIA_SUFFIXES = (".mp4", ".webm", ".m4v", ".mov", ".ogv", ".m3u8")
"""A plain video file, or an HLS playlist."""


def embedded_video(
    text: str, front_video: object, front_line: int, file: str, warnings: list[Problem]
) -> VideoSource | None:
    """Return the first video a page embeds other than YouTube's, or the front matter's."""
    if front_video is not None:
        found = _from_address(front_video, file, front_line, warnings, "video")
        if found is not None:
            return found
    for name, arguments, line in _shortcodes(text):
        found = _from_shortcode(name, arguments, file, line, warnings)
        if found is not None:
            return found
    return None


def youtube_source(video_id: str) -> VideoSource:
    """Return the source of a YouTube video."""
    return VideoSource("youtube", video_id, f"https://www.youtube.com/watch?v={video_id}")


def _shortcodes(text: str) -> Iterator[tuple[str, str, int]]:
    for match in _SHORTCODE.finditer(text):
        yield match.group(1), match.group(2), text.count("\n", 0, match.start()) + 1


def video_at(address: object) -> VideoSource | None:
    """Return the video at a web address, as a notes page naming it would; None if none."""
    if not isinstance(address, str) or not address.startswith(("http://", "https://")):
        return None
    return _from_address(address, "", 0, [], "address")


def stored_name(source: VideoSource) -> str | None:
    """Return the name a video's files are stored under in a lab's `video/` folder.

    A video on a host is named by its id, as yt-dlp names it. A file at an address is named
    by the address's last part, as yt-dlp's generic extractor names it (`…/keynote.webm`:
    `keynote.en.vtt`); a file of the lab's own in `video/` names them itself
    (`video/keynote.webm`: `video/keynote.en.vtt`). None: nothing can be stored.
    """
    if source.host != "file":
        return source.id
    address = urlsplit(source.url)
    if address.scheme:
        name = unquote(PurePosixPath(address.path).stem)
    elif PurePosixPath(source.url).parent == PurePosixPath(VIDEO_DIR):
        name = PurePosixPath(source.url).stem
    else:
        return None
    return name if STORED_NAME.fullmatch(name) else None


def _arguments(text: str) -> tuple[dict[str, str], str | None]:
    """Return a shortcode's named arguments, or its one bare argument."""
    named = {
        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
        for m in _NAMED.finditer(text)
    }
    bare = _BARE.match(text) if not named else None
    return named, bare.group(1) if bare else None


def _from_shortcode(
    name: str, arguments: str, file: str, line: int, warnings: list[Problem]
) -> VideoSource | None:
    named, bare = _arguments(arguments)
    if name == "vimeo":
        value = named.get("id") or bare or ""
        if _VIMEO_ID.fullmatch(value):
            return VideoSource("vimeo", value, f"https://vimeo.com/{value}")
        if value.startswith(("http://", "https://")):
            return _from_address(value, file, line, warnings, "vimeo shortcode")
        warnings.append(
            Problem(file, line, f"vimeo shortcode {value[:60]!r}: not a Vimeo video id (digits)")
        )
        return None
    if name == "peertube":
        host, video = named.get("host", ""), named.get("id", "")
        address = bare or named.get("url") or named.get("src")
        if address:
            return _from_address(address, file, line, warnings, "peertube shortcode")
        host = host.removeprefix("https://").removeprefix("http://").rstrip("/")
        if _HOST.fullmatch(host) and _PEERTUBE_ID.fullmatch(video):
            return VideoSource("peertube", video, f"https://{host}/w/{video}")
        warnings.append(
            Problem(
                file,
                line,
                'peertube shortcode: needs host="HOST" and id="VIDEO_ID" (a UUID or short id)',
            )
        )
        return None
    source = named.get("src") or named.get("url") or bare
    return _from_address(source, file, line, warnings, "video shortcode")


def _from_address(
    value: object, file: str, line: int, warnings: list[Problem], what: str
) -> VideoSource | None:
    """Read a video's address: a page on YouTube, Vimeo or PeerTube, or a media file."""
    if not isinstance(value, str) or not value.strip():
        warnings.append(Problem(file, line, f"{what}: needs the video's address"))
        return None
    address = value.strip()
    parsed = parse_url(address)
    if parsed is None or any(c.isspace() or ord(c) < 32 for c in address):
        warnings.append(Problem(file, line, f"{what} {address[:60]!r}: not an address"))
        return None
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return _from_web(address, parsed, file, line, warnings, what)
    # A file of the lab's own, named relative to the lab folder.
    path = parsed.path
    if parsed.scheme or parsed.netloc or path.startswith("/") or ".." in path.split("/"):
        warnings.append(
            Problem(file, line, f"{what} {address[:60]!r}: not a web address or a file of the lab")
        )
        return None
    if not path.lower().endswith(MEDIA_SUFFIXES):
        warnings.append(
            Problem(
                file,
                line,
                f"{what} {address[:60]!r}: not a video file ({', '.join(MEDIA_SUFFIXES)})",
            )
        )
        return None
    return VideoSource("file", None, path)


def _from_web(
    address: str, parsed: ParseResult, file: str, line: int, warnings: list[Problem], what: str
) -> VideoSource | None:
    found = youtube_id(address)
    if found:
        return youtube_source(found)
    host = parsed.netloc.lower().removeprefix("www.").removeprefix("player.")
    if host == "vimeo.com":
        parts = parsed.path.split("/")
        # A showcase's or channel's video: `…/showcase/1234567/video/76979871`.
        after = [b for a, b in itertools.pairwise(parts) if a == "video"]
        number = next((part for part in after + parts if _VIMEO_ID.fullmatch(part)), None)
        if number:
            return VideoSource("vimeo", number, f"https://vimeo.com/{number}")
    peertube = _PEERTUBE_PATH.match(parsed.path)
    if peertube and _PEERTUBE_ID.fullmatch(peertube.group(1)) and _HOST.fullmatch(parsed.netloc):
        video = peertube.group(1)
        return VideoSource("peertube", video, f"https://{parsed.netloc}/w/{video}")
    if parsed.path.lower().endswith(MEDIA_SUFFIXES):
        return VideoSource("file", None, address)
    warnings.append(Problem(file, line, f"{what} {address[:60]!r}: not a video this site can play"))
    return None
