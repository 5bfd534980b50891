"""Recognise the text of slides that have none in their PDF (screenshots), with tesseract."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

from generator.atomic import write_text_atomically
from generator.deck import normalize
from generator.model import Deck, Slide

OCR_VERSION = 1
"""Bump when recognition or its clean-up changes, so that older cached results are redone."""
OCR_OFF = "OCR is off (tesseract is not installed): slides without text stay without text"
MIN_CONFIDENCE = 50.0
"""Words tesseract is less sure of (0-100) are mostly noise from pictures."""
TIMEOUT = 120.0
WORKERS = 2


@dataclass(frozen=True)
class Recognised:
    """The text read from one slide image: its title (tallest line) and the rest."""

    title: str
    lines: tuple[str, ...]


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
    wanted = [s.number for s in deck.slides if not s.has_text and not s.ocr and s.number in images]
    tesseract = shutil.which("tesseract")
    if not wanted or tesseract is None:
        return deck
    cache = _cache_file(cache_dir, deck.sha256, tesseract) if cache_dir else None
    known = _read_cache(cache)
    missing = [number for number in wanted if str(number) not in known]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        found = pool.map(lambda number: _recognise(tesseract, images[number]), missing)
        for number, recognised in zip(missing, found, strict=True):
            known[str(number)] = [recognised.title, *recognised.lines]
    if cache is not None and missing:
        _write_cache(cache, known)
    results = {
        int(number): Recognised(lines[0], tuple(lines[1:]))
        for number, lines in known.items()
        if lines
    }
    repeated = _repeated_lines([results[number] for number in wanted if number in results])
    return replace(
        deck,
        slides=tuple(
            _with_text(slide, results.get(slide.number), repeated) for slide in deck.slides
        ),
    )


def _with_text(slide: Slide, recognised: Recognised | None, repeated: frozenset[str]) -> Slide:
    if recognised is None or slide.has_text:
        return slide
    title = "" if recognised.title.casefold() in repeated else recognised.title
    lines = [line for line in recognised.lines if line.casefold() not in repeated]
    if not title and not lines:
        return slide
    return replace(slide, title=title, text="\n".join(lines), ocr=True)


def _repeated_lines(results: Sequence[Recognised]) -> frozenset[str]:
    """Return lines read on many slides: a logo or a footer, not the slides' own text."""
    counts = Counter(
        line.casefold() for result in results for line in {result.title, *result.lines}
    )
    return frozenset(line for line, count in counts.items() if count >= max(3, len(results) / 2))


def _recognise(tesseract: str, image: Path) -> Recognised:
    """Run tesseract on a grey copy of the image and group its words into lines."""
    with tempfile.TemporaryDirectory() as scratch:
        grey = Path(scratch) / "slide.png"
        with Image.open(image) as picture:
            picture.convert("L").save(grey)
        # One thread per run: the runs themselves are spread over the cores.
        environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            result = subprocess.run(
                [tesseract, str(grey), "stdout", "tsv"],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                env=environment,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return Recognised("", ())
    if result.returncode != 0:
        return Recognised("", ())
    return _lines_from_tsv(result.stdout)


def _lines_from_tsv(tsv: str) -> Recognised:
    """Group tesseract's confident words into lines; the tallest worded line is the title."""
    words: dict[tuple[int, int, int], list[tuple[int, str, int]]] = defaultdict(list)
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        try:
            confidence = float(cells[10])
            key = (int(cells[2]), int(cells[3]), int(cells[4]))
            left, height = int(cells[6]), int(cells[9])
        except ValueError:
            continue
        if confidence >= MIN_CONFIDENCE:
            words[key].append((left, cells[11], height))
    lines: list[tuple[str, float, int]] = []
    for key in sorted(words):
        found = sorted(words[key])
        text = normalize(" ".join(word for _, word, _ in found))
        if sum(char.isalpha() for char in text) >= 2:
            heights = sorted(height for _, _, height in found)
            lines.append((text, float(heights[len(heights) // 2]), key[0]))
    if not lines:
        return Recognised("", ())
    top = max(range(len(lines)), key=lambda index: lines[index][1])
    first = last = top

    def heading(index: int) -> bool:
        """Tell whether a line continues the title: as tall, in the same block."""
        _, height, block = lines[index]
        return height >= 0.8 * lines[top][1] and block == lines[top][2]

    while first > 0 and heading(first - 1):
        first -= 1
    while last + 1 < len(lines) and heading(last + 1):
        last += 1
    title = " ".join(text for text, _, _ in lines[first : last + 1])
    rest = [text for index, (text, _, _) in enumerate(lines) if not first <= index <= last]
    return Recognised(title, tuple(rest))


def _cache_file(cache_dir: Path, sha256: str, tesseract: str) -> Path:
    """Name the cache by deck hash, recogniser version and tesseract binary."""
    try:
        version = subprocess.run(
            [tesseract, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.splitlines()[:1]
    except (OSError, subprocess.TimeoutExpired):
        version = []
    key = hashlib.sha256(json.dumps([OCR_VERSION, MIN_CONFIDENCE, version]).encode()).hexdigest()
    return cache_dir / "slides" / f"{sha256[:16]}-ocr-{key[:12]}.json"


def _read_cache(cache: Path | None) -> dict[str, list[str]]:
    if cache is None:
        return {}
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(number): [str(line) for line in lines]
        for number, lines in data.items()
        if isinstance(lines, list)
    }


def _write_cache(cache: Path, known: Mapping[str, list[str]]) -> None:
    """Write the results atomically, so that a reader never sees half a file."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(cache, json.dumps(dict(known), indent=1))
