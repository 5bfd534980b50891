"""Write cache files in one step, and leave no temporary file behind, even after a crash."""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

# `.<name>.<pid>.<random>.tmp`: the writer's process id tells a crashed writer's file.
_TEMPORARY = re.compile(r"\..+\.(\d+)\.[^.]+\.tmp")
# What earlier versions left: `tmp<random>.tmp`, without a process id.
_EARLIER = re.compile(r"tmp[a-z0-9_]+\.tmp")


def write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write `path` through `write(handle)` into a temporary file, then rename it into place.

    Whatever goes wrong (a full disk, a `MemoryError`, Ctrl-C), the temporary file is removed.
    """
    fd, name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp"
    )
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file in one step (see `write_atomically`), making its folder first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda handle: handle.write(data))


def write_text_atomically(path: Path, text: str) -> None:
    """Write UTF-8 text to `path` in one step."""
    write_atomically(path, lambda handle: handle.write(text.encode("utf-8")))


def remove_unused(folder: Path, pattern: str, days: float) -> int:
    """Remove the files of `folder` matching `pattern` unused (unmodified) for `days`; return
    how many. A file another process removes first is passed over."""
    limit = time.time() - days * 86400
    removed = 0
    for path in folder.glob(pattern):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def remove_stale_temporaries(directory: Path) -> list[Path]:
    """Remove temporary files that processes which have ended left in `directory`."""
    removed = []
    for path in directory.glob("*.tmp") if directory.is_dir() else []:
        match = _TEMPORARY.fullmatch(path.name)
        if (match and not process_alive(int(match.group(1)))) or _EARLIER.fullmatch(path.name):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def process_alive(pid: int) -> bool:
    """Tell whether a process may still be running (one of another user's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
