"""The whole lab behind a held one: what a lab's pages are written from."""

from __future__ import annotations

import functools
from pathlib import Path

from generator import cache
from generator.errors import GeneratorError
from generator.model import HeldLab, Lab


def whole_lab(held: HeldLab) -> Lab:
    """Return the whole lab `held` stands for: read back from its cache entry, if need be.

    The last one read is kept: MkDocs reads a lab's pages one after another.
    """
    if held.whole is not None:
        return held.whole
    return _read_whole(held.entry, held.outline.directory)


@functools.lru_cache(maxsize=1)
def _read_whole(entry: str, directory: str) -> Lab:
    lab = cache.get_data(Path(entry), Lab) if entry else None
    if lab is None:
        where = f"its cache entry {entry} is gone" if entry else "it was built elsewhere"
        raise GeneratorError(f"{directory}: the lab's pages cannot be made here ({where})")
    return lab
