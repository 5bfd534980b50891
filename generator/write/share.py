"""Say what a page is to those who link to it: Open Graph and Twitter cards, schema.org JSON-LD.

Social sites show a page's card (title, description, picture) when it is shared; search
engines read a lab's video, and its chapters as key moments, from JSON-LD on the lab's home.
The cards are made when the site is planned (`lab_card`, `chapter_card`, ...) and written
into each page's head (`head`). Every value comes from the lab folder, so it is escaped
where it becomes markup (`labsite/head.html`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from markupsafe import Markup

from generator.formats import long_date, shorten
from generator.model import Chapter, Lab
from generator.write.markup import DEFAULT, Templates
from generator.write.pages import LabUrls, chapter_end, relative, time_range

YOUTUBE_PLAYER = "https://www.youtube.com/embed/{id}"
"""The video's player as search engines know it (pages embed the privacy-enhanced one)."""
YOUTUBE_THUMBNAIL = "https://i.ytimg.com/vi/{id}/hqdefault.jpg"
"""The picture YouTube publishes for every video, for labs with no picture of their own."""


@dataclass(frozen=True)
class Clip:
    """A chapter as a part of the video: a key moment that links to its start."""

    name: str
    start: int
    end: float | None
    """None when the video's length is unknown and this is the last chapter."""


@dataclass(frozen=True)
class VideoFacts:
    """A lab's video as schema.org's `VideoObject` and video sitemaps describe it.

    URIs without a scheme are the site's own files; they become absolute with `site_url`.
    """

    name: str
    description: str
    page: str
    """The lab's home, whose player `#t=` links set."""
    thumbnail: str | None
    upload_date: str | None
    """ISO 8601 date."""
    duration: float | None
    embed_url: str | None
    content_url: str | None
    clips: tuple[Clip, ...]


@dataclass(frozen=True)
class Card:
    """What a page shows of itself when shared."""

    title: str
    description: str
    image: str | None
    image_alt: str = ""
    video: VideoFacts | None = None
    """Set on a lab's home: its JSON-LD describes the video."""


def resolver(page_url: str, site_url: str | None) -> Callable[[str], str]:
    """Return a function that makes a site URI absolute (with `site_url`) or page-relative."""

    def resolve(uri: str) -> str:
        if urlsplit(uri).scheme:
            return uri
        if site_url:
            return urljoin(site_url if site_url.endswith("/") else site_url + "/", uri)
        return relative(page_url, uri)

    return resolve


def head(
    card: Card,
    *,
    page_url: str,
    site_url: str | None,
    site_name: str,
    feed: str | None = None,
    templates: Templates = DEFAULT,
) -> str:
    """Return the `<head>` tags of a page: the `feed` link, Open Graph, Twitter card and,
    for a lab, JSON-LD."""
    resolve = resolver(page_url, site_url)
    og = {
        "og:type": "video.other" if card.video else "website",
        "og:site_name": site_name,
        "og:title": card.title,
        "og:description": card.description,
        "og:url": resolve(page_url) if site_url else "",
        "og:image": resolve(card.image) if card.image else "",
        "og:image:alt": card.image_alt if card.image else "",
    }
    twitter = {
        "twitter:card": "summary_large_image" if card.image else "summary",
        "twitter:title": card.title,
        "twitter:description": card.description,
        "twitter:image": og["og:image"],
        "twitter:image:alt": og["og:image:alt"],
    }
    data = json_ld(card.video, resolve) if card.video is not None else None
    tags = templates.render(
        "head.html",
        feed=feed,
        site_name=site_name,
        og=[(key, value) for key, value in og.items() if value],
        twitter=[(key, value) for key, value in twitter.items() if value],
        # JSON made safe for its <script> element: not HTML, so not escaped as HTML.
        json_ld=Markup(script_json(data)) if data is not None else None,
    )
    return tags.removesuffix("\n")  # the theme's template ends the line


def json_ld(video: VideoFacts, resolve: Callable[[str], str]) -> dict[str, Any]:
    """Return the schema.org `VideoObject` of a lab, with one `Clip` per chapter."""
    page = resolve(video.page)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": video.name,
        "description": video.description,
        "url": page,
    }
    if video.thumbnail:
        data["thumbnailUrl"] = [resolve(video.thumbnail)]
    if video.upload_date:
        data["uploadDate"] = video.upload_date
    if video.duration:
        data["duration"] = iso_duration(video.duration)
    if video.content_url:
        data["contentUrl"] = resolve(video.content_url)
    if video.embed_url:
        data["embedUrl"] = video.embed_url
    clips = []
    for clip in video.clips:
        part: dict[str, Any] = {
            "@type": "Clip",
            "name": clip.name,
            "startOffset": clip.start,
            "url": f"{page}#t={clip.start}",
        }
        if clip.end is not None:
            part["endOffset"] = int(clip.end)
        clips.append(part)
    if clips:
        data["hasPart"] = clips
    return data


def script_json(data: object) -> str:
    """Return JSON that cannot end or comment out the `<script>` element it is written in."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def iso_duration(seconds: float) -> str:
    """Format a length as ISO 8601: `PT51M30S`, `PT1H2M`."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return "PT" + parts + (f"{secs}S" if secs or not parts else "")


def lab_card(lab: Lab, urls: LabUrls) -> Card:
    """Return the card of a lab's home, with its video for JSON-LD."""
    title = lab.notes.title
    picture = _picture(lab, urls, None)
    alt = _picture_alt(lab, urls, None)
    return Card(title, lab_summary(lab), picture, alt, video_facts(lab, urls))


def chapter_card(lab: Lab, urls: LabUrls, chapter: Chapter) -> Card:
    """Return the card of a chapter's page: its first slide, where it is, how it begins."""
    return Card(
        f"{chapter.title} · {lab.notes.title}",
        _chapter_summary(lab, chapter),
        _picture(lab, urls, chapter),
        _picture_alt(lab, urls, chapter),
    )


def handout_card(lab: Lab, urls: LabUrls) -> Card:
    """Return the card of a lab's handout."""
    home = lab_card(lab, urls)
    return Card(f"Handout · {home.title}", home.description, home.image, home.image_alt)


def video_facts(lab: Lab, urls: LabUrls) -> VideoFacts | None:
    """Describe a lab's video for search engines; None when the lab has no video."""
    notes = lab.notes
    video_id = notes.video_id
    if not video_id and not urls.media:
        return None
    clips = tuple(
        Clip(chapter.title, chapter.seconds, chapter_end(lab, chapter))
        for chapter in notes.chapters
    )
    thumbnail = _picture(lab, urls, None)
    return VideoFacts(
        name=notes.title,
        description=lab_summary(lab),
        page=urls.home,
        thumbnail=thumbnail,
        upload_date=notes.date.isoformat() if notes.date else None,
        duration=lab.duration,
        embed_url=YOUTUBE_PLAYER.format(id=quote(video_id)) if video_id else None,
        content_url=urls.media,
        clips=clips,
    )


def _picture(lab: Lab, urls: LabUrls, chapter: Chapter | None) -> str | None:
    """Return a page's picture: the chapter's first slide, else the video's thumbnail (stored,
    else YouTube's), else the deck's first slide."""
    placed = [p for p in lab.placed if chapter is None or p.chapter == chapter.index]
    if chapter is not None and placed:
        return urls.slide_full(placed[0].slide.number)
    if urls.thumbnail:
        return urls.thumbnail
    if lab.notes.video_id:
        return YOUTUBE_THUMBNAIL.format(id=quote(lab.notes.video_id))
    return urls.slide_full(min(urls.thumb_sizes)) if urls.thumb_sizes else None


def _picture_alt(lab: Lab, urls: LabUrls, chapter: Chapter | None) -> str:
    """Return what `_picture` shows, for readers who cannot see it."""
    placed = [p for p in lab.placed if chapter is not None and p.chapter == chapter.index]
    if placed:
        slide = placed[0].slide
        named = slide.heading if slide.heading != f"Slide {slide.number}" else lab.notes.title
        return f"Slide {slide.number}: {named}"
    if urls.thumbnail or lab.notes.video_id:
        return f"The video of {lab.notes.title}"
    return f"The first slide of {lab.notes.title}" if urls.thumb_sizes else ""


def lab_summary(lab: Lab) -> str:
    """Return a lab's description, or what the lab is when its notes give none."""
    notes = lab.notes
    if notes.description:
        return shorten(notes.description, 300)
    facts = [notes.presenter, long_date(notes.date) if notes.date else ""]
    said = " · ".join(f for f in facts if f)
    return f"{notes.title}" + (f" ({said})" if said else "") + ": video, slides and transcript."


def _chapter_summary(lab: Lab, chapter: Chapter) -> str:
    """Return a chapter's description: where it is in the talk, and how it begins."""
    where = f"{time_range(lab, chapter)} of “{lab.notes.title}”"
    said = next((p.text for p in lab.paragraphs if p.chapter == chapter.index), "")
    return shorten(f"{where}: {said}" if said else f"{where}.", 300)
