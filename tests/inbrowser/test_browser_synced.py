"""In Chromium, with a local video: the current slide follows the recording's timeline,
through a stretch with no slide and back to a slide shown before."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from browser import require_browser, serve, wait_for
from sites import MEDIA_VIDEO, media_lab

from generator.build import build_site
from generator.model import SlideTimeline, TimelineEntry
from generator.read.timelinefile import timeline_text

pytestmark = pytest.mark.xdist_group("browser")

# The media lab's chapters start at 0:00, 0:20 and 0:40; its deck has four pages.
ENTRIES = (
    TimelineEntry(0.0, 8.0, 1),
    TimelineEntry(8.0, 12.0, None),  # a terminal: no page of the deck
    TimelineEntry(12.0, 16.0, 2),
    TimelineEntry(16.0, 20.0, 1),  # back to the first slide
    TimelineEntry(20.0, 40.0, 3),
    TimelineEntry(40.0, 60.0, 4),
)
CURRENT = "var s = document.querySelector('.ls-slides .ls-slide.is-current'); return s && s.dataset.slide;"


@pytest.fixture(scope="module")
def synced_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_browser()
    base = tmp_path_factory.mktemp("synced-browser")
    lab = media_lab(base / "labs" / "medialab")
    deck = (lab / "deck.pdf").read_bytes()
    timeline = SlideTimeline(hashlib.sha256(deck).hexdigest(), "0" * 64, 60.0, ENTRIES)
    (lab / "video" / "timeline.json").write_text(
        timeline_text(timeline, pages=4, video_id=MEDIA_VIDEO), encoding="utf-8"
    )
    out = base / "site"
    build_site([lab], out, cache_dir=base / "cache")
    return out


def _seek(browser: Any, seconds: float) -> None:
    browser.execute_script(f"document.querySelector('.ls-player video').currentTime = {seconds};")


def test_the_current_slide_follows_what_was_on_screen(synced_site: Path, browser: Any) -> None:
    with serve(synced_site) as base:
        browser.get(base + "01-opening-words/")
        wait_for(
            lambda: browser.execute_script(
                "return document.querySelector('.ls-player video').readyState >= 1"
            ),
            what="the video's metadata",
        )
        seen = []
        for seconds, expected in ((4, "1"), (10, None), (14, "2"), (18, "1")):
            _seek(browser, seconds)
            wait_for(
                lambda e=expected: browser.execute_script(CURRENT) == e,
                what=f"slide {expected} at {seconds} s",
            )
            seen.append(browser.execute_script(CURRENT))
        assert seen == ["1", None, "2", "1"]
