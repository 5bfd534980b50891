"""A lab's home page: chapter lengths, the slides of each chapter, the downloads."""

from __future__ import annotations

import json
import re
from pathlib import Path

from labs import VIDEO_ID, notes, write_lab
from pdfs import write_pdf

from generator.build import build_site

CHAPTERS = ("0:00 Opening words", "1:30 Compiler history", "5:00 Linkers", "6:40 Closing remarks")
# Lengths by hand: 1:30, 3:30, 1:40, and the video's 500 s end the last chapter at 1:40.
LENGTHS = ["1 min 30 s", "3 min 30 s", "1 min 40 s", "1 min 40 s"]
CAPTIONS = (
    "WEBVTT\n\n00:00:02.000 --> 00:00:05.000\nWelcome, everyone.\n\n"
    "00:01:31.000 --> 00:01:34.000\nThe first compiler was a <i>big</i> step.\n"
)


def _build(tmp_path: Path, files: dict[str, str | bytes]) -> tuple[Path, str]:
    lab = write_lab(tmp_path, "lab", {"notes.md": notes(*CHAPTERS), **files})
    out = tmp_path / "site"
    build_site([lab], out, cache_dir=tmp_path / "cache")
    return out, (out / "index.html").read_text()


def _chapter_list(home: str) -> list[tuple[str, str, str]]:
    """Return (time, title, length) of each entry of the home page's chapter list."""
    [items] = re.findall(r'<ol class="ls-chapters">(.*?)</ol>', home, re.S)
    return [
        (time, title, length)
        for time, title, length in re.findall(
            r'<a class="ls-time"[^>]*>([^<]*)</a> <a href="[^"]*">([^<]*)</a>'
            r'(?: <span class="ls-length">([^<]*)</span>)?',
            items,
        )
    ]


def test_chapter_lengths_come_from_the_next_start_and_the_videos_end(tmp_path: Path) -> None:
    info = json.dumps({"id": VIDEO_ID, "title": "Talk", "duration": 500})
    _, home = _build(tmp_path, {f"video/{VIDEO_ID}.info.json": info})
    assert _chapter_list(home) == [
        (chapter.split(" ", 1)[0], chapter.split(" ", 1)[1], length)
        for chapter, length in zip(CHAPTERS, LENGTHS, strict=True)
    ]


def test_without_the_videos_length_the_last_chapter_has_none(tmp_path: Path) -> None:
    _, home = _build(tmp_path, {})
    assert [length for _, _, length in _chapter_list(home)] == [*LENGTHS[:3], ""]


def test_all_slides_are_shown_under_their_chapters(tmp_path: Path) -> None:
    # Pins fix the assignment: chapters start on slides 1, 3, none and 4 of five.
    pins = 'pins:\n  "Opening words": 1\n  "Compiler history": 3\n  "Linkers": 0\n  3: 4\n'
    deck = write_pdf(
        tmp_path / "deck.pdf", [[(f"Slide title {n}", 40), (f"body {n}", 20)] for n in range(1, 6)]
    )
    out, home = _build(tmp_path, {"lab.yml": pins, "deck.pdf": deck.read_bytes()})
    sections = re.findall(
        r'<section class="ls-overview"><h3><a href="([^"]*)">([^<]*)</a></h3>(.*?)</section>',
        home,
        re.S,
    )
    overview = [
        (title, re.findall(r'alt="Slide (\d+):', thumbs), href) for href, title, thumbs in sections
    ]
    assert [(title, numbers) for title, numbers, _ in overview] == [
        ("Opening words", ["1", "2"]),
        ("Compiler history", ["3"]),
        ("Closing remarks", ["4", "5"]),
    ]
    assert [href for _, _, href in overview] == [
        "01-opening-words/",
        "02-compiler-history/",
        "04-closing-remarks/",
    ]
    # A chapter with no slide of its own shows the one still on screen: the previous chapter's.
    linkers = (out / "03-linkers" / "index.html").read_text()
    assert re.search(r'<figure class="ls-slide is-carried"[^>]* data-slide="3"', linkers)
    assert "still on screen from" in linkers and "No slide of its own" not in linkers


def test_the_transcript_is_offered_as_webvtt(tmp_path: Path) -> None:
    out, home = _build(tmp_path, {f"video/{VIDEO_ID}.en.vtt": CAPTIONS})
    assert re.search(
        r'<a href="video/transcript.vtt" download="[^"]+\.vtt">WebVTT \(\.vtt\)</a>', home
    )
    transcript = (out / "video" / "transcript.vtt").read_text()
    assert transcript.startswith("WEBVTT")
    cues = re.findall(r"^(\S+) --> (\S+)\n(.+)$", transcript, re.M)
    assert cues == [
        ("00:00:02.000", "00:00:05.000", "Welcome, everyone."),
        ("00:01:31.000", "00:01:34.000", "The first compiler was a big step."),
    ]


def test_a_deck_in_the_lab_is_offered_for_download(tmp_path: Path) -> None:
    deck = write_pdf(tmp_path / "deck.pdf", [[("Opening words", 40)], [("Compiler history", 40)]])
    out, home = _build(tmp_path, {"deck.pdf": deck.read_bytes()})
    assert re.search(r'<a href="deck.pdf" download(="")?>Slide deck \(PDF\)</a>', home)
    assert (out / "deck.pdf").read_bytes() == deck.read_bytes()
