"""Keep what is read from a lab inside its folder: a link that leads elsewhere is not followed.

A lab folder is untrusted: a symlink in it (`video/<id>.mp4 -> /etc/passwd`) would
otherwise put any file the builder can read into the published site.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

OUTSIDE = "is a link that leads outside the lab folder; it is not read"


def resolved(path: Path) -> Path | None:
    """Return `path` with every link followed; None when that cannot be done."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # a link loop, an unlistable folder, a NUL
        return None


def inside(path: Path, *roots: Path) -> bool:
    """Tell whether `path`, with every link followed, is within one of `roots`."""
    target = resolved(path)
    return target is not None and any(target.is_relative_to(root.resolve()) for root in roots)


def outside_paths(lab_dir: Path) -> Iterator[Path]:
    """Yield every file or folder link in the lab that leads outside it, in name order."""
    root = lab_dir.resolve()
    for folder, folders, names in os.walk(lab_dir):
        folders.sort()
        for name in sorted([*folders, *names]):
            path = Path(folder) / name
            if path.is_symlink() and not inside(path, root):
                yield path
