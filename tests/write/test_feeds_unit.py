"""The site's files for readers and crawlers: the Atom feed, the video sitemap, robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from generator.write.feeds import FEED_SIZE, FeedEntry, atom, robots, video_sitemap
from generator.write.share import Clip, VideoFacts

A = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
V = "{http://www.google.com/schemas/sitemap-video/1.1}"
SITE = "https://labs.example.org/talks"
HOSTILE = '"><script>alert(1)</script> & <b>bold</b>'


def _entry(lab_id: str, day: date | None, **changes: Any) -> FeedEntry:
    made = FeedEntry(lab_id, f"Lab {lab_id}", "", day, "", f"labs/{lab_id}/")
    return replace(made, **changes)


def _facts(**changes: Any) -> VideoFacts:
    made = VideoFacts(
        name="Static images",
        description="How to build them.",
        page="labs/ll1/",
        thumbnail="labs/ll1/video/thumbnail.jpg",
        upload_date="2025-09-04",
        duration=3090.4,
        embed_url="https://www.youtube.com/embed/AbCdEfGhIjK",
        content_url=None,
        clips=(Clip("Opening words", 0, 60),),
    )
    return replace(made, **changes)


def _feed(data: bytes) -> ET.Element:
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(data)


def test_the_feed_lists_labs_newest_first_and_undated_ones_last() -> None:
    entries = [
        _entry("b", date(2024, 1, 31)),
        _entry("undated", None),
        _entry("a", date(2025, 9, 4)),
        _entry("c", date(2024, 12, 1)),
    ]
    feed = _feed(atom(entries, title="Talks", site_url=SITE, feed_uri="labs/feed.xml"))
    titles = [e.findtext(f"{A}title") for e in feed.iter(f"{A}entry")]
    assert titles == ["Lab a", "Lab c", "Lab b", "Lab undated"]
    # RFC 3339 times, as Atom wants: the feed was updated with its newest lab.
    assert feed.findtext(f"{A}updated") == "2025-09-04T00:00:00Z"
    first = feed.find(f"{A}entry")
    assert first is not None
    assert first.findtext(f"{A}published") == "2025-09-04T00:00:00Z"
    # A lab without a date has no publication date; it was updated when the feed was.
    undated = list(feed.iter(f"{A}entry"))[-1]
    assert undated.find(f"{A}published") is None
    assert undated.findtext(f"{A}updated") == "2025-09-04T00:00:00Z"


def test_the_feed_keeps_only_the_newest_labs() -> None:
    first = date(2020, 1, 1)
    entries = [_entry(f"{n:03d}", first + timedelta(days=n)) for n in range(FEED_SIZE + 5)]
    feed = _feed(atom(entries, title="Talks", site_url=None))
    titles = [e.findtext(f"{A}title") for e in feed.iter(f"{A}entry")]
    # The five oldest are left out.
    assert titles == [f"Lab {n:03d}" for n in range(FEED_SIZE + 4, 4, -1)]


def test_with_a_site_url_links_and_ids_are_absolute() -> None:
    feed = _feed(atom([_entry("ll1", date(2025, 9, 4))], title="Talks", site_url=SITE))
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links == {"self": f"{SITE}/feed.xml", "alternate": f"{SITE}/"}
    assert feed.findtext(f"{A}id") == f"{SITE}/"
    entry = feed.find(f"{A}entry")
    assert entry is not None
    assert entry.findtext(f"{A}id") == f"{SITE}/labs/ll1/"
    alternate = entry.find(f"{A}link")
    assert alternate is not None and alternate.get("href") == f"{SITE}/labs/ll1/"


def test_without_a_site_url_links_are_relative_to_the_feed_and_ids_stable() -> None:
    entries = [_entry("ll1", date(2025, 9, 4)), _entry("ll2", date(2025, 8, 1))]
    made = atom(entries, title="Talks", site_url=None, feed_uri="labs/feed.xml")
    feed = _feed(made)
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links == {"self": "feed.xml", "alternate": "./"}
    hrefs = [e.find(f"{A}link").get("href") for e in feed.iter(f"{A}entry")]  # type: ignore[union-attr]
    assert hrefs == ["ll1/", "ll2/"]
    ids = [e.findtext(f"{A}id") or "" for e in feed.iter(f"{A}entry")]
    assert all(i.startswith("urn:uuid:") for i in ids) and len(set(ids)) == 2
    # The same labs give the same ids on the next build, so readers see nothing new.
    assert atom(entries, title="Talks", site_url=None, feed_uri="labs/feed.xml") == made


def test_hostile_and_non_ascii_text_stays_text_in_the_feed() -> None:
    entry = _entry(
        "ll1",
        date(2025, 9, 4),
        title=HOSTILE,
        summary="Über café — 日本語",
        author="Zoë\x00\x0b",  # characters XML cannot carry are dropped
    )
    data = atom([entry], title="Talks & <Co>", site_url=SITE)
    assert b"<script>" not in data and b"<b>" not in data
    feed = _feed(data)
    assert feed.findtext(f"{A}title") == "Talks & <Co>"
    written = feed.find(f"{A}entry")
    assert written is not None
    assert written.findtext(f"{A}title") == HOSTILE
    assert written.findtext(f"{A}summary") == "Über café — 日本語"
    assert written.findtext(f"{A}author/{A}name") == "Zoë"


def test_an_entry_without_author_or_summary_has_neither_element() -> None:
    feed = _feed(atom([_entry("ll1", date(2025, 9, 4))], title="Talks", site_url=SITE))
    entry = feed.find(f"{A}entry")
    assert entry is not None
    assert entry.find(f"{A}author") is None and entry.find(f"{A}summary") is None


def test_an_empty_feed_is_still_a_feed() -> None:
    feed = _feed(atom([], title="Talks", site_url=SITE))
    assert feed.find(f"{A}entry") is None
    assert feed.findtext(f"{A}updated") == "1970-01-01T00:00:00Z"


def test_the_video_sitemap_describes_each_lab_s_video_with_absolute_urls() -> None:
    urlset = ET.fromstring(video_sitemap([_facts()], site_url=SITE + "/"))
    (url,) = urlset.findall(f"{SM}url")
    assert url.findtext(f"{SM}loc") == f"{SITE}/labs/ll1/"
    video = url.find(f"{V}video")
    assert video is not None
    assert {child.tag.removeprefix(V): child.text for child in video} == {
        "thumbnail_loc": f"{SITE}/labs/ll1/video/thumbnail.jpg",
        "title": "Static images",
        "description": "How to build them.",
        "player_loc": "https://www.youtube.com/embed/AbCdEfGhIjK",
        "duration": "3090",  # whole seconds
        "publication_date": "2025-09-04",
    }


def test_the_video_sitemap_leaves_out_what_it_cannot_say() -> None:
    videos = [
        _facts(name="no picture", thumbnail=None),
        _facts(name="nothing to play", embed_url=None, content_url=None),
        _facts(name="a file", embed_url=None, content_url="labs/ll1/video/video.mp4"),
        # Longer than 8 hours, or shorter than a second, is no duration a sitemap takes.
        _facts(name="too long", duration=8 * 3600 + 1, description="", upload_date=None),
    ]
    urlset = ET.fromstring(video_sitemap(videos, site_url=SITE))
    listed = {v.findtext(f"{V}title") or "": v for v in urlset.iter(f"{V}video")}
    assert sorted(listed) == ["a file", "too long"]
    assert listed["a file"].findtext(f"{V}content_loc") == f"{SITE}/labs/ll1/video/video.mp4"
    assert listed["a file"].find(f"{V}player_loc") is None
    assert listed["too long"].find(f"{V}duration") is None
    assert listed["too long"].find(f"{V}publication_date") is None
    # A video must have a description: its name, when the lab gives none.
    assert listed["too long"].findtext(f"{V}description") == "too long"


def test_a_video_sitemap_description_is_cut_to_2048_characters() -> None:
    urlset = ET.fromstring(video_sitemap([_facts(description="é" * 3000)], site_url=SITE))
    assert urlset.findtext(f"{SM}url/{V}video/{V}description") == "é" * 2048


def test_robots_lets_crawlers_in_and_names_both_sitemaps() -> None:
    assert robots(SITE).decode() == (
        "User-agent: *\n"
        "Allow: /\n"
        "\n"
        f"Sitemap: {SITE}/sitemap.xml\n"
        f"Sitemap: {SITE}/sitemap-video.xml\n"
    )
