"""What OCR read, laid out: page furniture across slides, and each slide's title."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from generator.read import ocr
from generator.read.ocrlayout import Line, Page, Recognised, furniture, key, recognise

HEIGHT = 900


def line(text: str, top: int, height: float, left: int = 80, width: int = 0) -> Line:
    """A line whose box is about as wide as its letters at that height."""
    right = left + (width or int(0.5 * height * len(text)))
    return Line(text, height, left, top, right, top + int(height))


def page(*lines: Line) -> Page:
    return Page(HEIGHT, lines)


def test_keys_ignore_what_ocr_reads_differently_each_time() -> None:
    assert key("& chainguard") == key("® chainguard") == key("A chainguard") == "chainguard"
    assert key("X @simpligility") == "simpligility"
    # Numbers tell slides apart ("Demo 2"); a stray letter is a logo's glyph read as text.
    assert key("Demo 2") == "demo 2"
    assert key("e") == ""


def test_a_logo_at_one_height_is_furniture_a_repeated_heading_is_not() -> None:
    pages = [
        page(
            line("& chainguard", 40, 40),
            line("Trending Threat Models", 120, 60),
            line(f"point {n}", 300, 30),
        )
        for n in range(4)
    ]
    pages += [page(line("® chainguard", 44, 40), line(f"Topic {n}", 460, 90)) for n in range(6)]
    found = furniture(pages)
    assert ("chainguard", round(40 / HEIGHT / 0.04)) in found
    assert not any(text == key("Trending Threat Models") for text, _ in found)
    assert recognise(pages[0], found) == Recognised("Trending Threat Models", ("point 0",))
    # Without knowing the furniture, the logo high on the page would start the title.
    assert recognise(pages[5]).title == "® chainguard"
    assert recognise(pages[5], found) == Recognised("Topic 1", ())


def test_a_line_on_few_slides_is_not_furniture() -> None:
    pages = [page(line("Agenda", 100, 60), line("only here", 500, 30))]
    pages += [page(line(f"Slide {n}", 100, 60)) for n in range(9)]
    assert ("only here", round(500 / HEIGHT / 0.04)) not in furniture(pages)


def test_the_title_is_the_topmost_tall_line_high_on_the_slide() -> None:
    slide = page(
        line("Now: compliance features", 80, 40),
        line("announced today for every team", 230, 20),
        # A logo's letters below: taller than the title, but low on the slide.
        line("DISA", 540, 137),
        line("footer text", 840, 60),
    )
    assert recognise(slide).title == "Now: compliance features"


def test_a_heading_of_several_lines_is_one_title() -> None:
    slide = page(
        line("Demo time", 270, 65),
        line("Widgets for", 384, 112),
        line("JavaScript", 529, 111),
        line("small print", 700, 30),
    )
    assert recognise(slide) == Recognised("Demo time Widgets for JavaScript", ("small print",))


def test_the_edge_of_a_picture_read_as_letters_is_no_title() -> None:
    slide = page(
        line("The future of widgets", 74, 45),
        Line("oa", 330.0, 99, 281, 131, 611),
        line("Immutable widgets", 500, 31),
    )
    assert recognise(slide).title == "The future of widgets"


@pytest.mark.parametrize(
    ("deck", "number", "title"),
    [
        ("learning-lab-javascript-cve-202510.pdf", 29, "Questions"),
        ("learning-lab-dfc-202508.pdf", 22, "Q&A"),
    ],
)
def test_light_words_on_a_dark_picture_are_read(
    tesseract: str, shared: Path, tmp_path: Path, deck: str, number: int, title: str
) -> None:
    document = pdfium.PdfDocument(shared / "decks" / deck)
    try:
        slide = document[number - 1]
        image = tmp_path / "slide.png"
        slide.render(scale=1600 / slide.get_width()).to_pil().save(image)
    finally:
        document.close()
    # Around the title, OCR may also read a stray letter or two from the picture beside it.
    assert title in recognise(ocr._recognise(tesseract, image)).title.split()
