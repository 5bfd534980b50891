"""Read a lab's text files: UTF-8, and the first bad byte is reported with its line.

Caption files alone may come in a legacy encoding (a Windows-1252 SubRip file, UTF-16
from a Windows tool): `read_any_text` finds the encoding with charset-normalizer and says
which it was, so that the reader can warn.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import InputError

MAX_BYTES = 64 * 1024 * 1024
"""The largest text file read from a lab (a long talk's info JSON or captions is a few MB)."""
NUL_SHARE = 0.2
"""UTF-8 text with this share of NUL bytes is UTF-16 or UTF-32 without a byte-order mark."""
PREFERRED = "cp1252"
"""Among encodings that read a file equally well, this one: most legacy captions are in it."""

# Byte-order marks, longest first: UTF-32's little-endian mark starts like UTF-16's.
_MARKS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_NAMES = {
    "latin_1": "ISO-8859-1",
    "cp932": "Shift_JIS",
    "shift_jis": "Shift_JIS",
    "euc_jp": "EUC-JP",
    "euc_kr": "EUC-KR",
    "cp949": "EUC-KR",
    "big5": "Big5",
    "koi8_r": "KOI8-R",
    "mac_roman": "Mac OS Roman",
}


def decode(data: bytes, file: str | Path) -> str:
    """Return UTF-8 `data` (a leading byte-order mark dropped) as text, or raise `InputError`."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(file, line, f"not UTF-8 text (byte 0x{data[err.start]:02X})") from None


def read_text(path: Path) -> str:
    """Return the text of a UTF-8 file; raise `InputError` naming the line of a bad byte.

    `OSError` (a missing or unreadable file) is left to the caller, who knows what the file is.
    """
    return decode(_read_bytes(path), path)


def read_any_text(path: Path) -> tuple[str, str | None]:
    """Return the text of a file in whatever encoding it is in, and that encoding's name
    when it is not UTF-8 (None when it is).

    Raise `InputError` for bytes that are text in no encoding; `OSError` is left to the caller.
    """
    data = _read_bytes(path)
    if data.count(0) <= NUL_SHARE * len(data):
        try:
            return decode(data, path), None
        except InputError:
            pass
    for mark, codec in _MARKS:
        if data.startswith(mark):
            try:
                return data.decode(codec).removeprefix("\ufeff"), codec.upper()
            except UnicodeDecodeError:
                break
    detected = _detect(data)
    if detected is None:
        raise InputError(path, 0, "not text in any encoding")
    name = encoding_name(detected)
    return data.decode(detected).removeprefix("\ufeff"), None if name == "UTF-8" else name


def encoding_name(codec: str) -> str:
    """Return the name people know an encoding by ("Windows-1252") for a Python codec name."""
    if re.fullmatch(r"cp125\d", codec):
        return f"Windows-{codec[2:]}"
    if codec.startswith(("utf_16", "utf_32")):
        return f"UTF-{codec[4:6]}"
    if match := re.fullmatch(r"iso8859_(\d+)", codec):
        return f"ISO-8859-{match.group(1)}"
    return _NAMES.get(codec, codec.upper().replace("_", "-"))


def _detect(data: bytes) -> str | None:
    """Return the codec that reads `data` best, preferring Windows-1252 among equals."""
    # Imported here: only a file that is not UTF-8 needs it.
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    equal = [m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    return PREFERRED if PREFERRED in equal else str(best.encoding)


def _read_bytes(path: Path) -> bytes:
    if path.exists() and not path.is_file():
        # A named pipe or a device would block the build or never end.
        raise InputError(path, 0, "not a regular file")
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(path, 0, f"larger than {MAX_BYTES // 2**20} MB: not read")
    return data
