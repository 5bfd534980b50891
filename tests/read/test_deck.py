"""Reading slide decks: titles, clean text, commands, and clear errors for unusable PDFs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pdfs import Run
from pdfs import write_runs as write_pdf
from pypdf import PdfWriter

from generator.errors import DeckError
from generator.read.deck import normalize, read_deck

DFC = "learning-lab-dfc-202508.pdf"
JS = "learning-lab-javascript-cve-202510.pdf"
PI = "learning-lab-raspberrypi-202511.pdf"
RUNTIMES = "learning-lab-202512.pdf"

# Titles read off the rendered slides by eye.
TITLES = [
    (DFC, 1, "Getting Started with Chainguard's Dockerfile Converter"),
    (DFC, 6, "Why Convert to Chainguard Images?"),
    (DFC, 13, "DEMO 1"),
    (DFC, 20, "DEMO 3"),
    (DFC, 22, "Q&A"),
    (JS, 1, "Chainguard Libraries"),
    (JS, 4, "Secure containers are great ...."),
    (JS, 20, "Demo time Chainguard Libraries for JavaScript"),
    (JS, 29, "Questions"),
    (PI, 3, "What we'll talk about today"),
    (PI, 14, "Demo: Guardcraft Pi"),
    (PI, 29, "What's Next"),
    (PI, 32, "The future of Chainguard VMs"),
    (RUNTIMES, 1, "Shipping Safer Container Runtimes in 2026"),
    (RUNTIMES, 15, "Sha1-Hulud second coming (2025)"),
    (RUNTIMES, 26, "Mitigating Risks"),
    (RUNTIMES, 34, "15-Minute Live Demo of Chainguard Libraries"),
]


def footer(number: int) -> list[Run]:
    return [("@speaker", 10, 560, 15), (str(number), 10, 690, 15)]


@pytest.mark.parametrize(("deck", "number", "title"), TITLES)
def test_titles_of_real_slides(shared: Path, deck: str, number: int, title: str) -> None:
    slides = read_deck(shared / "decks" / deck).slides
    assert slides[number - 1].number == number
    assert slides[number - 1].title == title


def test_real_decks_read_clean(shared: Path) -> None:
    for path in sorted((shared / "decks").glob("*.pdf")):
        deck = read_deck(path)
        assert deck.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert [slide.number for slide in deck.slides] == list(range(1, len(deck.slides) + 1))
        for slide in deck.slides:
            everything = slide.title + "\n" + slide.text
            assert not any(char in everything for char in "\ufb01\ufb02\ufb00\u00a0\u200b")
            assert "@simpligility" not in everything
            # The slide number footer is gone.
            assert str(slide.number) not in slide.text.splitlines()


def test_real_decks_counts_and_text_free_slides(shared: Path) -> None:
    counts = {DFC: 23, JS: 30, PI: 36, RUNTIMES: 37}
    for name, count in counts.items():
        assert len(read_deck(shared / "decks" / name).slides) == count
    runtimes = read_deck(shared / "decks" / RUNTIMES).slides
    screenshots = [slide.number for slide in runtimes if not slide.has_text]
    assert screenshots == [7, 8, 9, 10, 12, 13, 14, 16, 17, 18, 19]
    assert not read_deck(shared / "decks" / PI).slides[8].has_text


def test_commands_and_ligatures_in_real_deck(shared: Path) -> None:
    slides = read_deck(shared / "decks" / DFC).slides
    assert slides[10].commands == (
        "brew install chainguard-dev/tap/dfc",
        "go install github.com/chainguard-dev/dfc@latest",
        'docker run --rm -v "$PWD":/work cgr.dev/chainguard/dfc',
    )
    assert "Streamlining Dockerfile Conversion with DFC" in slides[0].text


def test_generated_deck(tmp_path: Path) -> None:
    pages: list[list[Run]] = [
        [
            ("Small kicker", 12, 40, 380),
            ("The Big Title", 36, 40, 330),
            ("Docker\\256le \\256rst", 18, 40, 280),
            ("$ dfc ./Dockerfile", 14, 40, 250),
            *footer(1),
        ],
        [("Second", 36, 40, 330), ("two lines of", 36, 40, 290), ("body", 18, 40, 240), *footer(2)],
        [("Third", 36, 40, 330), *footer(3)],
        [],
    ]
    deck = read_deck(write_pdf(tmp_path / "deck.pdf", pages))
    first, second, third, empty = deck.slides
    assert first.title == "The Big Title"
    assert first.text == "Small kicker\nDockerfile first\n$ dfc ./Dockerfile"
    assert first.commands == ("dfc ./Dockerfile",)
    assert second.title == "Second two lines of"
    assert second.text == "body"
    assert (third.title, third.text, third.has_text) == ("Third", "", True)
    assert (empty.title, empty.text, empty.has_text) == ("", "", False)


def test_normalize() -> None:
    assert normalize("e\ufb03cient \u00a0 o\ufb04ine\u200b \u2019quoted\u2019 \u2026") == (
        "efficient offline 'quoted' ..."
    )


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DeckError, match="not found") as caught:
        read_deck(tmp_path / "nope.pdf")
    assert caught.value.problem.file == str(tmp_path / "nope.pdf")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(DeckError, match="directory"):
        read_deck(tmp_path)


@pytest.mark.parametrize(
    "content",
    [b"", b"%PDF-1.4\nnot really a PDF\n%%EOF\n", b"<html>an error page</html>"],
)
def test_corrupt_pdf(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "deck.pdf"
    path.write_bytes(content)
    with pytest.raises(DeckError, match="not a readable PDF"):
        read_deck(path)


def test_truncated_pdf(tmp_path: Path, shared: Path) -> None:
    path = tmp_path / "deck.pdf"
    path.write_bytes((shared / "decks" / DFC).read_bytes()[:4000])
    with pytest.raises(DeckError, match="not a readable PDF"):
        read_deck(path)


def test_encrypted_pdf(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(720, 405)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "deck.pdf"
    writer.write(path)
    with pytest.raises(DeckError, match="encrypted with a password"):
        read_deck(path)


def test_owner_password_only_is_readable(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(720, 405)
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "deck.pdf"
    writer.write(path)
    assert len(read_deck(path).slides) == 1


def test_zero_page_pdf(tmp_path: Path) -> None:
    path = tmp_path / "deck.pdf"
    PdfWriter().write(path)
    with pytest.raises(DeckError, match="no pages"):
        read_deck(path)
