"""Decks PDFium draws become slides: odd page trees, damaged trailers, encryption, fonts."""

from __future__ import annotations

from pathlib import Path

import pdfcrypt
import pytest
import rawpdf

from generator.errors import DeckError
from generator.read.deck import read_deck
from generator.read.render import render_deck
from generator.read.slidetext import read_slides

SLIDES = [
    [("Opening words", 36), ("welcome to the lab", 18)],
    [("Building images", 36), ("one stage at a time", 18)],
]
TITLES = ["Opening words", "Building images"]


def _objects_with_stream(filter_name: bytes, encoded: bytes) -> bytes:
    """A deck whose first page's content stream is `encoded` through `filter_name`."""
    objects = rawpdf.simple_deck(SLIDES)
    objects[3] = rawpdf.stream(encoded, b"/Filter %s " % filter_name)
    return rawpdf.assemble(objects)


def _first_content() -> bytes:
    return rawpdf.text_stream(SLIDES[0])


DRAWABLE = {
    "a page tree that lists itself": lambda: rawpdf.cyclic_page_tree(SLIDES),
    "a trailer naming an /Encrypt object that is not there": lambda: rawpdf.assemble(
        rawpdf.simple_deck(SLIDES), b"/Encrypt 99 0 R "
    ),
    "a null MediaBox": lambda: rawpdf.assemble(rawpdf.simple_deck(SLIDES, box=b"null")),
    "a MediaBox of three numbers": lambda: rawpdf.assemble(
        rawpdf.simple_deck(SLIDES, box=b"[0 0 720]")
    ),
    "the abbreviated filter name /Fl": lambda: _objects_with_stream(
        b"/Fl", rawpdf.flate(_first_content())
    ),
    "the abbreviated filters [/AHx /Fl]": lambda: _objects_with_stream(
        b"[/AHx /Fl]", rawpdf.ascii_hex(rawpdf.flate(_first_content()))
    ),
}


@pytest.mark.parametrize("kind", sorted(DRAWABLE))
def test_a_deck_pdfium_draws_becomes_slides(tmp_path: Path, kind: str) -> None:
    path = rawpdf.write(tmp_path / "deck.pdf", DRAWABLE[kind]())
    deck = read_deck(path)
    assert [slide.title for slide in deck.slides] == TITLES
    assert [slide.text for slide in deck.slides] == ["welcome to the lab", "one stage at a time"]
    images = render_deck(path, deck.sha256, tmp_path / "cache")
    assert len(images) == 2
    assert not any(image.placeholder for image in images.slides.values())


def test_a_page_101_levels_down_the_page_tree_is_read(tmp_path: Path) -> None:
    path = rawpdf.write(tmp_path / "deck.pdf", rawpdf.deep_page_tree(SLIDES[0], depth=101))
    assert [(s.title, s.text) for s in read_deck(path).slides] == [
        ("Opening words", "welcome to the lab")
    ]


@pytest.fixture(scope="module")
def aes_decks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same deck encrypted with AES-256: with an empty user password, and with one."""
    folder = tmp_path_factory.mktemp("aes")
    plain = rawpdf.assemble(rawpdf.simple_deck(SLIDES))
    open_ = rawpdf.write(folder / "open.pdf", pdfcrypt.encrypt_aes256(plain))
    locked = rawpdf.write(folder / "locked.pdf", pdfcrypt.encrypt_aes256(plain, user=b"secret"))
    return open_, locked


def test_aes256_with_an_empty_user_password_is_read(aes_decks: tuple[Path, Path]) -> None:
    path = aes_decks[0]
    assert b"/AESV3" in path.read_bytes() and b"Opening words" not in path.read_bytes()
    assert [slide.title for slide in read_deck(path).slides] == TITLES


def test_aes256_with_a_user_password_is_refused_in_plain_words(
    aes_decks: tuple[Path, Path],
) -> None:
    with pytest.raises(DeckError) as caught:
        read_deck(aes_decks[1])
    assert str(caught.value) == (
        f"{aes_decks[1]}: the PDF is encrypted with a password; publish an unencrypted deck"
    )


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
        b"<html>an error page</html>",
        b"%PDF-1.7\n" + b"\x00" * 4096,
    ],
)
def test_messages_name_no_library_and_no_exception(tmp_path: Path, content: bytes) -> None:
    path = rawpdf.write(tmp_path / "deck.pdf", content)
    with pytest.raises(DeckError) as caught:
        read_deck(path)
    message = str(caught.value).removeprefix(f"{path}: ").casefold()
    assert message.startswith("not a readable pdf")
    for word in ("pip", "install", "python", "pypdf", "pdfium", "cryptography", "error", "("):
        assert word not in message


def test_right_to_left_lines_keep_their_reading_order(tmp_path: Path) -> None:
    lines = [("גרסה 2025 של Docker", 36), ("مرحبا 42 بالعالم", 24), ("שלום עולם", 20)]
    path = rawpdf.write(tmp_path / "deck.pdf", rawpdf.visual_order_deck(lines))
    (slide,) = read_deck(path).slides
    assert slide.title == "גרסה 2025 של Docker"
    assert slide.text.splitlines() == ["مرحبا 42 بالعالم", "שלום עולם"]


def test_text_without_a_unicode_map_is_read_from_the_picture(
    tesseract: str, tmp_path: Path
) -> None:
    path = rawpdf.write(
        tmp_path / "deck.pdf",
        rawpdf.unmapped_font_deck([("Quarterly Roadmap", 60), ("ship safer containers", 30)]),
    )
    (unread,) = read_deck(path).slides
    # The text layer has no words in it, only glyph numbers: nothing of it is kept.
    assert (unread.title, unread.text, unread.has_text) == ("", "", False)
    (slide,) = read_slides(path, tmp_path / "cache").deck.slides
    assert slide.ocr
    assert slide.title.casefold() == "quarterly roadmap"
    assert "safer containers" in slide.text.casefold()


def test_a_page_of_too_many_characters_is_read_only_in_part(tmp_path: Path) -> None:
    from generator.read.pdftext import MAX_PAGE_CHARS

    lines = [(f"word{n:04d} " * 20, 4) for n in range(150)]  # 150 lines of 180 characters
    path = rawpdf.write(tmp_path / "deck.pdf", rawpdf.assemble(rawpdf.simple_deck([lines])))
    (slide,) = read_deck(path).slides
    assert 0.9 * MAX_PAGE_CHARS < len(slide.title) + len(slide.text) <= MAX_PAGE_CHARS
