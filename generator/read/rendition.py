"""A small rendition of a video, picture only, for reading its slides: never published."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from generator.errors import FetchError
from generator.read.ytdlp import (
    VIDEO_ID,
    Bars,
    download_into,
    extract_info,
)

SYNC_HEIGHT = 360
"""Height of the rendition `sync` reads slides from: the smallest that still shows a slide."""
RENDITION_EXTS = ("mp4", "webm", "mkv")


def fetch_rendition(
    video_id: str,
    dest: Path,
    *,
    height: int = SYNC_HEIGHT,
    timeout: float = 20,
    retries: int = 3,
    progress: bool = True,
) -> Path:
    """Return a small rendition of the video (picture only) in `dest`, downloading it once."""
    for ext in RENDITION_EXTS:
        stored = dest / f"{video_id}.{height}p.{ext}"
        if stored.is_file() and not stored.is_symlink():
            return stored
    info = extract_info(video_id, timeout=timeout, retries=retries)
    return download_rendition(
        info, dest, height=height, timeout=timeout, retries=retries, progress=progress
    )


def download_rendition(
    info: dict[str, Any],
    dest: Path,
    *,
    height: int = SYNC_HEIGHT,
    timeout: float = 20,
    retries: int = 3,
    progress: bool = True,
) -> Path:
    """Download the picture alone at `height`p (else the nearest size above) into `dest`.

    For reading slides only: no sound, and never published. Return the file's path.
    """
    video_id = str(info.get("id") or "")
    if not VIDEO_ID.fullmatch(video_id):
        raise FetchError(f"the video info has no usable id ({video_id!r})")

    def options(work: Path, bars: Bars) -> dict[str, Any]:
        return {
            "outtmpl": {"default": str(work / f"%(id)s.{height}p.%(ext)s")},
            # The picture alone when the site offers it apart, else a file with both.
            "format": "bv/b",
            "format_sort": [f"res:{height}", "+codec:avc", "ext:mp4"],
            "progress_hooks": [bars],
        }

    with download_into(
        dest, info, options, name=video_id, timeout=timeout, retries=retries, progress=progress
    ) as (work, _):
        made = [p for p in sorted(work.iterdir()) if p.suffix[1:] in RENDITION_EXTS]
        if not made:
            raise FetchError(f"video {video_id}: no picture could be downloaded")
        target = dest / made[0].name
        os.replace(made[0], target)
    return target
