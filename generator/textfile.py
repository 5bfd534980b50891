"""Read a lab's text files: UTF-8 only, and the first bad byte is reported with its line."""

from __future__ import annotations

from pathlib import Path

from generator.errors import InputError


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
    if path.exists() and not path.is_file():
        # A named pipe or a device would block the build or never end.
        raise InputError(path, 0, "not a regular file")
    return decode(path.read_bytes(), path)
