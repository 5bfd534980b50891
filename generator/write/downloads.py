"""Make a lab's downloads: the player's captions track, the transcript files, the demo's zip.

They are files of the site made from the loaded lab, kept in the cache under the lab's key
(what it was loaded from), so a rebuild of an unchanged lab makes none of them again.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator import cache
from generator.model import HeldLab
from generator.write import transcripts
from generator.write.held import whole_lab

# Zip entries get this fixed time so that two builds give the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_KEPT_DOTFILES = frozenset({".hadolint.yaml", ".dockerignore"})
"""Hidden files a demo needs; other hidden files (editor state, .git) stay out of the zip."""


@dataclass(frozen=True)
class Downloads:
    """The files made from a lab for its site (None: the lab has nothing to make it from)."""

    track: Path | None = None
    """Clean WebVTT of the captions, for the player's <track>."""
    text: Path | None = None
    """The transcript as plain text by chapter."""
    srt: Path | None = None
    """The captions as SubRip."""
    demo_zip: tuple[str, Path] | None = None
    """(folder name, zip file) of the demo folder offered for download."""


def lab_downloads(held: HeldLab, cache_dir: Path) -> Downloads:
    """Make (or take from the cache) the downloads of the lab `held` stands for.

    The whole lab is read only when a download is not in the cache yet.
    """
    lab = held.outline

    def made(kind: str, suffix: str, make: Callable[[], bytes]) -> Path:
        if lab.key:
            return cache.put_made(cache_dir, kind, f"{lab.key}\0{kind}", suffix, make)
        return cache.put_bytes(cache_dir, kind, suffix, make())

    wanted = expected_downloads(held)
    demo = lab.files.demo
    return Downloads(
        track=made("tracks", ".vtt", lambda: transcripts.vtt(whole_lab(held).cues).encode())
        if wanted.track
        else None,
        text=made("tracks", ".txt", lambda: transcripts.text(whole_lab(held)).encode())
        if wanted.text
        else None,
        srt=made("tracks", ".srt", lambda: transcripts.srt(whole_lab(held).cues).encode())
        if wanted.srt
        else None,
        demo_zip=(demo.name, made("zips", ".zip", lambda: zip_folder(demo)))
        if demo is not None
        else None,
    )


def expected_downloads(held: HeldLab) -> Downloads:
    """Return which downloads `lab_downloads` makes for the lab, without making them.

    The paths are empty: the files are already in a site (a shard's part) under their names.
    """
    lab, captions = held.outline, held.captions
    nowhere = Path()
    return Downloads(
        track=nowhere if captions else None,
        text=nowhere if lab.paragraphs else None,
        srt=nowhere if captions else None,
        demo_zip=(lab.files.demo.name, nowhere) if lab.files.demo is not None else None,
    )


def zip_folder(folder: Path) -> bytes:
    """Zip a folder with fixed times and sorted names, so the bytes are reproducible.

    Links are left out: what they lead to may be outside the lab.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
            parts = path.relative_to(folder).parts
            if any(part.startswith(".") and part not in _KEPT_DOTFILES for part in parts):
                continue
            info = zipfile.ZipInfo(path.relative_to(folder.parent).as_posix(), date_time=_ZIP_TIME)
            info.external_attr = (0o755 if path.stat().st_mode & 0o111 else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
