"""What a page says to those who link to it, called directly: cards, JSON-LD, the head's tags.

`test_share.py` checks the same in built sites; these tests call each function on a lab made
in the test.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fragments import find, one
from hostile import unsafe
from models import VIDEO_ID, deck, lab, notes, paragraph, placed, slide, urls, without_video

from generator.write.share import (
    Card,
    Clip,
    VideoFacts,
    chapter_card,
    handout_card,
    head,
    iso_duration,
    json_ld,
    lab_card,
    lab_summary,
    resolver,
    script_json,
    video_facts,
)

SITE = "https://labs.example.org/talks"
HOSTILE = '</script><script>alert(1)</script> & "quotes" <b>'


@pytest.mark.parametrize(
    ("seconds", "written"),
    [
        (3090, "PT51M30S"),
        (3720, "PT1H2M"),
        (3600, "PT1H"),
        (3661.4, "PT1H1M1S"),
        (45, "PT45S"),
        (0, "PT0S"),
        (-5, "PT0S"),
        (7 * 24 * 3600, "PT168H"),
    ],
)
def test_iso_durations_name_only_the_parts_there_are(seconds: float, written: str) -> None:
    assert iso_duration(seconds) == written


def test_script_json_cannot_close_or_comment_out_its_script_element() -> None:
    data = {"name": HOSTILE, "more": "<!-- x --> ]]>", "text": "Über"}
    written = script_json(data)
    assert "<" not in written and ">" not in written and "&" not in written
    assert "Über" in written  # not escaped needlessly
    assert json.loads(written) == data


def test_resolver_makes_site_uris_absolute_with_a_site_url_else_page_relative() -> None:
    absolute = resolver("ll1/02/", SITE)
    assert absolute("ll1/slides/001.webp") == f"{SITE}/ll1/slides/001.webp"
    assert absolute("") == f"{SITE}/"
    assert absolute("https://i.ytimg.com/vi/x/hqdefault.jpg") == (
        "https://i.ytimg.com/vi/x/hqdefault.jpg"
    )
    relative = resolver("ll1/02/", None)
    assert relative("ll1/slides/001.webp") == "../slides/001.webp"
    assert relative("ll1/02/") == "./"


def _facts(**changes: Any) -> VideoFacts:
    values: dict[str, Any] = {
        "name": "Static images",
        "description": "How to build them.",
        "page": "ll1/",
        "thumbnail": "ll1/video/thumbnail.jpg",
        "upload_date": "2025-09-04",
        "duration": 3090.0,
        "embed_url": f"https://www.youtube.com/embed/{VIDEO_ID}",
        "content_url": None,
        "clips": (Clip("Opening words", 0, 60.0), Clip("Static binaries", 60, None)),
    }
    return VideoFacts(**(values | changes))


def test_json_ld_is_a_video_object_with_a_clip_per_chapter() -> None:
    data = json_ld(_facts(), resolver("ll1/", SITE))
    assert data == {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": "Static images",
        "description": "How to build them.",
        "url": f"{SITE}/ll1/",
        "thumbnailUrl": [f"{SITE}/ll1/video/thumbnail.jpg"],
        "uploadDate": "2025-09-04",
        "duration": "PT51M30S",
        "embedUrl": f"https://www.youtube.com/embed/{VIDEO_ID}",
        "hasPart": [
            {
                "@type": "Clip",
                "name": "Opening words",
                "startOffset": 0,
                "endOffset": 60,
                "url": f"{SITE}/ll1/#t=0",
            },
            # The last chapter's end is unknown: no end is said.
            {
                "@type": "Clip",
                "name": "Static binaries",
                "startOffset": 60,
                "url": f"{SITE}/ll1/#t=60",
            },
        ],
    }


def test_json_ld_of_a_media_file_says_where_the_file_is_and_leaves_out_the_unknown() -> None:
    unknown = dict.fromkeys(("thumbnail", "upload_date", "duration", "embed_url"))
    facts = _facts(**unknown, clips=(), content_url="ll1/video/video.mp4")
    data = json_ld(facts, resolver("ll1/", SITE))
    assert data["contentUrl"] == f"{SITE}/ll1/video/video.mp4"
    for absent in ("thumbnailUrl", "uploadDate", "duration", "embedUrl", "hasPart"):
        assert absent not in data


def _tags(markup: str) -> dict[str, str]:
    return {
        m.attrs.get("property") or m.attrs["name"]: m.attrs["content"] for m in find(markup, "meta")
    }


def test_the_head_of_a_lab_has_its_card_feed_and_json_ld_with_absolute_urls() -> None:
    picture = "ll1/video/thumbnail.jpg"
    card = Card("Static images", "How to build them.", picture, "The video", _facts())
    markup = head(card, page_url="ll1/", site_url=SITE, site_name="Talks", feed="../feed.xml")
    feed = one(markup, "link")
    assert feed.attrs == {
        "rel": "alternate",
        "type": "application/atom+xml",
        "title": "Talks",
        "href": "../feed.xml",
    }
    assert _tags(markup) == {
        "og:type": "video.other",
        "og:site_name": "Talks",
        "og:title": "Static images",
        "og:description": "How to build them.",
        "og:url": f"{SITE}/ll1/",
        "og:image": f"{SITE}/ll1/video/thumbnail.jpg",
        "og:image:alt": "The video",
        "twitter:card": "summary_large_image",
        "twitter:title": "Static images",
        "twitter:description": "How to build them.",
        "twitter:image": f"{SITE}/ll1/video/thumbnail.jpg",
        "twitter:image:alt": "The video",
    }
    script = one(markup, "script")
    assert script.attrs == {"type": "application/ld+json"}
    assert json.loads(script.raw)["url"] == f"{SITE}/ll1/"


def test_without_a_site_url_or_a_picture_the_head_says_less() -> None:
    card = Card("Tags", "Every tag.", None)
    markup = head(card, page_url="tags/", site_url=None, site_name="Talks")
    assert _tags(markup) == {
        "og:type": "website",
        "og:site_name": "Talks",
        "og:title": "Tags",
        "og:description": "Every tag.",
        "twitter:card": "summary",
        "twitter:title": "Tags",
        "twitter:description": "Every tag.",
    }
    assert find(markup, "link") == [] and find(markup, "script") == []


def test_hostile_text_stays_text_in_every_head_tag() -> None:
    card = Card(HOSTILE, HOSTILE, "ll1/x.webp", HOSTILE, _facts(name=HOSTILE, description=HOSTILE))
    markup = head(card, page_url="ll1/", site_url=SITE, site_name=HOSTILE, feed="feed.xml")
    scripts = find(markup, "script")
    assert [s.attrs for s in scripts] == [{"type": "application/ld+json"}]
    # The head's own elements, and no attribute or element of the lab's.
    assert unsafe(markup, lambda element: element.tag in ("script", "meta", "link")) == []
    assert len(find(markup, "meta")) == 12 and len(find(markup, "link")) == 1
    tags = _tags(markup)
    assert tags["og:title"] == tags["og:site_name"] == tags["og:image:alt"] == HOSTILE
    assert json.loads(scripts[0].raw)["name"] == HOSTILE


def test_a_lab_s_card_pictures_its_video_and_summarises_it() -> None:
    made = lab()
    card = lab_card(made, urls(made, thumbnail="ll1/video/thumbnail.webp"))
    assert card.title == "A test lab"
    assert (
        card.description
        == "A test lab (Ada Lovelace · September 4, 2025): video, slides and transcript."
    )
    assert (card.image, card.image_alt) == ("ll1/video/thumbnail.webp", "The video of A test lab")
    assert card.video is not None and card.video.page == "ll1/"
    # No stored thumbnail: the one YouTube publishes for every video.
    card = lab_card(made, urls(made))
    assert card.image == f"https://i.ytimg.com/vi/{VIDEO_ID}/hqdefault.jpg"


def test_a_lab_without_video_is_pictured_by_its_first_slide_or_not_at_all() -> None:
    made = lab(notes=without_video(notes()))
    card = lab_card(made, urls(made, thumb_sizes={3: (480, 270), 1: (480, 270)}))
    assert (card.image, card.image_alt) == ("ll1/slides/001.webp", "The first slide of A test lab")
    assert card.video is None
    bare = lab_card(made, urls(made))
    assert (bare.image, bare.image_alt) == (None, "")


def test_a_lab_summary_is_its_description_cut_to_300_characters() -> None:
    words = " ".join(["static"] * 100)  # 699 characters
    summary = lab_summary(lab(notes=notes(description=words)))
    assert len(summary) <= 300 and summary.endswith("static…")
    bare = lab(notes=notes(presenter="", date=None, title="Über"))
    assert lab_summary(bare) == "Über: video, slides and transcript."


def test_a_chapter_s_card_shows_its_first_slide_where_it_is_and_how_it_begins() -> None:
    made = lab(
        (0, "Opening words"),
        (60, "Static binaries"),
        deck=deck(slide(4, "Why static?"), slide(5, "")),
        placed=(placed(slide(4, "Why static?"), 1, 65.0), placed(slide(5, ""), 1, 80.0)),
        paragraphs=(paragraph(1, 61.0, "Static binaries carry their libraries."),),
    )
    where = urls(made, thumbnail="ll1/video/thumbnail.jpg")
    card = chapter_card(made, where, made.notes.chapters[1])
    assert card.title == "Static binaries · A test lab"
    assert card.description == (
        "1:00 – 2:00, 1 min of “A test lab”: Static binaries carry their libraries."
    )
    assert (card.image, card.image_alt) == ("ll1/slides/004.webp", "Slide 4: Why static?")
    assert card.video is None
    # A chapter with no slide and nothing said: the video's picture, and where it is.
    first = chapter_card(made, where, made.notes.chapters[0])
    assert (first.image, first.image_alt) == ("ll1/video/thumbnail.jpg", "The video of A test lab")
    assert first.description == "0:00 – 1:00, 1 min of “A test lab”."


def test_an_untitled_first_slide_is_named_by_the_lab() -> None:
    made = lab(placed=(placed(slide(2, ""), 0, 3.0),))
    card = chapter_card(made, urls(made), made.notes.chapters[0])
    assert card.image_alt == "Slide 2: A test lab"


def test_the_handout_s_card_is_the_lab_s_under_another_title() -> None:
    made = lab()
    where = urls(made)
    card, home = handout_card(made, where), lab_card(made, where)
    assert card.title == "Handout · A test lab"
    assert (card.description, card.image, card.image_alt) == (
        home.description,
        home.image,
        home.image_alt,
    )
    assert card.video is None


def test_video_facts_give_each_chapter_as_a_clip_to_the_next_one_s_start() -> None:
    made = lab((0, "One"), (60, "Two"), (3600, "Three"), duration=3725.0)
    facts = video_facts(made, urls(made))
    assert facts is not None
    assert facts.clips == (Clip("One", 0, 60), Clip("Two", 60, 3600), Clip("Three", 3600, 3725.0))
    assert facts.embed_url == f"https://www.youtube.com/embed/{VIDEO_ID}"
    assert (facts.upload_date, facts.duration, facts.content_url) == ("2025-09-04", 3725.0, None)
    # With no video id, a published media file is the video.
    media = lab(notes=without_video(notes()))
    facts = video_facts(media, urls(media, media="ll1/video/video.mp4"))
    assert facts is not None and (facts.embed_url, facts.content_url) == (
        None,
        "ll1/video/video.mp4",
    )
    assert video_facts(media, urls(media)) is None
