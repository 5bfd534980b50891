"""Say what a page's player is: a `<video>`, a host's embed behind a facade, or a way out offline.

`labsite/player.html` lays it out; the page script reads what it needs from the player's
JSON (`browser.config_json`): its kind, moment, embed, and the provider module and
host library that play it (`browser.PROVIDERS`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote, urlsplit

from generator.languages import html_language, language_name
from generator.model import Lab, VideoSource
from generator.write.browser import PROVIDERS, SCRIPTS, STORAGE, THEATRE, config_json

if TYPE_CHECKING:
    from generator.write.pages import LabUrls

YOUTUBE_WATCH = "https://www.youtube.com/watch?v={id}&t={t}s"
YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/{id}?start={t}"
# Where other hosts start their player and their page; `{t}` is whole seconds.
HOSTS = {
    "vimeo": (
        "Vimeo",
        "https://vimeo.com/{id}#t={t}s",
        "https://player.vimeo.com/video/{id}#t={t}s",
    ),
    "peertube": (
        "PeerTube",
        "https://{host}/w/{id}?start={t}s",
        "https://{host}/videos/embed/{id}?start={t}s",
    ),
}
# A browser plays these from their address; an HLS playlist plays natively or through hls.js.
PLAYABLE = (".mp4", ".webm", ".m4v", ".mov", ".ogv")
STREAM = ".m3u8"


@dataclass(frozen=True)
class Player:
    """The player of a page and where it starts. Links are relative to the page."""

    kind: Literal["media", "youtube", "vimeo", "peertube", "link", "none"]
    """`media`: a video file (the lab's own, or at an address) or an HLS stream; `youtube`,
    `vimeo`, `peertube`: the host's embed behind its facade; `link`: offline, the thumbnail
    and a way out; `none`: the lab has no video."""
    start: int
    end: int | None
    title: str
    """What the facade says: the talk's title, or on a chapter's page the chapter's."""
    video_id: str | None
    media: str | None = None
    captions: str | None = None
    thumbnail: str | None = None
    watch: str | None = None
    """The video on its host from `start`."""
    embed: str | None = None
    host: str = "YouTube"
    """The host's name, as the way out says it."""
    picture: Picture | None = None
    """What the facade shows when the video has no thumbnail: the chapter's first slide."""
    stream: str | None = None
    """An HLS playlist's address: the `<video>` gets it from the script, once played."""
    captions_lang: str = "en"
    """The language of the captions track (`captions`), as HTML names it."""
    captions_label: str = "English"
    preload: Literal["metadata", "none"] = "metadata"
    """What the `<video>` fetches before play: nothing from another host."""
    config: str = ""
    """The JSON the page's script reads (`browser.config_json`)."""


@dataclass(frozen=True)
class Picture:
    """A slide as a player's facade shows it: its thumbnail, its full picture, the thumbnail's
    width (the facade picks the full one where it is large)."""

    thumb: str
    full: str
    width: int


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
    made = _player(lab, urls, start, end, link, offline=offline)
    return replace(made, config=config_json(browser_config(made, lab, link)))


def browser_config(made: Player, lab: Lab, link: Callable[[str], str]) -> dict[str, object]:
    """Return what the page's script needs to know of `made`, with links from the page."""
    values: dict[str, object] = {
        "kind": made.kind,
        "start": made.start,
        "theatre": THEATRE,
        "storage": STORAGE,
        "captions": bool(lab.cues) if made.kind == "youtube" else False,
        "duration": lab.duration,
    }
    if made.kind in PROVIDERS:
        module, library = PROVIDERS[made.kind]
        values["module"] = link(SCRIPTS + module)
        if library is not None and (made.kind != "media" or made.stream):
            values["library"] = link(SCRIPTS + library)
    if made.kind == "media":
        values["eager"] = True
    if made.stream:
        values["stream"] = made.stream
    if made.embed:
        values["embed"] = made.embed
    if made.kind == "youtube":
        values["online"] = True
    return values


def _player(
    lab: Lab,
    urls: LabUrls,
    start: int,
    end: float | None,
    link: Callable[[str], str],
    *,
    offline: bool,
) -> Player:
    video_id = lab.notes.video_id
    thumbnail = link(urls.thumbnail) if urls.thumbnail else None
    none = Player("none", start, int(end) if end is not None else None, lab.notes.title, video_id)
    if urls.media:
        captions = link(urls.captions) if urls.captions else None
        made = replace(
            none, kind="media", media=link(urls.media), captions=captions, thumbnail=thumbnail
        )
        if lab.language:
            lang = lab.language
            made = replace(
                made, captions_lang=html_language(lang), captions_label=language_name(lang)
            )
        return made
    source = lab.notes.video
    if not video_id and source is not None and source.host != "youtube":
        return _elsewhere(none, source, start, thumbnail, offline=offline)
    if not video_id:
        return none
    watch = YOUTUBE_WATCH.format(id=quote(video_id), t=start)
    if offline:
        # No frame that cannot play: the stored thumbnail and a plain way out.
        return replace(none, kind="link", thumbnail=thumbnail, watch=watch)
    embed = YOUTUBE_EMBED.format(id=quote(video_id), t=start)
    return replace(none, kind="youtube", thumbnail=thumbnail, watch=watch, embed=embed)


def _elsewhere(
    none: Player, source: VideoSource, start: int, thumbnail: str | None, *, offline: bool
) -> Player:
    """Return the player of a video on Vimeo, PeerTube or at a file's address."""
    if source.host == "file":
        scheme = urlsplit(source.url).scheme
        path = urlsplit(source.url).path.lower()
        elsewhere = replace(none, kind="media", thumbnail=thumbnail, preload="none")
        # The player's own fragment says where it starts.
        address = urlsplit(source.url)._replace(fragment="").geturl()
        if scheme in ("http", "https") and path.endswith(PLAYABLE):
            return replace(elsewhere, media=address)
        if scheme in ("http", "https") and path.endswith(STREAM):
            return replace(elsewhere, stream=address)
        if scheme in ("http", "https"):
            return replace(none, kind="link", host="its site", watch=source.url)
        return none
    if source.host not in HOSTS or source.id is None:
        return none
    name, watch_form, embed_form = HOSTS[source.host]
    host = urlsplit(source.url).netloc
    video = quote(source.id)
    watch = watch_form.format(host=host, id=video, t=start)
    if offline:
        return replace(none, kind="link", thumbnail=thumbnail, watch=watch, host=name)
    embed = embed_form.format(host=host, id=video, t=start)
    kind: Literal["vimeo", "peertube"] = "vimeo" if source.host == "vimeo" else "peertube"
    return replace(none, kind=kind, thumbnail=thumbnail, watch=watch, embed=embed, host=name)
