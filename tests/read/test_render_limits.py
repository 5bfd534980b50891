"""Extreme PDF pages: a bounded bitmap per page, a placeholder for what cannot be drawn."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

from labs import write_lab
from paths import ROOT
from pdfs import write_runs
from PIL import Image
from pypdf import PdfWriter

MEMORY = 3 * 1024**3
"""Address space the build may use: far more than a deck of a few pages needs."""
NOTES = "---\ntitle: Odd deck\n---\n\n## Sections\n\n- [0:00](https://youtu.be/abcdefghijk) Start\n"


def _deck(path: Path, pages: list[tuple[int, int]]) -> Path:
    """Write a real PDF whose pages have the given sizes (points), each with a line of text."""
    writer = PdfWriter()
    for number, (width, height) in enumerate(pages, start=1):
        single = write_runs(
            path.with_name(f"page{number}.pdf"),
            [[(f"Page {number}", 1, 0, height / 2)]],
            width=width,
            height=height,
        )
        writer.append(str(single))
    with path.open("wb") as out:
        writer.write(out)
    return path


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _build(lab: Path, out: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    command = ["build", str(lab), "--out", str(out), "--cache-dir", str(cache)]
    return subprocess.run(
        [sys.executable, "-m", "generator", *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        preexec_fn=_limited,
        timeout=600,
    )


def test_extreme_pages_are_drawn_small_or_replaced_and_nothing_is_left_behind(
    tmp_path: Path,
) -> None:
    lab = write_lab(tmp_path, "lab", {"notes.md": NOTES})
    _deck(lab / "deck.pdf", [(960, 540), (1, 200_000), (10, 2000)])
    out, cache = tmp_path / "site", tmp_path / "cache"
    result = _build(lab, out, cache)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert (
        f"{lab}/deck.pdf: page 2: 1 × 200000 pt is too narrow or too tall to draw; "
        "a placeholder stands in"
    ) in result.stderr
    assert "page 1:" not in result.stderr and "page 3:" not in result.stderr
    for number in (1, 2, 3):
        for name, width in ((f"{number:03d}.webp", 1600), (f"{number:03d}-thumb.webp", 480)):
            with Image.open(out / "slides" / name) as image:
                assert image.width <= width and image.height <= 5 * width, name
                assert image.width * image.height <= 4 * width * width, name
    with Image.open(out / "slides" / "001.webp") as normal:
        assert normal.size == (1600, 900)
    with Image.open(out / "slides" / "003.webp") as tall:
        # 10 x 2000 pt at most five times as high as wide: drawn 40 px wide, 8000 high.
        assert tall.size == (40, 8000)
    assert not [p for p in cache.rglob("*") if p.name.endswith(".tmp")]
    # The placeholder is remembered: a second build, from the cache, warns the same.
    again = _build(lab, tmp_path / "again", cache)
    assert "page 2: 1 × 200000 pt is too narrow or too tall to draw" in again.stderr


def test_temporary_files_a_crashed_writer_left_are_removed(tmp_path: Path) -> None:
    lab = write_lab(tmp_path, "lab", {"notes.md": NOTES})
    _deck(lab / "deck.pdf", [(960, 540)])
    cache = tmp_path / "cache"
    assert _build(lab, tmp_path / "site", cache).returncode == 0
    [slides] = list((cache / "slides").iterdir())
    # What a writer killed mid-write leaves: from this version and from earlier ones.
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    stale = [
        slides / f".001-1600.webp.{int(dead.stdout)}.abc123.tmp",
        slides / "tmpk2j4x9_q.tmp",
    ]
    for path in stale:
        path.write_bytes(b"half an image")
    (slides / "manifest.json").unlink()  # a manifest is written last: this run was cut short
    # Other notes, the same deck: whatever is cached of the lab, its slides are drawn again.
    (lab / "notes.md").write_text(NOTES.replace("Odd deck", "Odd deck, again"))
    assert _build(lab, tmp_path / "again", cache).returncode == 0
    assert not [p for p in stale if p.exists()]
