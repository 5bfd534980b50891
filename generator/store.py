"""Keep derived files in the cache, written atomically: by content, or by what made them."""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from generator.atomic import write_atomically

T = TypeVar("T")
_PACKAGE = Path(__file__).resolve().parent


def put_bytes(cache_dir: Path, kind: str, suffix: str, data: bytes) -> Path:
    """Store `data` under `cache_dir/kind/` named by its hash; return the file's path."""
    digest = hashlib.sha256(data).hexdigest()
    path = cache_dir / kind / f"{digest[:32]}{suffix}"
    if not path.is_file():
        write_atomic(path, data)
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file in one step (see `atomic.write_atomically`), making its folder first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda handle: handle.write(data))


def remember(cache_dir: Path, kind: str, source: Path, make: Callable[[], T]) -> T:
    """Return what `make()` reads from `source`, kept in the cache while the file is unchanged.

    The entry is named by the file's path and state (size, time, inode) and the code's
    version; reading it again (a pickle the generator wrote itself) replaces the work.
    """
    try:
        info = source.stat()
    except OSError:
        return make()
    state = f"{source.resolve()}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}"
    digest = hashlib.sha256(f"{code_version()}\0{state}".encode()).hexdigest()
    entry = cache_dir / kind / f"{digest[:32]}.pickle"
    try:
        return pickle.loads(entry.read_bytes())  # type: ignore[no-any-return]
    except FileNotFoundError:
        pass
    except Exception:  # a damaged entry is made again, never trusted
        pass
    made = make()
    write_atomic(entry, pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    return made


@functools.cache
def code_version() -> str:
    """Return a hash of the generator's code and static files, once per process."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".js", ".css", ".html"}:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()
