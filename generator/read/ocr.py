"""Recognise the text of slides that have none in their PDF (screenshots), with tesseract."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.Image import Image

from generator.atomic import write_text_atomically
from generator.model import Deck, Slide
from generator.read.ocrlayout import MIN_CONFIDENCE, Line, Page, Recognised, furniture, read_tsv
from generator.read.ocrlayout import recognise as _layout
from generator.read.titlecheck import confident_title

OCR_VERSION = 6
"""Bump when recognition or its clean-up changes, so that older cached results are redone."""
OCR_OFF = "OCR is off (tesseract is not installed): slides without text stay without text"
TIMEOUT = 120.0
WORKERS = 2
DARK = 96
"""Grey levels (0-255) below this are dark: the background of light text."""
DARK_SHARE = 0.2
"""Share of dark pixels above which a slide is read a second time, for light text."""
NO_INVERT = ("-c", "tessedit_do_invert=0")
LIGHT = 200
"""Grey levels from this up count as light text in that second reading."""


def ocr_available() -> bool:
    """Tell whether tesseract is on PATH."""
    return shutil.which("tesseract") is not None


def ocr_notice(deck: Deck) -> str | None:
    """Return the one message to show when some slides need OCR and it is off, else None."""
    if any(not slide.has_text for slide in deck.slides) and not ocr_available():
        return OCR_OFF
    return None


def ocr_slides(deck: Deck, images: Mapping[int, Path], cache_dir: Path | None = None) -> Deck:
    """Fill title and text of the deck's text-free slides from their rendered images.

    Results are cached in `cache_dir` by deck hash; without tesseract the deck is returned as is.
    """
    wanted = [s.number for s in deck.slides if not s.has_text and not s.ocr]
    tesseract = shutil.which("tesseract")
    if not wanted or tesseract is None:
        return deck
    cache = _cache_file(cache_dir, deck.sha256, tesseract) if cache_dir else None
    known = _read_cache(cache)
    missing = [number for number in wanted if str(number) not in known and number in images]
    # Each worker reads its share of the slides with one tesseract run per pass: the
    # recogniser's start (loading its model) is paid once a share, not once a slide.
    shares = [share for start in range(WORKERS) if (share := missing[start::WORKERS])]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        found = pool.map(
            lambda share: _recognise_all(tesseract, [images[n] for n in share]), shares
        )
        for share, share_pages in zip(shares, found, strict=True):
            for number, page in zip(share, share_pages, strict=True):
                known[str(number)] = page
    if cache is not None and missing:
        _write_cache(cache, known)
    pages = {number: known[str(number)] for number in wanted if str(number) in known}
    repeated = furniture(list(pages.values()))
    results = {number: _layout(page, repeated) for number, page in pages.items()}
    return replace(
        deck, slides=tuple(_with_text(slide, results.get(slide.number)) for slide in deck.slides)
    )


def unread(deck: Deck, cache_dir: Path) -> list[int]:
    """Return the text-free slides whose reading is not in the cache yet (none without OCR)."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return []
    known = _read_cache(_cache_file(cache_dir, deck.sha256, tesseract))
    return [s.number for s in deck.slides if not s.has_text and str(s.number) not in known]


def _with_text(slide: Slide, recognised: Recognised | None) -> Slide:
    if recognised is None or slide.has_text or not (recognised.title or recognised.lines):
        return slide
    return replace(
        slide,
        title=recognised.title,
        text="\n".join(recognised.lines),
        ocr=True,
        title_confident=confident_title(recognised.title, recognised.confidence),
    )


def _recognise(tesseract: str, image: Path) -> Page:
    """Read one slide image (see `_recognise_all`)."""
    return _recognise_all(tesseract, [image])[0]


def _recognise_all(tesseract: str, images: Sequence[Path]) -> list[Page]:
    """Read slide images: dark text on grey copies, then light text on the dark ones."""
    if not images:
        return []
    import PIL.Image  # only when slides are read: not on every start

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        greys: list[Path] = []
        heights: list[int] = []
        dark: list[int] = []
        light: list[Path] = []
        # One picture in memory at a time, so that a deck of thousands of slides stays small;
        # tesseract reads files, and a grey copy the renderer wrote is read as it is.
        for index, image in enumerate(images):
            with PIL.Image.open(image) as picture:
                as_is = image.suffix.lower() == ".pgm" and picture.mode == "L"
                grey = picture.convert("L")
            heights.append(grey.height)
            if as_is:
                greys.append(image)
            else:
                greys.append(folder / f"grey-{index:04d}.pgm")  # uncompressed: nothing to encode
                grey.save(greys[-1])
            if _dark_share(grey) >= DARK_SHARE:
                # Light words on a dark band can escape tesseract's page layout; alone they
                # do not.
                dark.append(index)
                light.append(folder / f"light-{index:04d}.pgm")
                grey.point(lambda value: 0 if value >= LIGHT else 255).save(light[-1])
        found = _tesseract_files(tesseract, greys, folder / "grey")
        # Dark on white by now: tesseract need not also try each line inverted.
        more = _tesseract_files(tesseract, light, folder / "light", NO_INVERT)
        for index, lines in zip(dark, more, strict=True):
            found[index] += [new for new in lines if not any(new.overlaps(o) for o in found[index])]
    return [Page(height, tuple(lines)) for height, lines in zip(heights, found, strict=True)]


def _dark_share(grey: Image) -> float:
    """Return the share of the image's pixels that are dark."""
    histogram = grey.histogram()
    return sum(histogram[:DARK]) / max(1, sum(histogram))


def _tesseract_files(
    tesseract: str, paths: Sequence[Path], stem: Path, options: Sequence[str] = ()
) -> list[list[Line]]:
    """Run tesseract once on several picture files; return each one's confident lines.

    A picture tesseract fails on (or a failed run) gives no lines.
    """
    if not paths:
        return []
    listing = stem.with_suffix(".txt")
    listing.write_text("\n".join(str(path) for path in paths) + "\n", encoding="utf-8")
    # One thread per run: the runs themselves are spread over the cores.
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        result = subprocess.run(
            [tesseract, str(listing), "stdout", *options, "tsv"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT * len(paths),
            env=environment,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return [[] for _ in paths]
    if result.returncode != 0:
        return [[] for _ in paths]
    return [read_tsv(tsv) for tsv in _split_pages(result.stdout, len(paths))]


def _split_pages(tsv: str, count: int) -> list[str]:
    """Split tesseract's TSV of several pictures into one TSV each (by its page_num column)."""
    rows = tsv.splitlines()
    header = rows[:1]
    pages: list[list[str]] = [[] for _ in range(count)]
    for row in rows[1:]:
        cells = row.split("\t", 2)
        if len(cells) > 1 and cells[1].isdecimal() and 1 <= int(cells[1]) <= count:
            pages[int(cells[1]) - 1].append(row)
    return ["\n".join(header + page) for page in pages]


def _lines_from_tsv(tsv: str, height: int = 0) -> Recognised:
    """Read one tesseract TSV output into a title and the other lines."""
    lines = read_tsv(tsv)
    return _layout(
        Page(height or max((line.bottom for line in lines), default=0) + 1, tuple(lines))
    )


def _cache_file(cache_dir: Path, sha256: str, tesseract: str) -> Path:
    """Name the cache by deck hash, recogniser version and tesseract binary."""
    try:
        version = subprocess.run(
            [tesseract, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.splitlines()[:1]
    except (OSError, subprocess.TimeoutExpired):
        version = []
    digest = hashlib.sha256(json.dumps([OCR_VERSION, MIN_CONFIDENCE, version]).encode()).hexdigest()
    return cache_dir / "slides" / f"{sha256[:16]}-ocr-{digest[:12]}.json"


def _read_cache(cache: Path | None) -> dict[str, Page]:
    """Read cached pages; a damaged or older cache counts as empty."""
    if cache is None:
        return {}
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        return {str(number): _page(value) for number, value in data.items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _page(value: Any) -> Page:
    lines = tuple(
        Line(str(text), float(height), int(left), int(top), int(right), int(bottom), float(sure))
        for text, height, left, top, right, bottom, sure in value["lines"]
    )
    return Page(int(value["height"]), lines)


def _write_cache(cache: Path, known: Mapping[str, Page]) -> None:
    """Write the pages atomically, so that a reader never sees half a file."""
    data = {
        number: {
            "height": page.height,
            "lines": [
                [
                    line.text,
                    line.height,
                    line.left,
                    line.top,
                    line.right,
                    line.bottom,
                    line.confidence,
                ]
                for line in page.lines
            ],
        }
        for number, page in known.items()
    }
    cache.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(cache, json.dumps(data, indent=1))
