"""Say what a page's player is: a local `<video>`, YouTube behind a facade, or a way out offline.

`labsite/player.html` lays it out; the page script finds the player by `data-kind` and its
moment by `data-start`/`data-end`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

from generator.model import Lab

if TYPE_CHECKING:
    from generator.write.pages import LabUrls

YOUTUBE_WATCH = "https://www.youtube.com/watch?v={id}&t={t}s"
YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/{id}?start={t}"


@dataclass(frozen=True)
class Player:
    """The player of a page and where it starts. Links are relative to the page."""

    kind: Literal["media", "youtube", "link", "none"]
    """`media`: the lab's own video; `youtube`: the embed behind its facade; `link`: offline,
    the thumbnail and a way out; `none`: the lab has no video."""
    start: int
    end: int | None
    title: str
    video_id: str | None
    media: str | None = None
    captions: str | None = None
    thumbnail: str | None = None
    watch: str | None = None
    """The video on YouTube from `start`."""
    embed: str | None = None


def player(
    lab: Lab,
    urls: LabUrls,
    start: int,
    end: float | None,
    link: Callable[[str], str],
    *,
    offline: bool,
) -> Player:
    """Return the player starting at `start`; `link` makes a site URI the page's link."""
    video_id = lab.notes.video_id
    thumbnail = link(urls.thumbnail) if urls.thumbnail else None
    none = Player("none", start, int(end) if end is not None else None, lab.notes.title, video_id)
    if urls.media:
        captions = link(urls.captions) if urls.captions else None
        return replace(
            none, kind="media", media=link(urls.media), captions=captions, thumbnail=thumbnail
        )
    if not video_id:
        return none
    watch = YOUTUBE_WATCH.format(id=quote(video_id), t=start)
    if offline:
        # No frame that cannot play: the stored thumbnail and a plain way out.
        return replace(none, kind="link", thumbnail=thumbnail, watch=watch)
    embed = YOUTUBE_EMBED.format(id=quote(video_id), t=start)
    return replace(none, kind="youtube", thumbnail=thumbnail, watch=watch, embed=embed)
