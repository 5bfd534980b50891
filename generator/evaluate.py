"""Score the slide aligner against hand-made ground truth: python -m generator.evaluate [SHARED]."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.align import align_slides
from generator.deck import read_deck
from generator.errors import GeneratorError
from generator.notes import read_notes

ROOT = Path(__file__).resolve().parent.parent


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


def evaluate_lab(truth_file: Path, shared: Path) -> LabResult:
    """Align one ground-truth lab's notes and deck, and compare with the truth."""
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    notes = read_notes(shared / "labs" / f"{truth['lab']}.md", lab_id=truth["lab"])
    deck = read_deck(shared / "decks" / truth["deck"])
    if len(notes.chapters) != len(truth["chapters"]):
        raise GeneratorError(
            f"{truth_file}: {len(truth['chapters'])} chapters in the truth, "
            f"{len(notes.chapters)} in the notes"
        )
    assignment = align_slides(notes.chapters, deck.slides)
    results = tuple(
        ChapterResult(
            title=chapter.title,
            predicted=found[0] if found else None,
            acceptable=tuple(expected["acceptable"]),
            none_ok=bool(expected["none_ok"]),
        )
        for chapter, found, expected in zip(
            notes.chapters, assignment, truth["chapters"], strict=True
        )
    )
    return LabResult(lab=truth["lab"], chapters=results)


def report(results: Sequence[LabResult]) -> str:
    """Format per-chapter misses, per-lab and overall accuracy as text."""
    lines = []
    for lab in results:
        lines.append(
            f"{lab.lab}: {lab.right}/{len(lab.chapters)} = {_share(lab.right, len(lab.chapters))}"
        )
        for chapter in lab.chapters:
            if not chapter.right:
                wanted = ", ".join(map(str, chapter.acceptable)) + (
                    " or none" if chapter.none_ok else ""
                )
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
    """Run the evaluation and print the report."""
    parser = argparse.ArgumentParser(prog="python -m generator.evaluate", description=__doc__)
    parser.add_argument("shared", nargs="?", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args(argv)
    truth_files = sorted((args.shared / "align" / "dev").glob("*.json"))
    if not truth_files:
        print(f"{args.shared}: no ground truth in align/dev/", file=sys.stderr)
        return 2
    try:
        results = [evaluate_lab(path, args.shared) for path in truth_files]
    except GeneratorError as error:
        print(error, file=sys.stderr)
        return 2
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
