"""A slide title read by OCR is published only when the reading is sure and reads as a title;
otherwise the slide is "Slide N" and what was read stays in its text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.model import Slide
from generator.read.ocrlayout import Page, read_tsv, recognise
from generator.read.slidetext import read_slides
from generator.read.titlecheck import confident_title
from tests.workshop import WORKSHOP, chapter_page, workshop_site

# Titles as OCR read them from real slides (the workshops' and the Chainguard decks' pictures).
READ_WELL = [
    "A/B Testing",
    "Q & A",
    "What Is A Trace?",
    "LLM Data Review",
    "WHO AM I?",
    "FSDP: GETTING PARAMETER SPECIFIC",
    "It's Best To Use A Tool",
    "Secure containers are great ....",
    "Thank you! erika@chainguard.dev",
    "GPT-4o vs. Llama 3.1",
    "C++ Tips",
]
READ_BADLY = [
    "= Q Shai-Hulud Migration",  # a search box's icons read as marks
    "LIP2+OCR+LLaMA2-7B Prompt 1",  # a chart's axis label, its first letter lost
    "® Datasets: @ mhenrichsen/alpaca_2k_test 0",  # a web page's header
    "README @ Codeofconduct 4 Apache-2.0 license",
    "wandb_project: wandb_entity: wandb_watch:",  # code
    "60, 28747) 13) Did(7164, 7164) your(574, 574)",  # a tokenizer's output
    "ry jquesnelle add save_only_model option (#1634) ~ 702a669 - 2 days ago",
    "-compose.yaml",  # "docker-compose.yaml" with its first word lost
    "<start> Below is an instruction that describes a task, paired with an input that "
    "provides further context",  # a paragraph, not a title
]


@pytest.mark.parametrize("title", READ_WELL)
def test_a_title_that_reads_as_one_is_kept(title: str) -> None:
    assert confident_title(title, 90.0)


@pytest.mark.parametrize("title", READ_BADLY)
def test_a_garbled_reading_is_not_a_title(title: str) -> None:
    assert not confident_title(title, 90.0)


def test_a_title_tesseract_was_unsure_of_is_not_kept() -> None:
    assert confident_title("Security Overview", 85.0)
    assert not confident_title("Security oe", 51.0)


def _tsv(*words: tuple[str, float, int]) -> str:
    """Return tesseract's TSV for words (text, confidence, line number) on one block."""
    rows = [
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    ]
    for number, (text, confidence, line) in enumerate(words, 1):
        top = 40 + 200 * line
        left, width = 400 * number, 30 * len(text)
        rows.append(
            f"5\t1\t1\t1\t{line}\t{number}\t{left}\t{top}\t{width}\t40\t{confidence}\t{text}"
        )
    return "\n".join(rows)


def test_a_lines_confidence_counts_the_words_tesseract_dropped() -> None:
    # "Migration" is sure; the two marks before it are noise tesseract was unsure of.
    lines = read_tsv(_tsv(("=", 30.0, 1), ("Q", 32.0, 1), ("Migration", 96.0, 1)))
    assert [(line.text, line.confidence) for line in lines] == [("Migration", 52.7)]
    read = recognise(Page(900, tuple(lines)))
    assert read.title == "Migration" and read.confidence == 52.7


def test_a_doubtful_title_is_shown_as_the_slides_number() -> None:
    slide = Slide(
        12, "LIP2+OCR+LLaMA2-7B Prompt 1", "Average Score", ocr=True, title_confident=False
    )
    assert slide.heading == "Slide 12"
    assert slide.shown_text == "LIP2+OCR+LLaMA2-7B Prompt 1\nAverage Score"
    sure = Slide(13, "LLM Data Review", "Record 1 of 2", ocr=True)
    assert (sure.heading, sure.shown_text) == ("LLM Data Review", "Record 1 of 2")


def test_the_workshops_slides_read_by_ocr(
    shared: Path, tesseract: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    deck = read_slides(
        shared / WORKSHOP / "deck.pdf", tmp_path_factory.getbasetemp() / "workshop-cache"
    ).deck
    read = {slide.number: slide for slide in deck.slides if slide.ocr}
    # Two slides are pictures: a bar chart (22), whose tallest line high up is an axis label,
    # and a screenshot of a tool whose heading is "LLM Data Review" (26).
    assert sorted(read) == [22, 26]
    assert read[22].heading == "Slide 22"
    assert "OCR+LLaMA2-7B Prompt 1" in read[22].shown_text.splitlines()[0]
    assert read[26].heading == "LLM Data Review"


def test_a_doubtful_title_is_not_published(
    shared: Path, tesseract: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    site = workshop_site(shared, tmp_path_factory)
    page = chapter_page(site, 10)
    [figure] = re.findall(r'<figure class="ls-slide"[^>]*data-slide="22".*?</figure>', page, re.S)
    assert 'alt="Slide 22"' in figure
    assert 'data-title="Slide 22 · 28:44"' in figure
    caption = figure.split("<figcaption>")[1].split("<details")[0]
    assert "ls-slide-title" not in caption and "LIP2" not in caption
    # What was read is kept with the slide's text, where search finds it.
    assert re.search(
        r"<details class=\"ls-slide-text\">.*LIP2\+OCR\+LLaMA2-7B Prompt 1", figure, re.S
    )
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'alt="Slide 22"' in home and "LIP2" not in home
    [sure] = re.findall(
        r'<figure class="ls-slide"[^>]*data-slide="26".*?</figure>', chapter_page(site, 11), re.S
    )
    assert 'alt="Slide 26: LLM Data Review"' in sure
