"""Read a deck's slides as the site shows them: PDF text, and OCR for slides that have none."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.model import Deck
from generator.read import deck, ocr, render


@dataclass(frozen=True)
class ReadSlides:
    """A deck's slides with the text OCR found, and what the publisher should know."""

    deck: Deck
    notices: tuple[str, ...] = ()
    """E.g. that OCR is off, so text-free slides stay without text."""


def read_slides(path: Path, cache_dir: Path) -> ReadSlides:
    """Read a deck; fill its text-free slides by OCR of their images, both cached in `cache_dir`.

    Raise DeckError when the PDF cannot be read or, for OCR, drawn.
    """
    slides = deck.read_deck(path)
    notice = ocr.ocr_notice(slides)
    if notice:
        return ReadSlides(slides, (notice,))
    if all(slide.has_text for slide in slides.slides):
        return ReadSlides(slides)
    # The site renders these very images, so OCR costs no drawing the build would not do;
    # the slides not read yet also get a lossless grey copy, which OCR reads best.
    unread = ocr.unread(slides, cache_dir)
    images = render.render_deck(path, slides.sha256, cache_dir, grey=unread)
    greys = {
        number: image.grey
        for number, image in images.slides.items()
        if number in unread and image.grey and not image.placeholder
    }
    read = ocr.ocr_slides(slides, greys, cache_dir)
    # Working files: the readings are in the cache now.
    for copy in greys.values():
        copy.unlink(missing_ok=True)
    return ReadSlides(read)
