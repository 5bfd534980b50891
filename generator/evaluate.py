"""Score the slide aligner against hand-made ground truth: python -m generator.evaluate [SHARED].

Each deck of the dev labs is scored as it is and as an image-only copy (its pages as
pictures, the way a deck exported as images or scanned arrives), read with the same OCR the
build uses. The talks of another series (lab folders with their captions, our own labels in
bench/labels/talks/) are scored with their transcripts, as the build aligns them, and on
their titles and slides alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from generator.align.align import align_slides
from generator.errors import GeneratorError
from generator.model import Cue
from generator.read.captions import load_captions
from generator.read.notes import read_notes
from generator.read.ocr import ocr_available
from generator.read.slidetext import read_slides
from generator.read.video import find_files

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = ROOT / ".cache"
TALK_LABELS = ROOT / "bench" / "labels" / "talks"
"""Our labels of the talks in ../shared/talks/: for each chapter, the slide on screen at its start."""
IMAGE_WIDTH = 1600
"""Pixel width of the pictures in an image-only copy: a common export size for slides."""


@dataclass(frozen=True)
class ChapterResult:
    """One chapter's predicted first slide against what the ground truth accepts."""

    title: str
    predicted: int | None
    acceptable: tuple[int, ...]
    none_ok: bool

    @property
    def right(self) -> bool:
        """Tell whether the prediction is one the ground truth accepts."""
        if self.predicted is None:
            return self.none_ok
        return self.predicted in self.acceptable


@dataclass(frozen=True)
class LabResult:
    """The results of one lab."""

    lab: str
    chapters: tuple[ChapterResult, ...]

    @property
    def right(self) -> int:
        """Count the chapters aligned right."""
        return sum(result.right for result in self.chapters)


@dataclass(frozen=True)
class Expected:
    """What the ground truth accepts as one chapter's first slide."""

    acceptable: tuple[int, ...]
    none_ok: bool
    """True when "no slide of its own" is right too."""


@dataclass(frozen=True)
class Truth:
    """One ground-truth file: the lab's notes, its deck and what each chapter expects."""

    lab: str
    notes: Path
    deck: Path
    chapters: tuple[Expected, ...]
    video: Path | None = None
    """The lab folder's video/ folder, with the talk's captions; None for a loose notes page."""


def read_truth(truth_file: Path, shared: Path) -> Truth:
    """Read a ground-truth file and find the notes page, deck and captions it names.

    A truth with a "folder" names a lab folder under `shared` (notes.md, the deck, video/);
    one without names a page of shared/labs/ and a deck of shared/decks/.
    """
    data = json.loads(truth_file.read_text(encoding="utf-8"))
    chapters = tuple(
        Expected(tuple(int(n) for n in item["acceptable"]), bool(item["none_ok"]))
        for item in data["chapters"]
    )
    if "folder" in data:
        folder = shared / data["folder"]
        return Truth(
            data["lab"], folder / "notes.md", folder / data["deck"], chapters, folder / "video"
        )
    return Truth(
        lab=data["lab"],
        notes=shared / "labs" / f"{data['lab']}.md",
        deck=shared / "decks" / data["deck"],
        chapters=chapters,
    )


def evaluate_lab(
    truth_file: Path,
    shared: Path,
    cache_dir: Path = DEFAULT_CACHE,
    deck: Path | None = None,
    *,
    transcript: bool = True,
) -> LabResult:
    """Align one ground-truth lab's notes with its deck (or `deck`), and compare with the truth.

    A lab folder's captions are read and used, as the build uses them, unless `transcript`
    is False.
    """
    truth = read_truth(truth_file, shared)
    notes = read_notes(truth.notes, lab_id=truth.lab)
    slides = read_slides(deck or truth.deck, cache_dir).deck.slides
    if len(notes.chapters) != len(truth.chapters):
        raise GeneratorError(
            f"{truth_file}: {len(truth.chapters)} chapters in the truth, "
            f"{len(notes.chapters)} in the notes"
        )
    cues = _stored_cues(truth.video, notes.video_id) if transcript else ()
    assignment = align_slides(notes.chapters, slides, cues=cues)
    results = tuple(
        ChapterResult(
            title=chapter.title,
            predicted=found[0] if found else None,
            acceptable=expected.acceptable,
            none_ok=expected.none_ok,
        )
        for chapter, found, expected in zip(notes.chapters, assignment, truth.chapters, strict=True)
    )
    return LabResult(lab=truth.lab, chapters=results)


def _stored_cues(video_dir: Path | None, video_id: str | None) -> tuple[Cue, ...]:
    """Read the captions stored for a video the way the build finds them; () when there are none."""
    if video_dir is None or not video_id:
        return ()
    captions = find_files(video_dir, video_id).captions
    return load_captions(captions).cues if captions is not None else ()


def image_only_copy(source: Path, dest: Path, width: int = IMAGE_WIDTH) -> Path:
    """Write a copy of a PDF whose pages are only pictures of the original pages; return `dest`.

    The bytes depend only on the source, so the OCR cache (keyed by the deck's hash) is reused
    from one run to the next.
    """
    document = pdfium.PdfDocument(source)
    try:
        pages = []
        for page in document:
            scale = width / page.get_width()
            pages.append(page.render(scale=scale).to_pil().convert("RGB"))
    finally:
        document.close()
    first, *rest = pages
    first.save(
        dest,
        "PDF",
        save_all=True,
        append_images=rest,
        resolution=72 * scale,
        quality=90,
        # Without these, Pillow stamps the current time into the file.
        title=None,
        creationDate=None,
        modDate=None,
    )
    return dest


def report(results: Sequence[LabResult]) -> str:
    """Format per-chapter misses, per-lab and overall accuracy as text."""
    lines = []
    for lab in results:
        lines.append(
            f"{lab.lab}: {lab.right}/{len(lab.chapters)} = {_share(lab.right, len(lab.chapters))}"
        )
        for chapter in lab.chapters:
            if not chapter.right:
                wanted = ", ".join(map(str, chapter.acceptable))
                if chapter.none_ok:
                    wanted = f"{wanted} or none" if wanted else "none"
                lines.append(
                    f"  miss: {chapter.title!r}: got {chapter.predicted or 'none'}, want {wanted}"
                )
    right = sum(lab.right for lab in results)
    total = sum(len(lab.chapters) for lab in results)
    lines.append(f"overall: {right}/{total} = {_share(right, total)}")
    return "\n".join(lines)


def _share(right: int, total: int) -> str:
    return f"{100 * right / total:.1f}%" if total else "n/a"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation on the decks as they are and as image-only copies; print the reports."""
    parser = argparse.ArgumentParser(prog="python -m generator.evaluate", description=__doc__)
    parser.add_argument("shared", nargs="?", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, metavar="DIR")
    parser.add_argument(
        "--talks", type=Path, default=TALK_LABELS, metavar="DIR", help="labels of lab folders"
    )
    args = parser.parse_args(argv)
    truth_files = sorted((args.shared / "align" / "dev").glob("*.json"))
    if not truth_files:
        print(f"{args.shared}: no ground truth in align/dev/", file=sys.stderr)
        return 2
    try:
        results = [evaluate_lab(path, args.shared, args.cache_dir) for path in truth_files]
        print("decks as they are:")
        print(report(results))
        if ocr_available():
            with tempfile.TemporaryDirectory(prefix="evaluate-") as scratch:
                copies = []
                for path in truth_files:
                    truth = read_truth(path, args.shared)
                    copy = image_only_copy(truth.deck, Path(scratch) / truth.deck.name)
                    copies.append(evaluate_lab(path, args.shared, args.cache_dir, copy))
            print("image-only copies (read by OCR, as the build reads them):")
            print(report(copies))
        else:
            print("image-only copies: skipped, OCR is off (tesseract is not installed)")
        talks = sorted(args.talks.glob("*.json"))
        if talks:
            heard = [evaluate_lab(path, args.shared, args.cache_dir) for path in talks]
            print("talks with their transcripts (lab folders, as the build aligns them):")
            print(report(heard))
            unheard = [
                evaluate_lab(path, args.shared, args.cache_dir, transcript=False) for path in talks
            ]
            print("the same talks on titles and slides alone:")
            print(report(unheard))
    except GeneratorError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
