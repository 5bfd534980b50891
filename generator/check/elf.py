"""Read just enough of an ELF executable to tell a static binary from a dynamic one.

A dynamically linked program names its loader in a ``PT_INTERP`` program header
and the shared libraries it needs in ``DT_NEEDED`` entries of its dynamic
section. A static one has neither, which is what lets it run on an image with no
C library. Only the program headers are read: section headers may be stripped.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from generator.errors import InputError

PT_LOAD = 1
PT_DYNAMIC = 2
PT_INTERP = 3
DT_NULL = 0
DT_NEEDED = 1
DT_STRTAB = 5

# struct layouts after the 16-byte e_ident, per ELF class (32 or 64 bits).
_HEADER = {32: "HHIIIIIHHH", 64: "HHIQQQIHHH"}
_PROGRAM_HEADER = {32: "IIIIIIII", 64: "IIQQQQQQ"}
_DYNAMIC_ENTRY = {32: "iI", 64: "qQ"}


@dataclass(frozen=True)
class ElfInfo:
    """How an ELF file is linked, as its program headers say."""

    path: str
    bits: int
    """32 or 64."""
    interpreter: str | None
    """The program loader named by ``PT_INTERP`` (e.g. /lib64/ld-linux-x86-64.so.2)."""
    needed: tuple[str, ...]
    """Shared libraries from the ``DT_NEEDED`` entries, in file order."""

    @property
    def static(self) -> bool:
        """Return True when the file needs neither a loader nor shared libraries."""
        return self.interpreter is None and not self.needed


@dataclass(frozen=True)
class _Segment:
    type: int
    offset: int
    vaddr: int
    filesz: int


def read_elf(path: Path) -> ElfInfo:
    """Read the linking facts of the ELF file at ``path``."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF":
        raise InputError(path, 0, "not an ELF file")
    bits = {1: 32, 2: 64}.get(data[4])
    order = {1: "<", 2: ">"}.get(data[5])
    if bits is None or order is None:
        raise InputError(path, 0, "unknown ELF class or byte order")
    try:
        segments = _segments(data, bits, order)
        interpreter = next(
            (_cstring(data, s.offset) for s in segments if s.type == PT_INTERP), None
        )
        needed = _needed(data, bits, order, segments)
    except (struct.error, IndexError, ValueError, StopIteration) as error:
        raise InputError(path, 0, f"truncated or corrupt ELF file ({error})") from error
    return ElfInfo(str(path), bits, interpreter, needed)


def _segments(data: bytes, bits: int, order: str) -> list[_Segment]:
    """Return the program headers."""
    header = struct.unpack_from(order + _HEADER[bits], data, 16)
    phoff, phentsize, phnum = header[4], header[8], header[9]
    layout = order + _PROGRAM_HEADER[bits]
    segments = []
    for index in range(phnum):
        fields = struct.unpack_from(layout, data, phoff + index * phentsize)
        if bits == 64:
            p_type, _flags, offset, vaddr, _paddr, filesz = fields[:6]
        else:
            p_type, offset, vaddr, _paddr, filesz = fields[:5]
        segments.append(_Segment(p_type, offset, vaddr, filesz))
    return segments


def _needed(data: bytes, bits: int, order: str, segments: list[_Segment]) -> tuple[str, ...]:
    """Return the names of the ``DT_NEEDED`` libraries."""
    dynamic = next((s for s in segments if s.type == PT_DYNAMIC), None)
    if dynamic is None:
        return ()
    layout = order + _DYNAMIC_ENTRY[bits]
    size = struct.calcsize(layout)
    offsets: list[int] = []
    strtab: int | None = None
    for position in range(dynamic.offset, dynamic.offset + dynamic.filesz, size):
        tag, value = struct.unpack_from(layout, data, position)
        if tag == DT_NULL:
            break
        if tag == DT_NEEDED:
            offsets.append(value)
        elif tag == DT_STRTAB:
            strtab = value
    if not offsets:
        return ()
    if strtab is None:
        raise IndexError("DT_NEEDED entries without a string table")
    # DT_STRTAB is a virtual address: find the loaded segment that holds it.
    base = next(
        s.offset + strtab - s.vaddr
        for s in segments
        if s.type == PT_LOAD and s.vaddr <= strtab < s.vaddr + s.filesz
    )
    return tuple(_cstring(data, base + offset) for offset in offsets)


def _cstring(data: bytes, offset: int) -> str:
    """Return the NUL-terminated string at ``offset``."""
    end = data.index(b"\0", offset)
    return data[offset:end].decode()
