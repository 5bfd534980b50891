"""Write the site's files for readers and crawlers: an Atom feed of labs, a video sitemap, robots.txt.

XML is built with ElementTree, which escapes every text and attribute taken from a lab.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date as Date
from urllib.parse import urljoin

from generator.write.share import VideoFacts

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
VIDEO = "http://www.google.com/schemas/sitemap-video/1.1"
FEED_URI = "feed.xml"
VIDEO_SITEMAP_URI = "sitemap-video.xml"
ROBOTS_URI = "robots.txt"
FEED_SIZE = 50
"""The newest labs a feed lists; readers only look for what is new."""
_DESCRIPTION_LIMIT = 2048
"""Longest description a video sitemap takes."""
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class FeedEntry:
    """A lab as its feed entry shows it."""

    lab_id: str
    title: str
    summary: str
    date: Date | None
    author: str
    page: str
    """Site-relative URI of the lab's home."""


def atom(
    entries: Sequence[FeedEntry],
    *,
    title: str,
    site_url: str | None,
    feed_uri: str = FEED_URI,
) -> bytes:
    """Return an Atom feed of the newest `FEED_SIZE` labs, newest first.

    The feed sits at `feed_uri` and stands for the folder it is in. Links are absolute with
    `site_url`; without it they are relative to the feed, and ids are made from the labs' ids.
    """
    home = feed_uri.rpartition("/")[0]
    home = f"{home}/" if home else ""
    resolve = _resolver(site_url, home)
    ordered = sorted(
        entries, key=lambda e: (e.date.isoformat() if e.date else "", e.lab_id), reverse=True
    )[:FEED_SIZE]
    newest = max((e.date for e in entries if e.date), default=Date(1970, 1, 1))
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "title", title)
    _add(feed, "id", resolve(home) if site_url else _urn(f"feed:{title}"))
    _add(feed, "updated", _timestamp(newest))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=resolve(feed_uri))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=resolve(home))
    _add(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", title)
    for item in ordered:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _add(entry, "title", item.title)
        _add(entry, "id", resolve(item.page) if site_url else _urn(f"lab:{item.lab_id}"))
        _add(entry, "updated", _timestamp(item.date or newest))
        if item.date:
            _add(entry, "published", _timestamp(item.date))
        ET.SubElement(
            entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=resolve(item.page)
        )
        if item.author:
            _add(ET.SubElement(entry, f"{{{ATOM}}}author"), "name", item.author)
        if item.summary:
            _add(entry, "summary", item.summary)
    return _xml(feed)


def video_sitemap(videos: Sequence[VideoFacts], *, site_url: str) -> bytes:
    """Return a video sitemap: each lab's home with its video, for search engines."""
    resolve = _resolver(site_url)
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("video", VIDEO)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for facts in videos:
        if not facts.thumbnail or not (facts.content_url or facts.embed_url):
            continue  # the two things a video entry cannot do without
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = resolve(facts.page)
        video = ET.SubElement(url, f"{{{VIDEO}}}video")
        ET.SubElement(video, f"{{{VIDEO}}}thumbnail_loc").text = resolve(facts.thumbnail)
        ET.SubElement(video, f"{{{VIDEO}}}title").text = facts.name
        description = facts.description or facts.name
        ET.SubElement(video, f"{{{VIDEO}}}description").text = description[:_DESCRIPTION_LIMIT]
        if facts.content_url:
            ET.SubElement(video, f"{{{VIDEO}}}content_loc").text = resolve(facts.content_url)
        if facts.embed_url:
            ET.SubElement(video, f"{{{VIDEO}}}player_loc").text = facts.embed_url
        if facts.duration and 1 <= facts.duration <= 28800:
            ET.SubElement(video, f"{{{VIDEO}}}duration").text = str(round(facts.duration))
        if facts.upload_date:
            ET.SubElement(video, f"{{{VIDEO}}}publication_date").text = facts.upload_date
    return _xml(urlset)


def robots(site_url: str) -> bytes:
    """Return a robots.txt that lets crawlers in and names the site's sitemaps."""
    resolve = _resolver(site_url)
    lines = [
        "User-agent: *",
        "Allow: /",
        "",
        f"Sitemap: {resolve('sitemap.xml')}",
        f"Sitemap: {resolve(VIDEO_SITEMAP_URI)}",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def _resolver(site_url: str | None, home: str = "") -> Callable[[str], str]:
    """Resolve a site-relative URI: absolute with `site_url`, else relative to `home`."""
    if not site_url:
        return lambda uri: uri.removeprefix(home) or "./"
    base = site_url if site_url.endswith("/") else site_url + "/"
    return lambda uri: urljoin(base, uri)


def _add(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    child.text = text
    return child


def _timestamp(day: Date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _urn(name: str) -> str:
    """Return a stable id for a site without a URL: the same name always gives the same id."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"labsite:{name}").urn


def _xml(root: ET.Element) -> bytes:
    for element in root.iter():
        if element.text:
            element.text = _NOT_XML.sub("", element.text)
        for key, value in element.attrib.items():
            element.attrib[key] = _NOT_XML.sub("", value)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
