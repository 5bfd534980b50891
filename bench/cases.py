"""The measurements: render decks, read captions, build sites, each against a reference.

Ours and the reference take turns (see `bench.timing.interleave`); where the reference is
a process, ours runs as a whole process too, started the way a user starts it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from bench.inputs import reference_site
from bench.report import Row
from bench.timing import Measured, interleave, process, timed
from generator.read import ocr, render
from generator.read.captions import read_captions

MIB = 1024 * 1024
PYTHON = sys.executable
# MkDocs prints a long banner about its next major version on every run.
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
JPEG_QUALITY = 80
"""pdftoppm's JPEG quality: the WebP quality our renderer uses."""


class Fresh:
    """A folder at a fixed place, emptied on every `renew()`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.renew()

    def renew(self) -> None:
        """Remove the folder and everything in it, and make it again, empty."""
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir(parents=True)


def render_decks(decks: list[Path], work: Path, repeat: int) -> list[Row]:
    """Render each deck into an empty cache, in turns with pdftoppm making the same images."""
    rows = [_render_deck(deck, work, repeat) for deck in decks]
    return [*rows, _total(rows)]


def _render_deck(deck: Path, work: Path, repeat: int) -> Row:
    thumb, full = sorted(render.RenderSettings().widths)
    pages = _page_count(deck)
    cache = Fresh(work / "render-cache")
    out = Fresh(work / "render-pdftoppm")
    result = interleave(
        {
            "ours": process(
                [PYTHON, "-m", "bench.render_deck", str(deck), str(cache.path)], env=ENV
            ),
            "pdftoppm": process(["sh", "-c", _pdftoppm_script(deck, out.path, (full, thumb))]),
        },
        repeat,
        before={"ours": cache.renew, "pdftoppm": out.renew},
    )
    made = sorted(out.path.glob("*.jpg"))
    widths = sorted({_width(made[0]), _width(made[-1])})
    if len(made) != 2 * pages or widths != [thumb, full]:
        raise RuntimeError(f"pdftoppm made {len(made)} images of widths {widths} for {deck}")
    ours, theirs = result["ours"], result["pdftoppm"]
    return Row(
        "render",
        deck.name,
        ours.seconds,
        theirs.seconds,
        "s",
        f"pdftoppm, 2 processes (odd/even pages), JPEG q{JPEG_QUALITY} at {full} and {thumb} px",
        f"{pages} pages; ours WebP, drawn once and scaled down; peak memory "
        f"{_mib(ours)} vs {_mib(theirs)} MiB",
        ours.times,
        theirs.times,
    )


def _pdftoppm_script(deck: Path, out: Path, widths: tuple[int, int]) -> str:
    """Return a shell script that draws every page at both widths in two processes at once.

    pdftoppm writes no WebP: JPEG at the same quality is the nearest like-for-like.
    """
    lines = []
    for half, flag in (("odd", "-o"), ("even", "-e")):
        commands = []
        for width in widths:
            size = ["-scale-to-x", str(width), "-scale-to-y", "-1"]
            jpeg = ["-jpeg", "-jpegopt", f"quality={JPEG_QUALITY}"]
            target = str(out / f"{half}-{width}")
            commands.append(shlex.join(["pdftoppm", flag, *size, *jpeg, str(deck), target]))
        lines.append(f"{{ {' && '.join(commands)}; }} & {half}=$!")
    lines.append("wait $odd && wait $even")
    return "\n".join(lines)


def _page_count(deck: Path) -> int:
    document = pdfium.PdfDocument(deck)
    try:
        return len(document)
    finally:
        document.close()


def _width(image: Path) -> int:
    with Image.open(image) as opened:
        return opened.width


def _mib(measured: Measured) -> str:
    return f"{(measured.peak_bytes or 0) / MIB:.0f}"


def _total(rows: list[Row]) -> Row:
    ours = sum(r.ours for r in rows)
    reference = sum(r.reference for r in rows)
    return Row("render", f"all {len(rows)} decks", ours, reference, "s", "pdftoppm, as above")


def read_vtt(path: Path, repeat: int) -> Row:
    """Read the sample captions with ours and with a WebVTT parser, in turns, in this process."""
    reference, name = _vtt_reference()
    cues = len(read_captions(path))
    blocks = reference(path)
    result = interleave(
        {"ours": timed(lambda: read_captions(path)), "reference": timed(lambda: reference(path))},
        repeat,
    )
    ours, theirs = result["ours"], result["reference"]
    return Row(
        "captions",
        path.name,
        ours.seconds,
        theirs.seconds,
        "s",
        name,
        f"{cues} clean cues vs {blocks} raw blocks (no de-duplication)",
        ours.times,
        theirs.times,
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


def build_sites(name: str, labs: list[Path], work: Path, repeat: int) -> list[Row]:
    """Build the labs with `generator build`, in turns with `mkdocs build` of as many pages.

    Both are whole processes. The reference site has our configuration without our plugin
    (same theme, features, other plugins and Markdown extensions) and pages that use them.
    Warm: the cache holds every slide, as in a publisher's rebuilds; cold: an empty cache.
    """
    slug = name.replace(" ", "-")
    cache, out = work / f"cache-{slug}", work / f"site-{slug}"
    ours = [PYTHON, "-m", "generator", "build", *map(str, labs)]
    warm = process([*ours, "--out", str(out), "--cache-dir", str(cache)], env=ENV)
    warm()  # fills the cache, and gives the page count for the reference
    pages = sum(1 for p in out.rglob("*.html") if p.name != "404.html")
    config = reference_site(work / f"reference-{slug}", pages)
    reference = [PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(config)]
    fresh = Fresh(work / f"fresh-site-{slug}")
    runners = {
        "warm": warm,
        "new folder": process(
            [*ours, "--out", str(fresh.path), "--cache-dir", str(cache)], env=ENV
        ),
        "mkdocs": process([*reference, "-d", str(work / f"reference-site-{slug}")], env=ENV),
    }
    decks = sum((lab / "deck.pdf").is_file() for lab in labs)
    cold_cache = Fresh(work / f"cold-cache-{slug}")
    if decks:
        cold_out = str(work / f"cold-site-{slug}")
        runners["cold"] = process(
            [*ours, "--out", cold_out, "--cache-dir", str(cold_cache.path)], env=ENV
        )
    result = interleave(
        runners, repeat, before={"cold": cold_cache.renew, "new folder": fresh.renew}
    )

    plain = result["mkdocs"]
    reference_name = f"mkdocs build, {pages} pages, our configuration without our plugin"
    what = f"{len(labs)} lab{'s' if len(labs) > 1 else ''}, {decks} deck{'s' if decks != 1 else ''}"
    cases = [
        ("warm rebuild", result["warm"], f"{what}; unchanged pages taken from the previous site"),
        ("warm cache, new folder", result["new folder"], f"{what}; every page made"),
    ]
    if decks:
        rendered = ", OCR of slides without text" if ocr.ocr_available() else ""
        cases.append(("cold cache", result["cold"], f"{what}, every slide rendered{rendered}"))
    rows = [
        Row(
            f"build, {kind}",
            name,
            m.seconds,
            plain.seconds,
            "s",
            reference_name,
            note,
            m.times,
            plain.times,
        )
        for kind, m, note in cases
    ]
    rows += [
        Row(
            "peak memory",
            f"{name}, {kind}",
            (m.peak_bytes or 0) / MIB,
            (plain.peak_bytes or 0) / MIB,
            "MiB",
            reference_name,
            "summed PSS of the process tree, render workers included",
            tuple((r.peak_bytes or 0) / MIB for r in m.runs),
            tuple((r.peak_bytes or 0) / MIB for r in plain.runs),
        )
        for kind, m, _ in cases
    ]
    return rows


def cold_lab(shared: Path, work: Path, repeat: int) -> Row:
    """Build ll202512 with an empty cache, in turns with pdftoppm rendering its deck as PNG.

    Both are whole processes: ours renders every slide at two widths, reads the text of the
    slides that have none by OCR and builds the site; pdftoppm only renders the slides.
    """
    lab = work / "cold-lab" / "ll202512"
    lab.mkdir(parents=True)
    shutil.copyfile(shared / "labs" / "ll202512.md", lab / "notes.md")
    deck = shared / "decks" / "learning-lab-202512.pdf"
    shutil.copyfile(deck, lab / "deck.pdf")
    cache, out, pngs = Fresh(work / "cold-cache"), work / "cold-site", Fresh(work / "cold-png")
    width = max(render.RenderSettings().widths)
    build = [PYTHON, "-m", "generator", "build", str(lab), "--out", str(out)]
    pdftoppm = ["pdftoppm", "-png", "-scale-to-x", str(width), "-scale-to-y", "-1"]
    result = interleave(
        {
            "ours": process([*build, "--cache-dir", str(cache.path)], env=ENV),
            "pdftoppm": process([*pdftoppm, str(deck), str(pngs.path / "slide")]),
        },
        repeat,
        before={"ours": cache.renew, "pdftoppm": pngs.renew},
    )
    ours, theirs = result["ours"], result["pdftoppm"]
    ocr_note = "OCR of slides without text" if ocr.ocr_available() else "no OCR (tesseract missing)"
    return Row(
        "build, cold cache",
        "ll202512, one lab",
        ours.seconds,
        theirs.seconds,
        "s",
        f"pdftoppm -png -scale-to-x {width}, one process",
        f"{_page_count(deck)} slides rendered at two widths, {ocr_note}, the site built",
        ours.times,
        theirs.times,
    )
