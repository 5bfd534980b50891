"""Reading text-free slides with tesseract, and working on without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from generator.model import Deck, Slide
from generator.read import ocr
from generator.read.deck import read_deck
from generator.read.render import render_deck


def picture_deck(path: Path) -> Path:
    """Write a one-page PDF whose only content is a picture of a title and a line of text."""
    image = Image.new("RGB", (1600, 900), "white")
    draw = ImageDraw.Draw(image)
    draw.text((100, 200), "Quarterly Roadmap", fill="black", font=ImageFont.load_default(size=120))
    draw.text(
        (100, 450), "ship safer containers", fill="black", font=ImageFont.load_default(size=60)
    )
    image.save(path, "PDF", resolution=160)
    return path


def test_text_free_slide_is_read(tesseract: str, tmp_path: Path) -> None:
    path = picture_deck(tmp_path / "deck.pdf")
    deck = read_deck(path)
    assert not deck.slides[0].has_text
    renders = render_deck(path, deck.sha256, tmp_path / "cache")
    images = {number: slide.full for number, slide in renders.slides.items()}
    read = ocr.ocr_slides(deck, images, tmp_path / "cache")
    slide = read.slides[0]
    assert slide.ocr
    assert not slide.has_text
    assert slide.title.casefold() == "quarterly roadmap"
    assert "safer containers" in slide.text.casefold()
    assert ocr.ocr_notice(deck) is None


def test_results_are_cached_by_deck(
    tesseract: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = picture_deck(tmp_path / "deck.pdf")
    deck = read_deck(path)
    images = {1: render_deck(path, deck.sha256, tmp_path / "cache")[1].full}
    first = ocr.ocr_slides(deck, images, tmp_path / "cache")
    assert list((tmp_path / "cache" / "slides").glob(f"{deck.sha256[:16]}-ocr-*.json"))

    def fail(*_: object) -> ocr.Recognised:
        raise AssertionError("tesseract ran again")

    monkeypatch.setattr(ocr, "_recognise_all", fail)
    assert ocr.ocr_slides(deck, images, tmp_path / "cache") == first


def test_without_tesseract_the_deck_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    deck = Deck("deck.pdf", "0" * 64, (Slide(1, "", "", has_text=False),))
    assert not ocr.ocr_available()
    assert ocr.ocr_slides(deck, {1: tmp_path / "1.webp"}, tmp_path) is deck
    assert ocr.ocr_notice(deck) == ocr.OCR_OFF
    with_text = Deck("deck.pdf", "0" * 64, (Slide(1, "Title", ""),))
    assert ocr.ocr_notice(with_text) is None


def test_words_become_lines_and_the_tallest_is_the_title() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t10\t10\t50\t20\t95\tsmall",
        "5\t1\t1\t1\t1\t2\t70\t10\t50\t20\t95\tnote",
        "5\t1\t2\t1\t1\t1\t10\t60\t90\t60\t93\tBig",
        "5\t1\t2\t1\t1\t2\t110\t60\t90\t60\t91\tHeading",
        "5\t1\t2\t1\t2\t1\t10\t130\t90\t58\t90\tcontinued",
        "5\t1\t3\t1\t1\t1\t10\t300\t90\t20\t12\tnoise",
        "5\t1\t3\t1\t1\t2\t10\t300\t90\t20\t96\tbody words",
    ]
    recognised = ocr._lines_from_tsv("\n".join([header, *rows]))
    assert recognised.title == "Big Heading continued"
    assert recognised.lines == ("small note", "body words")
