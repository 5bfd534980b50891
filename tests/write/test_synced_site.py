"""A lab synced from its recording: the site shows the slides when and as often as seen."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from labs import write_lab
from pdfs import write_pdf

from generator.align.fromtimeline import placed_from_timeline
from generator.build import build_site
from generator.load import load_lab
from generator.model import Chapter, Slide, SlideTimeline, TimelineEntry
from generator.read.timelinefile import timeline_text

VIDEO = "SyNcEdV1d3o"
# Chapter 1 from 0:00, chapter 2 from 2:00; the talk ends at 4:00.
CHAPTERS = ((0, "Why static images"), (120, "Building one"))
# Slide 1, slide 2, a demo (no slide), back to slide 2, then slide 3 and slide 4.
ENTRIES = (
    TimelineEntry(0.0, 40.0, 1),
    TimelineEntry(40.0, 70.0, 2),
    TimelineEntry(70.0, 100.0, None),
    TimelineEntry(100.0, 130.0, 2),
    TimelineEntry(130.0, 200.0, 3),
    TimelineEntry(200.0, 240.0, 4),
)


def _slide(number: int) -> Slide:
    return Slide(number, f"Slide {number}", f"words of slide {number}")


def test_each_chapter_gets_the_pages_it_showed_with_every_stretch() -> None:
    chapters = [Chapter(i, s, t, 0) for i, (s, t) in enumerate(CHAPTERS)]
    placed = placed_from_timeline(chapters, [_slide(n) for n in (1, 2, 3, 4)], ENTRIES, 240.0)
    found = [(p.chapter, p.slide.number, p.seconds, p.shown) for p in placed]
    assert found == [
        (0, 1, 0.0, ((0.0, 40.0),)),
        (0, 2, 40.0, ((40.0, 70.0), (100.0, 120.0))),
        # Slide 2 is still on screen when chapter 2 starts; the chapter's first page is it.
        (1, 2, 120.0, ((120.0, 130.0),)),
        (1, 3, 130.0, ((130.0, 200.0),)),
        (1, 4, 200.0, ((200.0, 240.0),)),
    ]


def _lab(parent: Path, timeline: SlideTimeline | None, pages: int = 4) -> Path:
    sections = "\n".join(f"- [{s // 60}:{s % 60:02d}](#) {t}" for s, t in CHAPTERS)
    notes = (
        f"---\ntitle: A synced talk\n---\n\n{{{{< youtube {VIDEO} >}}}}\n\n"
        f"## Sections\n\n{sections}\n"
    )
    lab = write_lab(parent, "synced", {"notes.md": notes})
    deck = write_pdf(
        lab / "deck.pdf", [[(f"Slide {n}", 40), ("about it", 20)] for n in range(1, pages + 1)]
    )
    if timeline is not None:
        # Made for this deck: the stored timeline names the deck by its digest.
        digest = hashlib.sha256(deck.read_bytes()).hexdigest()
        stored = SlideTimeline(digest, "0" * 64, 240.0, timeline.entries)
        text = timeline_text(stored, pages=pages, video_id=VIDEO)
        write_lab(parent, "synced", {"video/timeline.json": text})
    return lab


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("synced")
    lab = _lab(base / "labs", SlideTimeline("", "", 240.0, ENTRIES))
    out = base / "site"
    build_site([lab], out, cache_dir=base / "cache")
    return out


def _figures(page: Path) -> dict[str, str]:
    html = page.read_text(encoding="utf-8")
    return {
        m.group(1): m.group(0)
        for m in re.finditer(
            r'<figure class="ls-slide"[^>]*data-slide="(\d+)".*?</figure>', html, re.S
        )
    }


def test_a_slide_shown_twice_lists_both_moments(site: Path) -> None:
    figures = _figures(site / "01-why-static-images" / "index.html")
    assert sorted(figures) == ["1", "2"]
    assert 'data-shown="40.0-70.0 100.0-120.0"' in figures["2"]
    times = re.findall(r'data-seek="([0-9.]+)"[^>]*>([0-9:]+)</a>', figures["2"])
    assert times == [("40.0", "0:40"), ("100.0", "1:40")]


def test_the_handout_lists_every_moment_a_slide_was_shown(site: Path) -> None:
    html = (site / "handout" / "index.html").read_text(encoding="utf-8")
    chapters = html.split('<section class="ls-handout-chapter"')[1:]
    link = r'href="[^"]*#t=(\d+)"[^>]*>([0-9:]+)</a>'
    moments = [
        {n: re.findall(link, c) for n, c in re.findall(r"<figcaption>slide (\d+) · (.*?) · ", ch)}
        for ch in chapters
    ]
    # Slide 2 is on screen from 0:40 and again, after the demo, from 1:40; then from 2:00 on
    # into the second chapter.
    assert moments[0] == {"1": [("0", "0:00")], "2": [("40", "0:40"), ("100", "1:40")]}
    assert moments[1]["2"] == [("120", "2:00")]
    assert moments[1]["3"] == [("130", "2:10")]


def test_the_second_chapter_starts_on_the_slide_still_on_screen(site: Path) -> None:
    figures = _figures(site / "02-building-one" / "index.html")
    assert sorted(figures) == ["2", "3", "4"]
    assert 'data-start="120.0"' in figures["2"]


def test_a_timeline_of_another_deck_is_ignored_with_a_warning(tmp_path: Path) -> None:
    lab = _lab(tmp_path, SlideTimeline("", "", 240.0, ENTRIES))
    # The deck changed after the sync: one page more, so other bytes and another count.
    write_pdf(lab / "deck.pdf", [[(f"Slide {n}", 40)] for n in range(1, 6)])
    loaded = load_lab(lab, tmp_path / "cache")
    assert loaded.timeline is None
    [warning] = [d for d in loaded.diagnostics if d.file.endswith("timeline.json")]
    assert "ignored" in warning.message and warning.severity == "warning"
    assert all(not p.shown for p in loaded.placed)
