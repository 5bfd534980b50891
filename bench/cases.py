"""The measurements: render decks, read captions, build sites, peak memory of a build."""

from __future__ import annotations

import functools
import hashlib
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from mkdocs.commands.build import build
from mkdocs.config import load_config
from PIL import Image

from bench.inputs import DEFAULT_LAB, reference_site
from bench.report import Row
from bench.timing import median_time, run_child
from generator import ocr, render
from generator.build import build_site
from generator.captions import read_captions
from generator.cli import DEFAULT_CONFIG

MIB = 1024 * 1024


class Scratch:
    """A fresh empty folder under `parent` on every `renew()`, the previous one removed."""

    def __init__(self, parent: Path, prefix: str) -> None:
        self.parent = parent
        self.prefix = prefix
        self.path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))

    def renew(self) -> None:
        """Replace the folder with a new empty one."""
        shutil.rmtree(self.path, ignore_errors=True)
        self.path = Path(tempfile.mkdtemp(prefix=self.prefix, dir=self.parent))


def render_decks(decks: list[Path], work: Path, repeat: int) -> list[Row]:
    """Render each deck into a fresh cache, then again from it, against pdftoppm at that width."""
    # Untimed: the first render starts the worker processes' server, once per build.
    _render(decks[0], Scratch(work, "warm-"))
    rows = [_render_deck(deck, work, repeat) for deck in decks]
    cold = [first for first, _ in rows]
    return [*cold, _total(cold), *(cached for _, cached in rows)]


def _render_deck(deck: Path, work: Path, repeat: int) -> tuple[Row, Row]:
    """Time one deck: ours cold and cached (`repeat` runs), pdftoppm once alone, once as two.

    pdftoppm takes seconds a deck (PNG encoding at this size): one run of each is enough.
    """
    width = render.RenderSettings().widths[1]
    pages, points = _pdf_size(deck)
    dpi = width * 72 / points
    cache = Scratch(work, "cache-")
    ours = median_time(lambda: _render(deck, cache), repeat, setup=cache.renew)
    again = median_time(lambda: _render(deck, cache), repeat)
    rendered = _render(deck, cache).rendered
    out = Scratch(work, "ppm-")
    one = median_time(lambda: _pdftoppm(deck, dpi, out.path), 1)
    png_width = _png_width(out.path)
    if png_width != width:
        raise RuntimeError(f"pdftoppm -r {dpi:g} gave {png_width} px, not {width} px")
    two = median_time(lambda: _pdftoppm_two(deck, dpi, out.path), 1, setup=out.renew)
    shutil.rmtree(cache.path)
    shutil.rmtree(out.path)
    reference = f"pdftoppm -r {dpi:g} -png"
    cold = Row(
        "render",
        deck.name,
        ours.seconds,
        one.seconds,
        "s",
        reference,
        f"{pages} pages, {width} px; two pdftoppm -o/-e: {two.seconds:.2f} s "
        f"({ours.seconds / two.seconds:.2f}×)",
        ours.runs,
        one.runs,
    )
    cached = Row(
        "render, cached",
        deck.name,
        again.seconds,
        one.seconds,
        "s",
        reference,
        f"rendered {rendered} of {pages} pages",
        again.runs,
        one.runs,
    )
    return cold, cached


def _render(deck: Path, cache: Scratch) -> render.Renders:
    return render.render_deck(deck, _digest(deck), cache.path)


@functools.cache
def _digest(deck: Path) -> str:
    """Hash a deck once: reading the PDF is part of the build, not of rendering."""
    return hashlib.sha256(deck.read_bytes()).hexdigest()


def _pdf_size(deck: Path) -> tuple[int, float]:
    document = pdfium.PdfDocument(deck)
    try:
        return len(document), float(document[0].get_width())
    finally:
        document.close()


def _pdftoppm(deck: Path, dpi: float, out: Path) -> None:
    subprocess.run(["pdftoppm", "-r", f"{dpi:g}", "-png", str(deck), str(out / "page")], check=True)


def _pdftoppm_two(deck: Path, dpi: float, out: Path) -> None:
    """Render odd and even pages in two processes at once, as our two workers do."""
    argv = ["-r", f"{dpi:g}", "-png", str(deck)]
    processes = [
        subprocess.Popen(["pdftoppm", flag, *argv, str(out / name)])
        for flag, name in (("-o", "odd"), ("-e", "even"))
    ]
    if any(p.wait() != 0 for p in processes):
        raise RuntimeError(f"pdftoppm failed on {deck}")


def _png_width(out: Path) -> int:
    with Image.open(min(out.glob("*.png"))) as image:
        return image.width


def _total(rows: list[Row]) -> Row:
    ours = sum(r.ours for r in rows)
    reference = sum(r.reference for r in rows)
    return Row("render", f"all {len(rows)} decks", ours, reference, "s", "pdftoppm")


def read_vtt(path: Path, repeat: int) -> Row:
    """Read the sample captions with ours and with a WebVTT parser (webvtt-py, else yt-dlp's)."""
    reference, name = _vtt_reference()
    cues = len(read_captions(path))
    blocks = reference(path)
    ours = median_time(lambda: read_captions(path), repeat)
    theirs = median_time(lambda: reference(path), repeat)
    return Row(
        "captions",
        path.name,
        ours.seconds,
        theirs.seconds,
        "s",
        name,
        f"{cues} clean cues vs {blocks} raw blocks (no de-duplication)",
        ours.runs,
        theirs.runs,
    )


def _vtt_reference() -> tuple[Callable[[Path], int], str]:
    try:
        import webvtt  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        from yt_dlp import webvtt as ytdlp_webvtt

        def read(path: Path) -> int:
            return len(list(ytdlp_webvtt.parse_fragment(path.read_bytes())))

        return read, "yt_dlp.webvtt.parse_fragment"

    def read_py(path: Path) -> int:
        return len(webvtt.read(str(path)).captions)

    return read_py, "webvtt-py read"


def build_sites(name: str, labs: list[Path], work: Path, repeat: int) -> tuple[list[Row], Path]:
    """Build the labs' site against plain MkDocs with as many simple pages; return its config.

    The first build (untimed for the default lab, which has no deck) fills the cache;
    the timed ones reuse it, as a publisher's rebuilds do.
    """
    slug = name.replace(" ", "-")
    cache = work / f"cache-{slug}"
    out = work / f"site-{slug}"
    decks = sum((lab / "deck.pdf").is_file() for lab in labs)
    cold = median_time(
        lambda: build_site(labs, out, config_file=DEFAULT_CONFIG, cache_dir=cache), 1
    )
    warm = median_time(
        lambda: build_site(labs, out, config_file=DEFAULT_CONFIG, cache_dir=cache), repeat
    )
    pages = sum(1 for p in out.rglob("*.html") if p.name != "404.html")
    config = reference_site(work / f"reference-{slug}", pages)
    # Untimed first build, as ours had its cold one: both then run with warm imports.
    build(load_config(str(config)))
    plain = median_time(lambda: build(load_config(str(config))), repeat)
    reference = f"mkdocs build, {pages} plain pages"
    what = f"{len(labs)} lab{'s' if len(labs) > 1 else ''}, {decks} deck{'s' if decks != 1 else ''}"
    rows = [
        Row(
            "build, warm cache",
            name,
            warm.seconds,
            plain.seconds,
            "s",
            reference,
            what,
            warm.runs,
            plain.runs,
        )
    ]
    if decks:
        rows.append(
            Row(
                "build, cold cache",
                name,
                cold.seconds,
                plain.seconds,
                "s",
                reference,
                f"{what}, every slide rendered"
                + (", OCR of slides without text" if ocr.ocr_available() else ""),
                cold.runs,
                plain.runs,
            )
        )
    return rows, config


def build_memory(name: str, labs: list[Path], config: Path, work: Path) -> list[Row]:
    """Peak RSS of `generator build` in a child process (warm and cold cache) vs `mkdocs build`."""
    warm_cache = work / f"cache-{name.replace(' ', '-')}"
    command = [sys.executable, "-m", "generator", "build", *map(str, labs)]
    warm = run_child([*command, "--out", str(work / "mem-warm"), "--cache-dir", str(warm_cache)])
    cold = run_child(
        [*command, "--out", str(work / "mem-cold"), "--cache-dir", str(work / "mem-cache")]
    )
    plain = run_child(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(work / "mem")]
    )
    reference = "mkdocs build, as many plain pages"
    return [
        Row(
            "peak memory",
            f"{name}, warm cache",
            warm.peak_bytes / MIB,
            plain.peak_bytes / MIB,
            "MiB",
            reference,
            f"as commands: {warm.seconds:.1f} s vs {plain.seconds:.1f} s",
        ),
        Row(
            "peak memory",
            f"{name}, cold cache",
            cold.peak_bytes / MIB,
            plain.peak_bytes / MIB,
            "MiB",
            reference,
            f"largest process incl. renderers; {cold.seconds:.1f} s",
        ),
    ]


def default_lab() -> list[Path]:
    """Return the default lab, as `make site` builds it."""
    return [DEFAULT_LAB]
