"""Write the player of a page: a local `<video>`, YouTube behind a facade, or a way out offline."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import quote

from generator.formats import clock, escape
from generator.model import Lab

if TYPE_CHECKING:
    from generator.write.pages import LabUrls

YOUTUBE_WATCH = "https://www.youtube.com/watch?v={id}&t={t}s"
YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/{id}?start={t}"


def player(
    lab: Lab,
    urls: LabUrls,
    start: int,
    end: float | None,
    link: Callable[[str], str],
    *,
    offline: bool,
) -> str:
    """Return the player starting at `start`, followed by its bar (links and, by script, controls).

    The page script finds the player by `data-kind` and its moment by `data-start`/`data-end`.
    """
    video_id = lab.notes.video_id
    data = f'data-start="{start}"' + (f' data-end="{int(end)}"' if end is not None else "")
    if urls.media:
        track = (
            f'<track kind="captions" srclang="en" label="English" src="{link(urls.captions)}">'
            if urls.captions
            else ""
        )
        poster = f' poster="{link(urls.thumbnail)}"' if urls.thumbnail else ""
        return (
            f'<div class="ls-player" data-kind="media" data-pagefind-ignore="all" {data}>'
            f'<video controls preload="metadata" playsinline{poster} '
            f'src="{link(urls.media)}#t={start}">{track}</video></div>\n\n' + _bar("")
        )
    if not video_id:
        return '<div class="ls-player ls-player-none"><p>This lab has no video link.</p></div>'
    image = (
        f'<img src="{link(urls.thumbnail)}" alt="" class="ls-noglb" loading="lazy">'
        if urls.thumbnail
        else f'<span class="ls-facade-title">{escape(lab.notes.title)}</span>'
    )
    watch = escape(YOUTUBE_WATCH.format(id=quote(video_id), t=start))
    watch_link = f'<a href="{watch}" rel="noopener">Watch on YouTube from {clock(start)}</a>'
    if offline:
        # No frame that cannot play: the stored thumbnail and a plain way out.
        return (
            f'<div class="ls-player is-offline" data-kind="link" data-pagefind-ignore="all" '
            f'data-video="{escape(video_id)}" {data}>'
            f'<div class="ls-facade">{image}</div>'
            f'<p class="ls-offline-note">The video needs internet — '
            f'<a href="{watch}" rel="noopener">watch on YouTube from {clock(start)}</a>.</p></div>\n\n'
            + _bar(watch_link)
        )
    embed = escape(YOUTUBE_EMBED.format(id=quote(video_id), t=start))
    label = f"Play video from {clock(start)}"
    return (
        f'<div class="ls-player" data-kind="youtube" data-pagefind-ignore="all" '
        f'data-video="{escape(video_id)}" {data} '
        f'data-embed="{embed}">'
        f'<button type="button" class="ls-facade" aria-label="{label}">{image}'
        f'<span class="ls-play" aria-hidden="true"></span>'
        f'<span class="ls-facade-label" aria-hidden="true">{label}</span></button>'
        f'<p class="ls-offline-note">The video needs internet — '
        f'<a href="{watch}" rel="noopener">watch on YouTube</a>.</p></div>\n\n' + _bar(watch_link)
    )


def _bar(watch_link: str) -> str:
    """Return the strip under the player: the YouTube link, and room for the script's controls."""
    watch = f'<p class="ls-watch">{watch_link}</p>' if watch_link else ""
    return f'<div class="ls-bar" data-pagefind-ignore="all">{watch}</div>'
