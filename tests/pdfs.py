"""Write small real PDF files for tests: Helvetica text placed on pages."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

Run = tuple[str, float, float, float]
"""A piece of text, its font size and the x, y of its baseline."""
Line = tuple[str, float]
"""A line of text and its font size; lines are laid out top-down."""


def write_runs(
    path: Path, pages: Sequence[Sequence[Run]], width: int = 720, height: int = 405
) -> Path:
    """Write a PDF with one page per entry of `pages` (StandardEncoding: \\256 is fi)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for runs in pages:
        stream = "\n".join(f"BT /F1 {s:g} Tf {x:g} {y:g} Td ({t}) Tj ET" for t, s, x, y in runs)
        data = stream.encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (width, height, len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(
    path: Path, pages: Sequence[Sequence[Line]], width: int = 960, height: int = 540
) -> Path:
    """Write a PDF whose pages are lines of text from the top left; return `path`."""
    laid_out = []
    for lines in pages:
        y = height - 80.0
        runs: list[Run] = []
        for text, size in lines:
            runs.append((_escape(text), size, 60.0, y))
            y -= size * 1.6
        laid_out.append(runs)
    return write_runs(path, laid_out, width, height)


def compiler_deck(path: Path, slide_word: str) -> Path:
    """Write the four-slide deck of the browser tests' labs: `slide_word` only on slide 3."""
    return write_pdf(
        path,
        [
            [("Opening words", 40), ("welcome to the lab", 20)],
            [("Compiler history", 40), ("the first compilers", 20)],
            [("Compiler history continued", 40), (f"the {slide_word} optimiser pass", 20)],
            [("Closing remarks", 40), ("thank you", 20)],
        ],
    )
