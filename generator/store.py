"""Keep derived files in the cache by content, written atomically, so pages can point at them."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def put_bytes(cache_dir: Path, kind: str, suffix: str, data: bytes) -> Path:
    """Store `data` under `cache_dir/kind/` named by its hash; return the file's path."""
    digest = hashlib.sha256(data).hexdigest()
    path = cache_dir / kind / f"{digest[:32]}{suffix}"
    if not path.is_file():
        write_atomic(path, data)
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file through a temporary name in its folder, so it is never seen half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
