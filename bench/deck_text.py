"""Time reading the decks' text: ours (PDFium's text layer, then titles and furniture)
against pypdf's text extraction with font sizes, the reader the project used before.

    .venv/bin/python -m bench.deck_text [DECK.pdf ...]

Without arguments, the four decks of `../shared/decks`. The two take turns after a warm-up
round, five timed runs each; the table shows medians. pypdf does less than we do here (no
titles, no furniture), so the ratio flatters it.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

from bench.timing import interleave, timed
from generator.read.deck import read_deck

DECKS = Path(__file__).resolve().parent.parent.parent / "shared" / "decks"
REPEAT = 5


def pypdf_text(path: Path) -> int:
    """Extract every page's text runs with their font sizes, as pypdf's visitor gives them."""
    from pypdf import PdfReader

    runs = 0

    def visit(text: str, *_: Any) -> None:
        nonlocal runs
        runs += bool(text)

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return runs


def main(argv: list[str]) -> int:
    decks = [Path(arg) for arg in argv] or sorted(DECKS.glob("*.pdf"))
    if not decks:
        print(f"no decks in {DECKS}", file=sys.stderr)
        return 2
    measured = interleave(
        {
            "ours": timed(lambda: [read_deck(path) for path in decks]),
            "pypdf": timed(lambda: [pypdf_text(path) for path in decks]),
        },
        REPEAT,
    )
    ours, reference = measured["ours"].seconds, measured["pypdf"].seconds
    slides = sum(len(read_deck(path).slides) for path in decks)
    print(f"deck text, {len(decks)} decks ({slides} slides):")
    print(
        f"  ours (PDFium) {ours * 1000:.0f} ms, pypdf {reference * 1000:.0f} ms, ratio {ours / reference:.2f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
