"""Render slides to WebP images at two widths, cached by deck content and render settings."""

from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import threading
from collections.abc import Collection, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import PIL
import pypdfium2 as pdfium
from PIL import Image

from generator.atomic import remove_stale_temporaries, write_atomically, write_text_atomically
from generator.errors import DeckError
from generator.model import RenderedSlide

RENDERER_VERSION = 3
"""Bump when the way images are made changes, so that older caches are not reused."""
MANIFEST = "manifest.json"
WORKERS = 2
REDUCING_GAP = 1.5
"""Thumbnails: reduce by whole factors while at least this much scaling remains."""
MAX_HEIGHT = 5
"""A slide image is at most this many times as high as its width (a tall page is drawn narrower)."""
MAX_AREA = 4
"""A slide image has at most this many times its width squared in pixels."""
MIN_SIDE = 8
"""A page whose image would be narrower or lower than this (pixels) becomes a placeholder."""
PLACEHOLDER = (16, 9)
"""Shape of the image shown for a page that cannot be drawn."""


@dataclass(frozen=True)
class RenderSettings:
    """Everything that changes the images, and so is part of the cache key."""

    widths: tuple[int, int] = (480, 1600)
    quality: int = 80
    format: str = "webp"
    method: int = 2
    """WebP's effort (0-6): 2 encodes 2.5 times as fast as the default 4, for files 4% larger."""

    def key(self) -> str:
        """Return a short hash of the settings, the renderer and the libraries behind it."""
        versions = {
            "renderer": RENDERER_VERSION,
            "pypdfium2": pdfium.version.PYPDFIUM_INFO.tag,
            "pdfium": pdfium.version.PDFIUM_INFO.tag,
            "pillow": PIL.__version__,
        }
        text = json.dumps({**asdict(self), **versions}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Renders:
    """The images of a deck's slides, by 1-based slide number."""

    directory: Path
    slides: dict[int, RenderedSlide]
    rendered: int
    """How many pages this call rendered (0 when everything came from the cache)."""

    def __getitem__(self, number: int) -> RenderedSlide:
        return self.slides[number]

    def __len__(self) -> int:
        return len(self.slides)


def render_deck(
    deck_path: Path,
    sha256: str,
    cache_dir: Path,
    widths: tuple[int, int] = (480, 1600),
    *,
    quality: int = 80,
    workers: int = WORKERS,
    grey: Collection[int] = (),
) -> Renders:
    """Render every slide of a deck at a thumbnail and a full width, reusing cached images.

    The pages numbered in `grey` also get a lossless grey copy, which OCR reads better than
    the compressed images. Raise DeckError when PDFium cannot open or draw the deck.
    """
    if len(set(widths)) != 2 or min(widths) < 1:
        raise ValueError(f"expected two different positive widths, got {widths}")
    settings = RenderSettings(widths=(min(widths), max(widths)), quality=quality)
    directory = cache_dir / "slides" / f"{sha256[:16]}-{settings.key()}"
    wanted = frozenset(grey)
    cached = _read_manifest(directory, sha256)
    if cached is not None:
        lacking = [n for n in sorted(wanted) if n in cached and _lacks_grey(cached[n])]
        if not lacking:
            return Renders(directory, cached, rendered=0)
        try:
            cached.update(_render_missing(deck_path, directory, lacking, settings, workers, wanted))
        except (pdfium.PdfiumError, BrokenProcessPool) as error:
            raise DeckError(deck_path, 0, f"cannot render the slides ({error})") from None
        _write_manifest(directory, sha256, settings, cached)
        return Renders(directory, cached, rendered=len(lacking))
    directory.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(directory)
    sizes = _page_sizes(deck_path)
    undrawable = {
        number: reason
        for number, (width, height) in enumerate(sizes, start=1)
        if (reason := _undrawable(width, height, settings))
    }
    done = {
        number: slide
        for number in range(1, len(sizes) + 1)
        if number not in undrawable
        and (slide := _on_disk(directory, number, settings))
        and not (number in wanted and _lacks_grey(slide))
    }
    missing = [n for n in range(1, len(sizes) + 1) if n not in done and n not in undrawable]
    try:
        done.update(_render_missing(deck_path, directory, missing, settings, workers, wanted))
    except (pdfium.PdfiumError, BrokenProcessPool) as error:
        raise DeckError(deck_path, 0, f"cannot render the slides ({error})") from None
    finally:
        # A worker that died (out of memory, killed) leaves its temporary file behind.
        remove_stale_temporaries(directory)
    for number, reason in undrawable.items():
        done[number] = _placeholder(directory, number, settings, reason)
    slides = {number: done[number] for number in sorted(done)}
    _write_manifest(directory, sha256, settings, slides)
    return Renders(directory, slides, rendered=len(missing))


def fit(width: float, height: float, pixels: int) -> tuple[int, int] | None:
    """Return the image size of a page of `width` x `height` points drawn `pixels` wide.

    A page too tall or too large for the caps is drawn smaller; None when the result would
    have no usable size (or the page has none).
    """
    if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
        return None
    scale = min(
        pixels / width,
        MAX_HEIGHT * pixels / height,
        math.sqrt(MAX_AREA * pixels * pixels / (width * height)),
    )
    size = (round(width * scale), round(height * scale))
    return size if min(size) >= MIN_SIDE else None


def _undrawable(width: float, height: float, settings: RenderSettings) -> str | None:
    """Return why a page cannot be drawn at the settings' widths, or None when it can."""
    if all(fit(width, height, pixels) for pixels in settings.widths):
        return None
    return f"{width:g} × {height:g} pt is too narrow or too tall to draw; a placeholder stands in"


def _page_sizes(deck_path: Path) -> list[tuple[float, float]]:
    """Return the width and height (points) of every page of the deck."""
    try:
        document = pdfium.PdfDocument(deck_path)
    except (pdfium.PdfiumError, OSError) as error:
        raise DeckError(deck_path, 0, f"cannot render the PDF ({error})") from None
    try:
        sizes = []
        for index in range(len(document)):
            page = document[index]
            try:
                sizes.append((page.get_width(), page.get_height()))
            finally:
                page.close()
        return sizes
    finally:
        document.close()


def _placeholder(
    directory: Path, number: int, settings: RenderSettings, reason: str
) -> RenderedSlide:
    """Write plain images for a page that cannot be drawn."""
    images = []
    for width in settings.widths:
        size = (width, width * PLACEHOLDER[1] // PLACEHOLDER[0])
        path = _file(directory, number, width, settings)
        _save(Image.new("RGB", size, (224, 224, 224)), path, settings)
        images.append((path, size))
    (thumb, thumb_size), (full, full_size) = images
    return RenderedSlide(thumb, full, thumb_size, full_size, placeholder=reason)


def _file(directory: Path, number: int, width: int, settings: RenderSettings) -> Path:
    return directory / f"{number:03d}-{width}.{settings.format}"


def _on_disk(directory: Path, number: int, settings: RenderSettings) -> RenderedSlide | None:
    """Return a slide's images left by an interrupted run, if both are complete files."""
    thumb, full = (_file(directory, number, width, settings) for width in settings.widths)
    grey = _grey_file(directory, number)
    try:
        with Image.open(thumb) as small, Image.open(full) as large:
            found = RenderedSlide(thumb, full, small.size, large.size)
    except OSError:  # UnidentifiedImageError is an OSError
        return None
    try:
        with Image.open(grey) as copy:
            copy.verify()
    except OSError:
        return found
    return replace(found, grey=grey)


def _grey_file(directory: Path, number: int) -> Path:
    return directory / f"{number:03d}-grey.pgm"


def _lacks_grey(slide: RenderedSlide) -> bool:
    """Tell whether a drawn slide has no grey copy on disk."""
    return slide.placeholder is None and (slide.grey is None or not slide.grey.is_file())


def _render_missing(
    deck_path: Path,
    directory: Path,
    numbers: Sequence[int],
    settings: RenderSettings,
    workers: int,
    grey: frozenset[int] = frozenset(),
) -> dict[int, RenderedSlide]:
    """Render pages, split between worker processes that each open the PDF themselves."""
    if not numbers:
        return {}
    if workers < 2 or len(numbers) < 4:
        return _render_pages(deck_path, list(numbers), directory, settings, grey)
    # Interleaved shares even out decks whose heavy slides sit together.
    shares = [list(numbers[start::workers]) for start in range(workers)]
    context = multiprocessing.get_context(_start_method())
    results: dict[int, RenderedSlide] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [
            pool.submit(_render_pages, deck_path, share, directory, settings, grey)
            for share in shares
            if share
        ]
        for future in futures:
            results.update(future.result())
    return results


def _start_method() -> str:
    """Fork when it is safe (no other threads): it starts fastest and re-imports nothing."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    # Forking a process that runs threads (a live-reload server) can deadlock a worker.
    return "forkserver" if "forkserver" in methods else "spawn"


def _render_pages(
    deck_path: Path,
    numbers: list[int],
    directory: Path,
    settings: RenderSettings,
    grey: frozenset[int] = frozenset(),
) -> dict[int, RenderedSlide]:
    """Render some pages of a deck to image files (runs in a worker process)."""
    document = pdfium.PdfDocument(deck_path)
    small_width, large_width = settings.widths
    results = {}
    try:
        for number in numbers:
            page = document[number - 1]
            try:
                width, height = page.get_width(), page.get_height()
                full_size = fit(width, height, large_width)
                small_size = fit(width, height, small_width)
                # The parent gives no undrawable page to a worker.
                assert full_size is not None and small_size is not None
                large = page.render(scale=full_size[0] / width).to_pil().convert("RGB")
            finally:
                page.close()
            if large.width != full_size[0]:
                large = large.resize(
                    (full_size[0], _height(large, full_size[0])), Image.Resampling.LANCZOS
                )
            # Halving first (a box filter), then Lanczos over what is left: 1600 → 480 px in
            # a third of the time, within 42 dB PSNR of Lanczos alone. Pillow reduces by
            # int(ratio / reducing_gap), so a gap of 2 would not reduce at this ratio (3.3).
            small = large.resize(
                (small_size[0], _height(large, small_size[0])),
                Image.Resampling.LANCZOS,
                reducing_gap=REDUCING_GAP,
            )
            thumb = _file(directory, number, small_width, settings)
            full = _file(directory, number, large_width, settings)
            _save(small, thumb, settings)
            _save(large, full, settings)
            copy = None
            if number in grey:
                copy = _grey_file(directory, number)
                _save_grey(large, copy)
            results[number] = RenderedSlide(thumb, full, small.size, large.size, grey=copy)
    finally:
        document.close()
    return results


def _height(image: Image.Image, width: int) -> int:
    return max(1, round(image.height * width / image.width))


def _save(image: Image.Image, path: Path, settings: RenderSettings) -> None:
    """Write an image atomically: to a temporary file in the same folder, then rename."""
    write_atomically(
        path,
        lambda handle: image.save(
            handle, settings.format.upper(), quality=settings.quality, method=settings.method
        ),
    )


def _save_grey(image: Image.Image, path: Path) -> None:
    """Write a lossless grey copy as it is (PGM): it is read once by OCR, not published."""
    grey = image.convert("L")
    write_atomically(path, lambda handle: grey.save(handle, "PPM"))


def _read_manifest(directory: Path, sha256: str) -> dict[int, RenderedSlide] | None:
    """Return the cached slides when the manifest is whole and every file it names exists."""
    try:
        data: dict[str, Any] = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        if data.get("sha256") != sha256:
            return None
        slides = {
            int(number): RenderedSlide(
                directory / entry["thumb"],
                directory / entry["full"],
                (int(entry["thumb_size"][0]), int(entry["thumb_size"][1])),
                (int(entry["full_size"][0]), int(entry["full_size"][1])),
                placeholder=str(entry["placeholder"]) if entry.get("placeholder") else None,
                grey=directory / str(entry["grey"]) if entry.get("grey") else None,
            )
            for number, entry in data["slides"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    if not all(slide.thumb.is_file() and slide.full.is_file() for slide in slides.values()):
        return None
    return slides


def _write_manifest(
    directory: Path, sha256: str, settings: RenderSettings, slides: dict[int, RenderedSlide]
) -> None:
    """Write the manifest last, atomically: its presence means the renders are complete."""
    data = {
        "sha256": sha256,
        "settings": asdict(settings),
        "slides": {
            str(number): {
                "thumb": slide.thumb.name,
                "full": slide.full.name,
                "thumb_size": list(slide.thumb_size),
                "full_size": list(slide.full_size),
                **({"placeholder": slide.placeholder} if slide.placeholder else {}),
                **({"grey": slide.grey.name} if slide.grey else {}),
            }
            for number, slide in slides.items()
        },
    }
    write_text_atomically(directory / MANIFEST, json.dumps(data, indent=1))
