"""Write PDF files byte by byte for tests: the odd but drawable files real decks can be.

Each builder makes a real file of its kind (a page tree that loops, a trailer that lies, ...),
with text in Helvetica that a reader should still find.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def text_stream(lines: Sequence[tuple[str, float]], top: float = 330.0) -> bytes:
    """Return a content stream drawing `lines` (text, size) in Helvetica as /F1, top down."""
    runs, y = [], top
    for text, size in lines:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        runs.append(f"BT /F1 {size:g} Tf 40 {y:g} Td ({escaped}) Tj ET")
        y -= size * 1.6
    return "\n".join(runs).encode("latin-1")


def stream(data: bytes, extra: bytes = b"") -> bytes:
    """Return a stream object's body for `data`, `extra` added to its dictionary."""
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)


def assemble(objects: Sequence[bytes], trailer: bytes = b"", *, root: int = 1) -> bytes:
    """Return a PDF of the numbered `objects` (1, 2, ...) with a cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (len(objects) + 1, root, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def page(parent: int, contents: int, *, box: bytes = b"[0 0 720 405]", font: int = 3) -> bytes:
    """Return a page dictionary whose font /F1 is object `font`."""
    return (
        b"<< /Type /Page /Parent %d 0 R /MediaBox %s /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
        % (
            parent,
            box,
            font,
            contents,
        )
    )


def simple_deck(
    slides: Sequence[Sequence[tuple[str, float]]], *, box: bytes = b"[0 0 720 405]"
) -> list[bytes]:
    """Return the objects of a plain deck: 1 catalog, 2 pages, 3 font, then contents and pages."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", HELVETICA]
    kids = []
    for lines in slides:
        objects.append(stream(text_stream(lines)))
        objects.append(page(2, len(objects), box=box))
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return objects


def cyclic_page_tree(slides: Sequence[Sequence[tuple[str, float]]]) -> bytes:
    """A page tree whose root lists itself among its kids (its pages are still there)."""
    objects = simple_deck(slides)
    kids = objects[1].split(b"[", 1)[1].split(b"]", 1)[0]
    objects[1] = b"<< /Type /Pages /Kids [%s 2 0 R] /Count %d >>" % (kids, len(slides))
    return assemble(objects)


def deep_page_tree(lines: Sequence[tuple[str, float]], depth: int = 101) -> bytes:
    """A page `depth` levels of /Pages nodes down from the root."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    # Nodes 2 .. depth + 1, each the only kid of the one before; then font, contents, page.
    first_node, font = 2, depth + 2
    for level in range(depth):
        number = first_node + level
        parent = b"/Parent %d 0 R " % (number - 1) if level else b""
        kid = number + 1 if level + 1 < depth else depth + 4
        objects.append(b"<< /Type /Pages %s/Kids [%d 0 R] /Count 1 >>" % (parent, kid))
    objects.append(HELVETICA)
    objects.append(stream(text_stream(lines)))
    objects.append(page(depth + 1, depth + 3, font=font))
    return assemble(objects)


def flate(data: bytes) -> bytes:
    return zlib.compress(data)


def ascii_hex(data: bytes) -> bytes:
    return data.hex().encode() + b">"


def mapped_font(text: str) -> tuple[bytes, dict[str, int]]:
    """Return a ToUnicode CMap giving each character of `text` a one-byte code, and the codes.

    Helvetica draws the codes' own glyphs; a text layer reads the characters the map names.
    """
    codes = {char: 0x21 + index for index, char in enumerate(sorted(set(text) - {" "}))}
    codes[" "] = 0x20
    entries = b"\n".join(
        b"<%02X> <%s>" % (code, char.encode("utf-16-be").hex().upper().encode())
        for char, code in sorted(codes.items(), key=lambda item: item[1])
    )
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"%d beginbfchar\n%s\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end"
        % (len(codes), entries)
    )
    return cmap, codes


def visual_order_deck(lines: Sequence[tuple[str, float]]) -> bytes:
    """A page of right-to-left lines drawn as producers draw them: glyphs left to right.

    Each line is given in its logical (reading) order; the page holds it in visual order:
    the line's words from right to left, the letters of each right-to-left word reversed,
    numbers and Latin words as they are.
    """
    cmap, codes = mapped_font("".join(text for text, _ in lines))
    runs, y = [], 330.0
    for text, size in lines:
        words = reversed(text.split(" "))
        visual = " ".join(word[::-1] if _right_to_left(word) else word for word in words)
        hex_codes = bytes(codes[char] for char in visual).hex().encode()
        runs.append(b"BT /F1 %g Tf 40 %g Td <%s> Tj ET" % (size, y, hex_codes))
        y -= size * 1.6
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        stream(b"\n".join(runs)),
        page(2, 4),
        stream(cmap),
    ]
    return assemble(objects)


def _right_to_left(word: str) -> bool:
    return any("\u0590" <= char <= "\u08ff" for char in word)


def unmapped_font_deck(lines: Sequence[tuple[str, float]]) -> bytes:
    """A page whose text is in an embedded TrueType font with no ToUnicode map.

    As subsetting producers write them: Identity-H glyph ids, which a text layer can only
    turn into arbitrary characters, while the page draws the right letters.
    """
    import ctypes
    import io
    import re

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from PIL import ImageFont

    font_file = ImageFont.load_default(size=10).font_bytes  # Pillow's own TrueType font
    document = pdfium.PdfDocument.new()
    sheet = document.new_page(720, 405)
    data = (ctypes.c_uint8 * len(font_file)).from_buffer_copy(font_file)
    font = raw.FPDFText_LoadFont(document, data, len(font_file), raw.FPDF_FONT_TRUETYPE, True)
    y = 330.0
    for text, size in lines:
        run = raw.FPDFPageObj_CreateTextObj(document, font, size)
        wide = ctypes.create_string_buffer(text.encode("utf-16-le") + b"\0\0")
        raw.FPDFText_SetText(run, ctypes.cast(wide, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(run, 1, 0, 0, 1, 40, y)
        raw.FPDFPage_InsertObject(sheet, run)
        y -= size * 1.6
    raw.FPDFPage_GenerateContent(sheet)
    raw.FPDFFont_Close(font)
    sheet.close()
    out = io.BytesIO()
    document.save(out)
    document.close()
    # Blank out the font's map, keeping every byte offset of the file as it is.
    pdf, count = re.subn(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group(0)), out.getvalue())
    assert count == 1
    return pdf
