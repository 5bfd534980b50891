"""Read a PDF slide deck: each slide's title, text and commands, without page furniture."""

from __future__ import annotations

import hashlib
import io
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pypdf import PageObject

from generator.errors import DeckError
from generator.model import Deck, Slide

# Characters NFKC leaves alone but that only get in the way of matching and display.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_SPACES = re.compile(r"\s+")
_BULLET = re.compile(
    r"^[\u2022\u25cf\u25cb\u25a0\u25aa\u25e6\u2023\u2043\u27a2\u2192\u25b8\u25ba\uf0b7]\s*"
)
_PAGE_NUMBER = re.compile(r"^(?:page\s+|slide\s+)?(\d{1,3})(?:\s*(?:/|of)\s*\d{1,3})?$", re.I)
_LETTERS = re.compile(r"[^\W\d_]")

EDGE_BAND = 0.12
"""Share of the page height, at the top and at the bottom, where footers and logos sit."""


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


MAX_PAGES = 1000
"""Most pages a deck may have: each is drawn, perhaps read by OCR, and shown on the site."""


def normalize(text: str) -> str:
    """Return text with ligatures, odd spaces and typographic quotes made plain (NFKC)."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip()


def read_deck(path: Path) -> Deck:
    """Read a slide deck PDF into slides with titles, texts and commands."""
    if path.exists() and not path.is_file() and not path.is_dir():
        # A named pipe or a device would block or never end.
        raise DeckError(path, 0, "not a regular file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DeckError(path, 0, "slide deck not found") from None
    except IsADirectoryError:
        raise DeckError(path, 0, "expected a PDF file, found a directory") from None
    except OSError as error:
        raise DeckError(path, 0, f"cannot read the slide deck: {error.strerror}") from None
    pages = _read_pages(path, data)
    furniture = _furniture(pages)
    footer_offset = _page_number_offset(pages)
    slides = tuple(_slide(page, furniture, footer_offset) for page in pages)
    return Deck(path=str(path), sha256=hashlib.sha256(data).hexdigest(), slides=slides)


def _read_pages(path: Path, data: bytes) -> tuple[Page, ...]:
    """Read the positioned text lines of every page, or raise DeckError."""
    # Imported here: a rebuild whose labs all come from the cache reads no PDF.
    from pypdf import PasswordType, PdfReader

    # pypdf raises a wide range of exception types on malformed files; all mean "corrupt".
    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as error:
        raise DeckError(path, 0, f"not a readable PDF ({_reason(error)})") from None
    if reader.is_encrypted:
        # An owner password alone still lets anyone read the deck; a user password does not.
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except Exception:
            opened = False
        if not opened:
            raise DeckError(
                path, 0, "the PDF is encrypted with a password; publish an unencrypted deck"
            )
    try:
        count = len(reader.pages)
    except Exception as error:
        raise DeckError(path, 0, f"not a readable PDF ({_reason(error)})") from None
    if count == 0:
        raise DeckError(path, 0, "the PDF has no pages")
    if count > MAX_PAGES:
        raise DeckError(path, 0, f"{count:,} pages: a deck may have at most {MAX_PAGES:,}")
    pages = []
    for index in range(count):
        try:
            page = reader.pages[index]
            pages.append(Page(index + 1, _height(page), _lines(page)))
        except Exception as error:
            raise DeckError(
                path, 0, f"page {index + 1} cannot be read ({_reason(error)})"
            ) from None
    return tuple(pages)


def _reason(error: Exception) -> str:
    message = str(error).strip().splitlines()
    return message[0] if message else type(error).__name__


def _height(page: PageObject) -> float:
    box = page.mediabox
    return float(box.height) or 1.0


def _lines(page: PageObject) -> tuple[Line, ...]:
    """Collect the page's text runs in content order and join runs on one baseline into lines."""
    runs: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, font_size: Any) -> None:
        if not text:
            return
        size = abs(float(font_size)) * math.hypot(float(tm[2]), float(tm[3]))
        size *= math.hypot(float(cm[2]), float(cm[3]))
        x = float(tm[4]) * float(cm[0]) + float(tm[5]) * float(cm[2]) + float(cm[4])
        y = float(tm[4]) * float(cm[1]) + float(tm[5]) * float(cm[3]) + float(cm[5])
        for number, piece in enumerate(text.split("\n")):
            if number:
                runs.append(("\n", 0.0, 0.0, 0.0))
            if piece:
                runs.append((piece, size, x, y))

    page.extract_text(visitor_text=visit)
    lines: list[Line] = []
    parts: list[str] = []
    first: tuple[float, float, float] | None = None
    last_y = 0.0

    def flush() -> None:
        nonlocal first
        text = normalize("".join(parts))
        if text and first is not None:
            lines.append(Line(text, round(first[0], 1), round(first[1], 1), round(first[2], 1)))
        parts.clear()
        first = None

    last_x = last_end = 0.0
    for text, size, x, y in runs:
        if text == "\n":
            flush()
            continue
        if first is not None:
            scale = max(size, first[0], 1.0)
            # Another baseline, or a far jump along it (a footer beside a handle), starts a line.
            if abs(y - last_y) > 0.4 * scale or x > last_end + 2 * scale or x < last_x - scale:
                flush()
        if first is None:
            first = (size, x, y)
        elif text.strip() and size > first[0] and not _LETTERS.search("".join(parts)):
            # A bullet glyph set smaller than its item: the item's size is the line's size.
            first = (size, first[1], first[2])
        parts.append(text)
        # Glyph widths are unknown here; 0.6 em per character overestimates most fonts.
        last_x, last_y, last_end = x, y, x + 0.6 * size * len(text)
    flush()
    return tuple(lines)


def _page_number_offset(pages: Sequence[Page]) -> int | None:
    """Return how printed page numbers differ from PDF page numbers (usually 0), if they exist."""
    offsets: Counter[int] = Counter()
    for page in pages:
        for line in page.lines:
            match = _PAGE_NUMBER.match(line.text)
            if match and _in_edge_band(line, page):
                offsets[int(match.group(1)) - page.number] += 1
    if not offsets:
        return None
    offset, count = offsets.most_common(1)[0]
    return offset if count >= max(2, len(pages) // 4) else None


def _in_edge_band(line: Line, page: Page) -> bool:
    return line.y < EDGE_BAND * page.height or line.y > (1 - EDGE_BAND) * page.height


def _furniture(pages: Sequence[Page]) -> frozenset[str]:
    """Return the lines repeated at one place on many slides: logos, handles, footers."""
    seen: dict[str, list[tuple[Line, Page]]] = defaultdict(list)
    for page in pages:
        for line in {line.text.casefold(): line for line in page.lines}.values():
            seen[line.text.casefold()].append((line, page))
    with_text = sum(1 for page in pages if page.lines) or 1
    found = set()
    for key, places in seen.items():
        if len(places) < 3:
            continue
        heights = [line.y / page.height for line, page in places]
        if max(heights) - min(heights) > 0.03:
            continue
        # A repeated heading ("Quickstart", "Live Demo") is the biggest text on its slide.
        if any(line.size >= max(other.size for other in page.lines) for line, page in places):
            continue
        edge = all(_in_edge_band(line, page) for line, page in places)
        if edge or len(places) >= with_text / 2:
            found.add(key)
    return frozenset(found)


def _slide(page: Page, furniture: frozenset[str], footer_offset: int | None) -> Slide:
    lines = [line for line in page.lines if not _is_noise(line, page, furniture, footer_offset)]
    title_lines = _title_lines(lines)
    title = normalize(" ".join(line.text for line in title_lines))
    body = [_BULLET.sub("", line.text) for line in lines if line not in title_lines]
    body = [text for text in body if text]
    commands = tuple(
        text[2:].strip() for text in body if text.startswith("$ ") and text[2:].strip()
    )
    return Slide(
        number=page.number,
        title=title,
        text="\n".join(body),
        has_text=bool(title or body),
        commands=commands,
    )


def _is_noise(line: Line, page: Page, furniture: frozenset[str], offset: int | None) -> bool:
    if line.text.casefold() in furniture:
        return True
    match = _PAGE_NUMBER.match(line.text)
    if match:
        printed = int(match.group(1))
        if offset is not None and printed == page.number + offset:
            return True
        if printed == page.number and _in_edge_band(line, page):
            return True
    # Bullets, arrows and emoji alone on a line carry no text.
    return not any(char.isalnum() for char in line.text)


def _title_lines(lines: Sequence[Line]) -> list[Line]:
    """Pick the title: the topmost of the largest lines, with the lines of its block."""
    worded = [line for line in lines if len(_LETTERS.findall(line.text)) >= 2]
    if not worded:
        return []
    largest = max(line.size for line in worded)
    anchor = max((line for line in worded if line.size >= 0.8 * largest), key=lambda line: line.y)
    start = end = lines.index(anchor)
    while start > 0 and _same_block(lines[start - 1], lines[start], anchor):
        start -= 1
    while end + 1 < len(lines) and _same_block(lines[end], lines[end + 1], anchor):
        end += 1
    return list(lines[start : end + 1])


def _same_block(upper: Line, lower: Line, anchor: Line) -> bool:
    """Tell whether two consecutive lines belong to one heading block."""
    if min(upper.size, lower.size) < 0.7 * anchor.size:
        return False
    gap = upper.y - lower.y
    return 0 < gap <= 1.6 * max(upper.size, lower.size)
