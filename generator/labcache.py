"""Reuse a loaded lab between builds while none of its files and none of the code changed.

Loading a lab parses its captions, reads and aligns its deck and zips its demo: about a
quarter of a second for a 50-minute talk. In a catalog of hundreds of labs where one was
edited, the others are taken from here. The cache is the publisher's own folder (like
any build cache it must not be writable by others); entries are pickles of the model.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
from pathlib import Path

from generator.lab import LabSources, load_lab
from generator.read import ocr
from generator.store import code_version, write_atomic

FORMAT = 1
"""Bump when the stored form changes in a way the code hash would not show."""


def load_lab_cached(lab_dir: Path, cache_dir: Path) -> LabSources:
    """Return the lab at `lab_dir`, from the cache when nothing it depends on has changed."""
    lab_dir = lab_dir.resolve()
    folder = cache_dir / "labs"
    stem = hashlib.sha256(str(lab_dir).encode()).hexdigest()[:16]
    key = fingerprint(lab_dir, cache_dir)
    entry = folder / f"{stem}-{key[:32]}.pickle"
    cached = _read(entry)
    if cached is not None:
        return cached
    sources = dataclasses.replace(load_lab(lab_dir, cache_dir), key=key)
    write_atomic(entry, pickle.dumps(sources, protocol=pickle.HIGHEST_PROTOCOL))
    for old in folder.glob(f"{stem}-*.pickle"):
        if old != entry:
            old.unlink(missing_ok=True)
    return sources


def fingerprint(lab_dir: Path, cache_dir: Path) -> str:
    """Return a key that changes with any file of the lab, the code, or the OCR engine."""
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{code_version()}\0{lab_dir}\0{cache_dir.resolve()}\0".encode())
    digest.update(f"ocr={ocr.ocr_available()}\0".encode())
    for path in sorted(_entries(lab_dir)):
        try:
            info = path.stat()
            state = f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"
        except OSError:
            state = "unreadable"
        # Where a link leads decides whether the lab may read it: a re-pointed link is a change.
        target = os.readlink(path) if path.is_symlink() else ""
        digest.update(f"{path.relative_to(lab_dir)}\0{state}\0{target}\0".encode())
    return digest.hexdigest()


def _entries(lab_dir: Path) -> list[Path]:
    """Return every file and folder under the lab folder (not going into linked folders)."""
    found = []
    for root, folders, names in os.walk(lab_dir):
        found += [Path(root) / name for name in [*folders, *names]]
    return found


def _read(entry: Path) -> LabSources | None:
    """Return a cached lab whose files in the cache all still exist, else None."""
    try:
        sources = pickle.loads(entry.read_bytes())
    except FileNotFoundError:
        return None
    except Exception:  # a damaged or older entry is rebuilt, never trusted
        return None
    if not isinstance(sources, LabSources):
        return None
    needed = [sources.deck_file, sources.thumbnail, sources.media, sources.captions_track]
    needed += [sources.transcript_text, sources.transcript_srt]
    needed += [i.thumb for i in sources.images.values()] + [i.full for i in sources.images.values()]
    if sources.demo_zip is not None:
        needed.append(sources.demo_zip[1])
    if not all(path is None or path.is_file() for path in needed):
        return None
    return sources
