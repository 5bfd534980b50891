"""Read the positioned text lines of a PDF's pages with PDFium's text layer.

PDFium is the renderer that draws the slides, so any deck it can draw is read by the same
library: damaged page trees, broken cross-reference tables, AES-256 encryption with an
empty user password and retired filter names included. Its text page knows each
character's box, font size and Unicode value, puts right-to-left runs in their logical
order, and says which characters have no Unicode mapping in their font.
"""

from __future__ import annotations

import ctypes
import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import DeckError

MAX_PAGES = 1000
"""Most pages a deck may have: each is drawn, perhaps read by OCR, and shown on the site."""
MAX_PAGE_CHARS = 20_000
"""Characters read from one page: the densest slide of the real decks has under 800."""
MAX_DECK_CHARS = 1_000_000
"""Characters read from a whole deck (about 15 s): past them, pages are read by OCR alone."""
UNMAPPED = "\ufffd"
"""What a character whose font has no Unicode mapping for it becomes in a line's text."""
PASSWORD = "the PDF is encrypted with a password; publish an unencrypted deck"
UNREADABLE = "not a readable PDF: damaged beyond repair, or it has no pages"
"""PDFium opens no document without a page, and says no more about why."""
HANDLER = "the PDF is encrypted in a way that cannot be opened; publish an unencrypted deck"
_BIDI_RTL = frozenset({"R", "AL"})


@dataclass(frozen=True)
class Line:
    """A line of text on a page, with the size and position of its first run."""

    text: str
    size: float
    x: float
    y: float
    """Baseline height above the bottom of the page, in points."""


@dataclass(frozen=True)
class Page:
    """The text lines of one PDF page, in reading order."""

    number: int
    height: float
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class _Char:
    """One character of PDFium's text page; `size` is 0 for the spaces PDFium adds."""

    text: str
    size: float
    x: float
    y: float
    left: float
    right: float


def read_pages(path: Path, data: bytes) -> tuple[Page, ...]:
    """Read the text lines of every page of the PDF `data`, or raise DeckError."""
    # Imported here: a rebuild whose labs all come from the cache opens no PDF.
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise DeckError(path, 0, _load_failure(error.err_code, data)) from None
    try:
        count = len(document)
        if count == 0:
            raise DeckError(path, 0, "the PDF has no pages")
        if count > MAX_PAGES:
            raise DeckError(path, 0, f"{count:,} pages: a deck may have at most {MAX_PAGES:,}")
        pages, budget = [], MAX_DECK_CHARS
        for index in range(count):
            page = _page(document, index, min(budget, MAX_PAGE_CHARS))
            budget -= sum(len(line.text) for line in page.lines)
            pages.append(page)
        return tuple(pages)
    finally:
        document.close()


def _load_failure(code: int | None, data: bytes) -> str:
    """Say why PDFium opened no document, from its error code (fpdfview.h's FPDF_ERR_*)."""
    # The code is PDFium's last error, perhaps left over from another file: an encryption
    # error counts only for a file that is encrypted.
    if code in (4, 5) and b"/Encrypt" in data:
        return PASSWORD if code == 4 else HANDLER
    return UNREADABLE


def _page(document: Any, index: int, limit: int) -> Page:
    """Read one page's first `limit` characters; a page PDFium cannot load has no text (OCR
    may still read its image)."""
    import pypdfium2 as pdfium

    try:
        page = document[index]
    except pdfium.PdfiumError:
        return Page(index + 1, 1.0, ())
    try:
        _, bottom, _, top = page.get_bbox()
        height = top - bottom if math.isfinite(top - bottom) and top > bottom else 1.0
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage, bottom if math.isfinite(bottom) else 0.0, limit)
        finally:
            textpage.close()
    except pdfium.PdfiumError:
        return Page(index + 1, 1.0, ())
    finally:
        page.close()
    return Page(index + 1, height, _lines(chars))


def _chars(textpage: Any, bottom: float, limit: int) -> list[_Char]:
    """Return the text page's first `limit` characters in PDFium's reading order, y measured
    from `bottom`."""
    import pypdfium2.raw as raw

    chars: list[_Char] = []
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    box = [ctypes.c_double() for _ in range(4)]
    matrix = raw.FS_MATRIX()
    count = min(raw.FPDFText_CountChars(textpage), max(0, limit))
    index = 0
    while index < count:
        code = raw.FPDFText_GetUnicode(textpage, index)
        if raw.FPDFText_IsGenerated(textpage, index) == 1:
            chars.append(_Char(chr(code) if code in (10, 13) else " ", 0.0, 0.0, 0.0, 0.0, 0.0))
            index += 1
            continue
        text = chr(code)
        if 0xD800 <= code < 0xDC00 and index + 1 < count:
            low = raw.FPDFText_GetUnicode(textpage, index + 1)
            if 0xDC00 <= low < 0xE000:
                text = chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
        step = len(text.encode("utf-16-le", "surrogatepass")) // 2
        if raw.FPDFText_HasUnicodeMapError(textpage, index) == 1 or _is_lone_surrogate(text):
            text = UNMAPPED
        raw.FPDFText_GetMatrix(textpage, index, matrix)
        # The font size PDFium gives is the Tf operand; the matrix scales it to the page.
        size = abs(raw.FPDFText_GetFontSize(textpage, index)) * math.hypot(matrix.c, matrix.d)
        raw.FPDFText_GetCharOrigin(textpage, index, origin_x, origin_y)
        raw.FPDFText_GetCharBox(textpage, index, *box)
        numbers = (size, origin_x.value, origin_y.value - bottom, box[0].value, box[1].value)
        if all(math.isfinite(number) for number in numbers):
            chars.append(_Char(text, *numbers))
        index += step
    return chars


def _is_lone_surrogate(text: str) -> bool:
    return len(text) == 1 and 0xD800 <= ord(text) < 0xE000


def _lines(chars: list[_Char]) -> tuple[Line, ...]:
    """Join characters into lines at PDFium's line breaks and at far jumps along a baseline."""
    lines = []
    for run in _runs(chars):
        for piece in _pieces(run):
            line = _line(piece)
            if line is not None:
                lines.append(line)
    return tuple(lines)


def _runs(chars: list[_Char]) -> list[list[_Char]]:
    """Split the characters at PDFium's line breaks and where the baseline moves."""
    runs: list[list[_Char]] = [[]]
    last: _Char | None = None
    for char in chars:
        if char.text in "\r\n":
            runs.append([])
            last = None
            continue
        if char.size:
            if last is not None and abs(char.y - last.y) > 0.4 * max(last.size, char.size, 1.0):
                runs.append([])
            last = char
        runs[-1].append(char)
    return [run for run in runs if run]


def _pieces(run: list[_Char]) -> list[list[_Char]]:
    """Split a line where the text jumps far along its baseline (a footer beside a handle).

    Right-to-left lines are left whole: their logical order jumps over embedded numbers.
    """
    if any(_is_rtl(char.text) for char in run):
        return [run]
    pieces: list[list[_Char]] = [[]]
    last: _Char | None = None
    for char in run:
        if char.size:
            scale = max(last.size if last else 0.0, char.size, 1.0)
            if last is not None and (
                char.left > last.right + 2 * scale or char.right < last.left - scale
            ):
                pieces.append([])
            last = char
        pieces[-1].append(char)
    return pieces


def _line(chars: list[_Char]) -> Line | None:
    """Return the characters as a line sized and placed by its first glyph, or None if blank."""
    text = " ".join("".join(char.text for char in chars).split())
    drawn = [char for char in chars if char.size]
    if not text or not drawn:
        return None
    first = drawn[0]
    size = first.size
    if not first.text.isalnum():
        # A bullet glyph set smaller than its item: the item's size is the line's size.
        size = max(size, next((c.size for c in drawn if c.text.isalnum()), size))
    return Line(text, round(size, 1), round(first.x, 1), round(first.y, 1))


def _is_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in _BIDI_RTL for char in text)
