"""Read a lab's text files: UTF-8 only, and the first bad byte is reported with its line."""

from __future__ import annotations

from pathlib import Path

from generator.errors import InputError

MAX_BYTES = 64 * 1024 * 1024
"""The largest text file read from a lab (a long talk's info JSON or captions is a few MB)."""


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
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(path, 0, f"larger than {MAX_BYTES // 2**20} MB: not read")
    return decode(data, path)
