"""Tell a YouTube video's address from a playlist's or a channel's, and read its id."""

from __future__ import annotations

import re
from urllib.parse import ParseResult, parse_qs, urlparse

VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
"""A YouTube video id: exactly 11 letters, digits, "-" or "_"."""
NOT_ONE_VIDEO = (
    "a YouTube playlist or channel, not a video: "
    "a lab needs one video (https://www.youtube.com/watch?v=ID)"
)
"""What every command says when a playlist or a channel is given where a video is expected."""
BAD_VIDEO_ID = "not a YouTube video id (11 letters, digits, - or _)"
# Playlist ids (PL..., a channel's uploads UU..., mixes RD..., albums OLAK5uy_...) and
# channel ids (UC + 22 characters) are longer than a video's 11 characters.
LIST_ID = re.compile(r"(?:PL|UU|LL|FL|RD|OL|UC)[A-Za-z0-9_-]{10,}")
_CHANNEL_PATH = re.compile(r"^/(?:@[^/]+|channel/[^/]+|c/[^/]+|user/[^/]+)(?:/.*)?$")


def youtube_id(url: str) -> str | None:
    """Return the video id of a YouTube watch, short or embed link, or None."""
    parsed = parse_url(url)
    found = _youtube_id(parsed) if parsed else None
    return found if found and VIDEO_ID.fullmatch(found) else None


def is_playlist_or_channel(url: str) -> bool:
    """Tell whether a URL is a YouTube playlist or channel (and names no single video)."""
    parsed = parse_url(url)
    if parsed is None or not _is_youtube(parsed) or youtube_id(url):
        return False
    if parsed.path in ("/playlist", "/watch", "/embed/videoseries"):
        return bool(parse_qs(parsed.query).get("list"))
    return bool(_CHANNEL_PATH.match(parsed.path))


def _is_youtube(parsed: ParseResult) -> bool:
    host = parsed.netloc.lower().removeprefix("www.").removeprefix("m.")
    return host.endswith(("youtube.com", "youtube-nocookie.com"))


def parse_url(url: str) -> ParseResult | None:
    """Return the parts of a URL, or None when it cannot be parsed ("http://[")."""
    try:
        return urlparse(url.strip())
    except ValueError:
        return None


def _youtube_id(parsed: ParseResult) -> str | None:
    host = parsed.netloc.lower().removeprefix("www.").removeprefix("m.")
    if host == "youtu.be":
        return parsed.path.strip("/").split("/")[0] or None
    if host.endswith("youtube.com") or host.endswith("youtube-nocookie.com"):
        if parsed.path == "/watch":
            ids = parse_qs(parsed.query).get("v")
            return ids[0] if ids else None
        match = re.match(r"^/(?:embed|live|shorts)/([A-Za-z0-9_-]+)", parsed.path)
        return match.group(1) if match else None
    return None
