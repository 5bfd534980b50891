"""Own a build's output folder: replace only sites this generator made, and never lose one.

A build is staged in a sibling folder `.<out>.new-<pid>-<random>` and swapped in with two
renames; the previous site waits in `.<out>.old-<pid>-<random>` between them. A build that
is killed leaves those folders behind: the next build into the same place removes the
stale ones (never those of a build that is still running) and puts back a previous site
that a kill between the two renames left aside.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from generator.atomic import process_alive
from generator.errors import GeneratorError

MARKER = ".labsite-site"
"""The file every site this generator builds carries; `--out` replaces only such folders."""
MARKER_TEXT = (
    "This folder is a site built by labsite-generator.\n"
    "`python -m generator build --out` replaces only folders that hold this file.\n"
)
# Sites built before the marker existed carry the generator's own script.
_EARLIER_SITE = "assets/labsite/labsite.js"
LOCK = ".building"
"""A file in a staging folder, locked for as long as its build runs."""


def check_out(out: Path, inputs: Sequence[Path]) -> None:
    """Refuse an output folder whose replacement would destroy inputs or other files."""
    if out.parent == out:
        raise GeneratorError(f"--out {out} is the root folder: choose a folder of its own")
    for path in inputs:
        path = path.resolve()
        if path == out or path.is_relative_to(out):
            raise GeneratorError(f"--out {out} would replace {path}: choose a folder of its own")
    if out.exists() and not out.is_dir():
        raise GeneratorError(f"--out {out} exists and is not a folder")
    if out.is_dir() and not is_replaceable(out):
        raise GeneratorError(
            f"--out {out} is not empty and is not a site this generator built "
            f"(it has no {MARKER} file): choose an empty or new folder"
        )


def is_replaceable(folder: Path) -> bool:
    """Tell whether a folder is empty or a site this generator built."""
    if (folder / MARKER).is_file() or (folder / _EARLIER_SITE).is_file():
        return True
    return not any(folder.iterdir())


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """Yield a new, locked staging folder beside `out`; remove it afterwards, whatever happens."""
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-{os.getpid()}-", dir=out.parent))
    try:
        with (folder / LOCK).open("w") as lock:
            # The lock dies with the process, however it dies: a later build can tell
            # a killed build's leftovers from a running build's folder.
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def recover(out: Path) -> list[Path]:
    """Put back a site a killed swap left aside, and remove stale staging folders.

    Return the folders removed.
    """
    removed: list[Path] = []
    for folder in sorted(_siblings(out, "old")):
        if _alive(folder):
            continue
        aside = folder / out.name
        if not out.exists() and aside.is_dir():
            os.replace(aside, out)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    for folder in sorted(_siblings(out, "new")):
        if not _alive(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def replace_dir(built: Path, out: Path) -> None:
    """Put the finished `built` folder at `out`, replacing what was there.

    Between the two renames the old site waits beside `out`; signals are held off so
    that Ctrl-C or SIGTERM cannot fall between them, an error puts the old site back,
    and a kill (which nothing can hold off) is repaired by the next build's `recover`.
    """
    if out.exists() and not out.is_dir():
        raise GeneratorError(f"{out} exists and is not a folder")
    (built / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    with _signals_held():
        if not out.exists():
            os.replace(built, out)
            return
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
        os.replace(out, old / out.name)
        try:
            os.replace(built, out)
        except BaseException:
            os.replace(old / out.name, out)
            raise
        finally:
            if out.exists():
                shutil.rmtree(old, ignore_errors=True)


def _siblings(out: Path, kind: str) -> Iterator[Path]:
    pattern = re.compile(rf"\.{re.escape(out.name)}\.{kind}-\d+-[^/]+")
    if not out.parent.is_dir():
        return
    for path in out.parent.iterdir():
        if pattern.fullmatch(path.name) and path.is_dir() and not path.is_symlink():
            yield path


def _alive(folder: Path) -> bool:
    """Tell whether the build that made a staging folder may still be running."""
    lock = folder / LOCK
    if lock.is_file():
        with lock.open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False
    # No lock yet (or an aside folder): the process id in the name decides.
    return process_alive(int(folder.name.rsplit("-", 2)[-2]))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold off SIGINT and SIGTERM for the duration of the block."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
