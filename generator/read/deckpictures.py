"""Draw a deck's pages small and grey, to compare with a video's frames."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from generator.errors import DeckError
from generator.read.render import fit

PAGE_WIDTH = 480
"""Width the pages are drawn at: as wide as the frame sync looks for keypoints in them
(`align.pagepictures.KEYPOINT_WIDTH`); their patches are far smaller."""


def page_count(deck: Path) -> int:
    """Return how many pages the deck has; raise DeckError when PDFium cannot open it."""
    document = _open(deck)
    try:
        return len(document)
    finally:
        document.close()


def page_pictures(deck: Path, width: int = PAGE_WIDTH) -> Iterator[np.ndarray | None]:
    """Yield each page as a grey picture `width` wide (uint8), None for a page too odd to draw.

    A page's picture is bounded like the site's slide images (see `render.fit`).
    """
    document = _open(deck)
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                size = fit(page.get_width(), page.get_height(), width)
                if size is None:
                    yield None
                    continue
                bitmap = page.render(scale=size[0] / page.get_width(), grayscale=True)
                picture = np.array(bitmap.to_pil().convert("L"), dtype=np.uint8)
            except pdfium.PdfiumError as error:
                raise DeckError(deck, 0, f"cannot draw page {index + 1} ({error})") from None
            finally:
                page.close()
            yield picture
    finally:
        document.close()


def _open(deck: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(deck)
    except (pdfium.PdfiumError, OSError) as error:
        raise DeckError(deck, 0, f"cannot read the PDF ({error})") from None
