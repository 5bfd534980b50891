"""Download what a lab's notes point to: video metadata, captions, thumbnail, media, deck.

Every host is reached through yt-dlp used as a library. Every file is written to a temporary
name in its final folder and renamed into place, so an interruption never leaves half a
file, and a run that fails leaves the earlier cache as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.errors import FetchError, InputError
from generator.layout import DECK_FILE, STORED_NAME, VIDEO_DIR
from generator.model import VideoSource
from generator.read.embeds import stored_name
from generator.read.fetchdeck import FetchReport, fetch_deck
from generator.read.infodict import choose_captions, clean_info, other_captions
from generator.read.video import (
    CAPTION_EXTS,
    INFO_SUFFIX,
    MEDIA_EXTS,
    THUMBNAIL_EXTS,
    find_files,
)
from generator.read.ytdlp import (
    Bars,
    download_into,
    extract_info,
    extract_url,
    one_line,
)


def fetch_lab(
    lab_dir: Path,
    video_id: str,
    deck_url: str | None,
    *,
    source: VideoSource | None = None,
    media: bool = False,
    site: str = "https://edu.chainguard.dev",
    timeout: float = 20,
    retries: int = 3,
    progress: bool = True,
) -> FetchReport:
    """Download the lab's deck and video files that are not already stored.

    The video is YouTube's `video_id`, else the one at `source` (Vimeo, PeerTube, a file
    at an address; a file of the lab's own has nothing to fetch).
    """
    report, errors = FetchReport(), []
    folder = lab_dir / VIDEO_DIR
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise FetchError(f"{folder}: not a folder of the lab's own: fetch writes into the lab only")
    if deck_url:
        try:
            report += fetch_deck(
                deck_url, lab_dir / DECK_FILE, site=site, timeout=timeout, retries=retries
            )
        except FetchError as err:
            errors.append(str(err))
    elsewhere = source is not None and urlsplit(source.url).scheme in ("http", "https")
    if video_id or elsewhere:
        try:
            video = fetch_video(
                lab_dir / VIDEO_DIR,
                video_id,
                source=source if elsewhere else None,
                media=media,
                timeout=timeout,
                retries=retries,
                progress=progress,
            )
            report += video.under(VIDEO_DIR)
        except (FetchError, InputError) as err:
            errors.append(str(err))
    if errors:
        raise FetchError("; ".join(errors))
    return report


def fetch_video(
    video_dir: Path,
    video_id: str,
    *,
    source: VideoSource | None = None,
    media: bool = False,
    timeout: float = 20,
    retries: int = 3,
    progress: bool = True,
) -> FetchReport:
    """Store a video's info, captions, thumbnail (and media) unless they are all stored: the
    YouTube video `video_id`, else the one at `source`, named as the lab's notes find it."""
    name = video_id or (stored_name(source) if source is not None else None)
    if not name:
        raise FetchError(
            f"{source.url if source else 'the video'}: no name to store its files under"
        )
    present, missing = _stored(video_dir, name, media)
    if not missing:
        return FetchReport(skipped=present)
    if video_id:
        info = extract_info(video_id, timeout=timeout, retries=retries)
    else:
        assert source is not None
        info = extract_url(source.url, timeout=timeout, retries=retries)
    return download_from_info(
        info, video_dir, media=media, timeout=timeout, retries=retries, progress=progress, name=name
    )


def download_from_info(
    info: dict[str, Any],
    dest: Path,
    *,
    media: bool = False,
    timeout: float = 20,
    retries: int = 3,
    progress: bool = True,
    name: str | None = None,
) -> FetchReport:
    """Store the files an info dict points to in `dest`, skipping those already stored.

    They are named `name` (default: the video's id) and what they are: `NAME.en.vtt`.
    """
    video_id = name or str(info.get("id") or "")
    if not STORED_NAME.fullmatch(video_id):
        raise FetchError(f"the video info has no usable id ({video_id!r})")
    present, missing = _stored(dest, video_id, media)
    if not missing:
        return FetchReport(skipped=present)
    track = choose_captions(info)
    failed = [] if track or "captions" not in missing else ["captions: none offered"]

    def options(work: Path, bars: Bars) -> dict[str, Any]:
        return _download_options(info, work, video_id, missing, track, media=media, bars=bars)

    with download_into(
        dest, info, options, name=video_id, timeout=timeout, retries=retries, progress=progress
    ) as (work, log):
        if "info" in missing:
            text = json.dumps(clean_info(info, video_id), indent=2, ensure_ascii=False) + "\n"
            (work / f"{video_id}{INFO_SUFFIX}").write_text(text, encoding="utf-8")
        fetched = []
        for path in sorted(work.iterdir()):
            if _kind(path.name, video_id) in missing:
                os.replace(path, dest / path.name)
                fetched.append(path.name)
    got = {_kind(name, video_id) for name in fetched}
    if "thumbnail" in missing and "thumbnail" not in got:
        said = [m for m in log.messages if "thumbnail" in m.lower()]
        failed.append(f"thumbnail: {one_line(Exception(said[-1])) if said else 'none available'}")
    return FetchReport(tuple(fetched), present, tuple(failed))


def _stored(dest: Path, video_id: str, media: bool) -> tuple[tuple[str, ...], set[str]]:
    """Return the names of the complete files stored for a video, and the kinds missing."""
    files = find_files(dest, video_id)
    info = files.info if files.info and _is_info(files.info) else None
    # Captions speech recognition made stand in for the video's own until those can be had.
    given = files.captions if not files.captions_machine else None
    found = {"info": info, "captions": given, "thumbnail": files.thumbnail}
    if media:
        found["media"] = files.media
    present = tuple(sorted(p.name for p in found.values() if p))
    return present, {kind for kind, path in found.items() if path is None}


def _is_info(path: Path) -> bool:
    try:
        return isinstance(json.loads(path.read_text(encoding="utf-8")), dict)
    except (OSError, ValueError):
        return False


def _kind(name: str, video_id: str) -> str | None:
    """Tell which kind of stored file a name is: info, captions, thumbnail or media."""
    if not name.startswith(f"{video_id}."):
        return None
    rest = name[len(video_id) + 1 :]
    if rest == INFO_SUFFIX[1:]:
        return "info"
    lang, _, ext = rest.rpartition(".")
    if lang and ext in CAPTION_EXTS:
        return "captions"
    if not lang:
        return "thumbnail" if ext in THUMBNAIL_EXTS else "media" if ext in MEDIA_EXTS else None
    return None


def _download_options(
    info: dict[str, Any],
    work: Path,
    name: str,
    missing: set[str],
    track: tuple[str, bool] | None,
    *,
    media: bool,
    bars: Bars,
) -> dict[str, Any]:
    want_captions = "captions" in missing and track is not None
    lang, automatic = track or ("en", False)
    others = other_captions(info, lang) if want_captions else []
    merge = shutil.which("ffmpeg") is not None
    return {
        "outtmpl": {"default": str(work / f"{name}.%(ext)s")},
        # The others are given captions only: yt-dlp takes a language's given captions
        # before its automatic ones.
        "writesubtitles": want_captions and (not automatic or bool(others)),
        "writeautomaticsub": want_captions and automatic,
        # Exactly these tracks: yt-dlp reads these as regular expressions.
        "subtitleslangs": [re.escape(code) for code in (lang, *others)],
        "subtitlesformat": "vtt/json3/best",
        "writethumbnail": "thumbnail" in missing,
        "skip_download": not (media and "media" in missing),
        # A stream with a missing piece is no video: fail rather than store it cut short.
        "skip_unavailable_fragments": False,
        # Without media, missing formats must not stop captions and thumbnail.
        "ignore_no_formats_error": not media,
        # Separate video and audio when ffmpeg can merge them, else one file with both.
        "format": "bv*+ba/b" if merge else "b",
        # The largest picture up to 720p, or the smallest above when nothing is that small;
        # then H.264 and AAC, which every browser plays from an MP4.
        "format_sort": ["res:720", "+codec:avc:m4a", "ext:mp4:m4a"],
        "merge_output_format": "mp4",
        "progress_hooks": [bars],
    }
