"""`align` reads a deck the way `build` does: OCR for slides without text, cached."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from labs import write_lab
from paths import ROOT
from pdfs import write_pdf

from generator.evaluate import image_only_copy
from generator.load import load_lab
from generator.read.slidetext import read_slides

NOTES = """---
title: Widgets
---

## Sections

- [0:00](https://www.youtube.com/watch?v=abcdefghijk&t=0s) Welcome
- [2:00](https://www.youtube.com/watch?v=abcdefghijk&t=120s) Installing the widget tool
- [4:00](https://www.youtube.com/watch?v=abcdefghijk&t=240s) Painting widgets
"""

# Time alone would give the chapters slides 1, 3 and 5; the titles say 1, 2 and 6.
SLIDES = [
    [("Welcome to Widgets", 40), ("a small talk", 24)],
    [("Installing the widget tool", 40), ("download it first", 24)],
    [("Download page", 40), ("pick your platform and version", 24)],
    [("Checking the download", 40), ("compare the checksum with ours", 24)],
    [("Putting it on your path", 40), ("then open a new terminal", 24)],
    [("Painting widgets", 40), ("colours for every widget", 24)],
]
EXPECTED_FIRST_SLIDES = [1, 2, 6]


def run_align(
    lab: Path, cache: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    notes, deck = str(lab / "notes.md"), str(lab / "deck.pdf")
    return subprocess.run(
        [sys.executable, "-m", "generator", "align", notes, deck, "--cache-dir", str(cache)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env=env,
    )


def image_lab(parent: Path) -> Path:
    """A lab whose deck has pictures of its slides and no text."""
    lab = write_lab(parent, "widgets", {"notes.md": NOTES})
    image_only_copy(write_pdf(parent / "text.pdf", SLIDES), lab / "deck.pdf")
    return lab


def test_align_and_build_find_the_same_slides_in_an_image_only_deck(
    tesseract: str, tmp_path: Path
) -> None:
    lab = image_lab(tmp_path)
    cache = tmp_path / "cache"
    result = run_align(lab, cache)
    assert result.returncode == 0, result.stderr
    aligned = json.loads(result.stdout)
    assert aligned["slides"] == len(SLIDES)
    assert [c["slides"][0] for c in aligned["chapters"]] == EXPECTED_FIRST_SLIDES
    assert list((cache / "slides").glob("*-ocr-*.json")), "align did not keep its OCR in the cache"

    built = load_lab(lab, cache)
    first = {}
    for placed in built.placed:
        first.setdefault(placed.chapter, placed.slide.number)
    assert [first[index] for index in range(len(built.notes.chapters))] == EXPECTED_FIRST_SLIDES
    assert [c["slides"] for c in aligned["chapters"]] == [
        [p.slide.number for p in built.placed if p.chapter == index]
        for index in range(len(built.notes.chapters))
    ]


def test_read_slides_reads_pictures_and_leaves_text_alone(tesseract: str, tmp_path: Path) -> None:
    lab = image_lab(tmp_path)
    read = read_slides(lab / "deck.pdf", tmp_path / "cache")
    assert read.notices == ()
    assert [s.title for s in read.deck.slides] == [page[0][0] for page in SLIDES]
    assert all(s.ocr and not s.has_text for s in read.deck.slides)

    text = read_slides(tmp_path / "text.pdf", tmp_path / "cache")
    assert [s.title for s in text.deck.slides] == [page[0][0] for page in SLIDES]
    assert not any(s.ocr for s in text.deck.slides)
    # A deck with text everywhere is never drawn just to be read.
    assert not list((tmp_path / "cache").glob(f"slides/{text.deck.sha256[:16]}-*"))


def test_without_tesseract_align_says_so_once(tmp_path: Path) -> None:
    lab = image_lab(tmp_path)
    result = run_align(lab, tmp_path / "cache", env={**os.environ, "PATH": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"{lab / 'deck.pdf'}: OCR is off (tesseract is not installed): "
        "slides without text stay without text"
    ]
    aligned = json.loads(result.stdout)
    assert aligned["slides"] == len(SLIDES)
    # Without text, only time places the slides.
    assert [c["slides"][0] for c in aligned["chapters"]] != EXPECTED_FIRST_SLIDES


def test_grey_copies_for_ocr_are_working_files(
    tesseract: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OCR reads lossless grey copies of the text-free slides; once read, they are gone."""
    from generator.read import render

    path = write_pdf(tmp_path / "deck.pdf", [[("A title slide", 40), ("with words", 20)], []])
    cache = tmp_path / "cache"
    read_slides(path, cache)
    assert not list(cache.rglob("*-grey.*"))
    # Read again: the reading comes from the cache, and no grey copy is asked for.
    asked: list[object] = []
    drawn = render.render_deck

    def counting(*args: object, **kwargs: object) -> object:
        asked.append(kwargs.get("grey"))
        return drawn(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "render_deck", counting)
    read_slides(path, cache)
    assert asked == [[]]
    assert not list(cache.rglob("*-grey.*"))
