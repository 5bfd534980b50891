"""Rendering slides to WebP at two widths, with a cache that is reused."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter

from generator.errors import DeckError
from generator.read import render
from generator.read.render import MANIFEST, render_deck


def blank_pdf(path: Path, pages: int) -> tuple[Path, str]:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(720, 405)
    writer.write(path)
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def test_real_deck_renders_once_and_is_reused(shared: Path, tmp_path: Path) -> None:
    deck = shared / "decks" / "learning-lab-dfc-202508.pdf"
    sha = hashlib.sha256(deck.read_bytes()).hexdigest()
    first = render_deck(deck, sha, tmp_path)
    assert first.rendered == 23
    assert len(first) == 23
    slide = first[1]
    assert (slide.thumb_size, slide.full_size) == ((480, 270), (1600, 900))
    with Image.open(slide.full) as full, Image.open(slide.thumb) as thumb:
        assert (full.format, full.size) == ("WEBP", (1600, 900))
        assert (thumb.format, thumb.size) == ("WEBP", (480, 270))
    assert (first.directory / MANIFEST).is_file()
    assert not list(first.directory.glob("*.tmp"))

    second = render_deck(deck, sha, tmp_path)
    assert second.rendered == 0
    assert second.slides == first.slides


def test_interrupted_run_renders_only_what_is_missing(tmp_path: Path) -> None:
    path, sha = blank_pdf(tmp_path / "deck.pdf", 5)
    cache = tmp_path / "cache"
    first = render_deck(path, sha, cache, workers=1)
    assert first.rendered == 5
    # As if the run had stopped before its manifest, with one image not yet written.
    (first.directory / MANIFEST).unlink()
    first[3].full.unlink()
    again = render_deck(path, sha, cache, workers=1)
    assert again.rendered == 1
    assert again.slides == first.slides
    assert render_deck(path, sha, cache, workers=1).rendered == 0


def test_broken_manifest_is_not_trusted(tmp_path: Path) -> None:
    path, sha = blank_pdf(tmp_path / "deck.pdf", 2)
    first = render_deck(path, sha, tmp_path / "cache")
    (first.directory / MANIFEST).write_text("{not json", encoding="utf-8")
    assert render_deck(path, sha, tmp_path / "cache").rendered == 0
    manifest = json.loads((first.directory / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["sha256"] == sha
    assert sorted(manifest["slides"]) == ["1", "2"]


def test_settings_are_part_of_the_key(tmp_path: Path) -> None:
    path, sha = blank_pdf(tmp_path / "deck.pdf", 4)
    cache = tmp_path / "cache"
    default = render_deck(path, sha, cache)
    small = render_deck(path, sha, cache, widths=(320, 960))
    assert small.rendered == 4
    assert small.directory != default.directory
    assert (small[1].thumb_size, small[1].full_size) == ((320, 180), (960, 540))
    assert render_deck(path, sha, cache, quality=60).rendered == 4


def test_unreadable_deck(tmp_path: Path) -> None:
    path = tmp_path / "deck.pdf"
    path.write_bytes(b"not a pdf")
    with pytest.raises(DeckError, match="cannot render"):
        render_deck(path, "0" * 64, tmp_path / "cache")


def test_workers_start_safely_beside_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A host running threads (a live-reload server) must not fork its workers.
    monkeypatch.setattr("threading.active_count", lambda: 3)
    assert render._start_method() in {"forkserver", "spawn"}
    path, sha = blank_pdf(tmp_path / "deck.pdf", 4)
    assert render_deck(path, sha, tmp_path / "cache").rendered == 4
