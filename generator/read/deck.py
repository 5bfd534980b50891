"""Read a PDF slide deck: each slide's title, text and commands, without page furniture."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from generator.errors import DeckError
from generator.model import Deck, Slide
from generator.read import garbled, pdftext
from generator.read.pdftext import Line, Page

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
    """Read every page's lines, normalized; a page with garbled text gets none (OCR reads it)."""
    pages = []
    for page in pdftext.read_pages(path, data):
        lines = [replace(line, text=normalize(line.text)) for line in page.lines]
        lines = [line for line in lines if line.text]
        if any(garbled.is_garbled(line.text) for line in lines):
            # Mojibake is never published; the slide's picture has the words.
            lines = []
        pages.append(replace(page, lines=tuple(lines)))
    return tuple(pages)


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
