"""The build cache: derived files and loaded labs, kept as data, keyed by what made them.

Every entry is named by a hash of its inputs and of `versions()` — the generator's code and
every library and tool that shapes what it makes — so an upgrade never serves stale output.
Entries are bytes or JSON (see `codec.py`), never pickles: reading the cache cannot run code,
whoever wrote it. An entry that cannot be read, or does not have the shape it should, is made
again, with a warning; every entry is written in one step (`write_atomic`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
import subprocess
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from generator import codec
from generator.atomic import write_atomic

T = TypeVar("T")
log = logging.getLogger("generator.cache")

FORMAT = 2
"""Bump when the stored form changes in a way the code hash would not show."""
_PACKAGE = Path(__file__).resolve().parent
LIBRARIES = (
    "pypdfium2",
    "pillow",
    "yt-dlp",
    "markdown-it-py",
    "nh3",
    "charset-normalizer",
    "numpy",
    "opencv-python-headless",
)
"""The libraries whose versions change what the load stage makes of a lab's files."""


def default_cache_dir() -> Path:
    """Return where derived files are kept when no `--cache-dir` is given.

    `$LABSITE_CACHE` if set; in a checkout of the project its git-ignored `.cache/`; else
    the user's cache folder (`$XDG_CACHE_HOME/labsite`, `~/.cache/labsite`).
    """
    chosen = os.environ.get("LABSITE_CACHE")
    if chosen:
        return Path(chosen)
    checkout = _PACKAGE.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / ".git").exists():
        return checkout / ".cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "labsite"


def put_bytes(cache_dir: Path, kind: str, suffix: str, data: bytes) -> Path:
    """Store `data` under `cache_dir/kind/` named by its hash; return the file's path."""
    digest = hashlib.sha256(data).hexdigest()
    path = cache_dir / kind / f"{digest[:32]}{suffix}"
    if not path.is_file():
        write_atomic(path, data)
    return path


def put_made(cache_dir: Path, kind: str, key: str, suffix: str, make: Callable[[], bytes]) -> Path:
    """Return the file made by `make()` for `key`, making it only when it is not stored yet."""
    digest = hashlib.sha256(f"{versions()}\0{key}".encode()).hexdigest()
    path = cache_dir / kind / f"{digest[:32]}{suffix}"
    if not path.is_file():
        write_atomic(path, make())
    return path


def get_data(entry: Path, kind: type[T]) -> T | None:
    """Return the `kind` stored as JSON in `entry`; None (with a warning if damaged) otherwise."""
    try:
        data = json.loads(entry.read_bytes())
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise codec.DecodeError("not an entry of this version")
        return codec.from_data(kind, data["value"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, RecursionError) as err:
        log.warning("%s: unreadable cache entry, made again (%s)", entry, _reason(err))
        entry.unlink(missing_ok=True)
        return None


def put_data(entry: Path, value: object) -> None:
    """Store `value` as JSON in `entry`."""
    data = {"format": FORMAT, "value": codec.to_data(value)}
    write_atomic(entry, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())


def remember(cache_dir: Path, kind: str, source: Path, type_: type[T], make: Callable[[], T]) -> T:
    """Return what `make()` reads from `source`, kept in the cache while the file is unchanged.

    The entry is named by the file's path and state (size, time, inode) and `versions()`.
    """
    try:
        info = source.stat()
    except OSError:
        return make()
    state = f"{source.resolve()}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}"
    digest = hashlib.sha256(f"{versions()}\0{state}".encode()).hexdigest()
    entry = cache_dir / kind / f"{digest[:32]}.json"
    found = get_data(entry, type_)
    if found is not None:
        return found
    made = make()
    put_data(entry, made)
    return made


@functools.cache
def versions() -> str:
    """Return a hash of the code, the libraries and the tools that shape what is made, once."""
    digest = hashlib.sha256(f"format={FORMAT}\0code={code_version()}\0".encode())
    for package in LIBRARIES:
        try:
            digest.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none\0".encode())
    digest.update(f"tesseract={tool_version('tesseract')}\0".encode())
    return digest.hexdigest()


@functools.cache
def code_version() -> str:
    """Return a hash of the generator's code, templates and static files, once per process."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".js", ".css", ".html", ".yml"}:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def tool_version(name: str) -> str:
    """Return the first line of `name --version`, or "none" when the tool is not installed."""
    found = shutil.which(name)
    if found is None:
        return "none"
    try:
        done = subprocess.run(
            [found, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else "unknown"


def fingerprint(folder: Path, *extra: str) -> str:
    """Return a key that changes with any file under `folder` (and with `extra` and versions)."""
    digest = hashlib.sha256(f"{versions()}\0{folder}\0".encode())
    digest.update("\0".join(extra).encode() + b"\0")
    for path in sorted(_entries(folder)):
        try:
            info = path.lstat()
            state = f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"
        except OSError:
            state = "unreadable"
        # Where a link leads decides whether the lab may read it: a re-pointed link is a change.
        target = os.readlink(path) if path.is_symlink() else ""
        if path.is_symlink():
            try:
                info = path.stat()
                state += f"->{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"
            except OSError:
                state += "->none"
        digest.update(f"{path.relative_to(folder)}\0{state}\0{target}\0".encode())
    return digest.hexdigest()


def _entries(folder: Path) -> list[Path]:
    """Return every file and folder under `folder` (not going into linked folders)."""
    found = []
    for root, folders, names in os.walk(folder):
        found += [Path(root) / name for name in [*folders, *names]]
    return found


def _reason(err: Exception) -> str:
    text = str(err).splitlines()
    return text[0][:200] if text else type(err).__name__
