"""yt-dlp used as a library: one set of options, its messages collected, its errors as one line."""

from __future__ import annotations

import copy
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tqdm import tqdm
from yt_dlp import YoutubeDL
from yt_dlp.utils import YoutubeDLError

from generator.errors import FetchError, InputError
from generator.read.video import CAPTION_EXTS

WATCH_URL = "https://www.youtube.com/watch?v="
VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{6,20}")
_TERMINAL = re.compile(r"\x1b\[[0-9;]*m")
_EXTRACTOR = re.compile(r"^\[[\w:.-]+\] [\w-]+: ")


def extract_info(video_id: str, *, timeout: float = 20, retries: int = 3) -> dict[str, Any]:
    """Ask YouTube for a video's info dict (metadata and download URLs), downloading nothing."""
    if not VIDEO_ID.fullmatch(video_id):
        raise FetchError(f"{video_id!r} is not a YouTube video id")
    options = shared_options(timeout, retries, Log()) | {"noplaylist": True}
    try:
        with YoutubeDL(options) as ydl:
            info = ydl.extract_info(WATCH_URL + video_id, download=False, process=False)
    except (YoutubeDLError, OSError) as err:
        raise FetchError(f"video {video_id}: {one_line(err)}") from None
    if not isinstance(info, dict) or info.get("_type", "video") != "video":
        raise FetchError(f"video {video_id}: YouTube did not return a single video")
    return info


def extract_url(url: str, *, timeout: float = 20, retries: int = 3) -> dict[str, Any]:
    """Ask yt-dlp for the info dict of the video at a web address, downloading nothing.

    Raise InputError for an address yt-dlp cannot use (unsupported, private, removed),
    FetchError when the network fails.
    """
    options = shared_options(timeout, retries, Log()) | {"noplaylist": True}
    try:
        with YoutubeDL(options) as ydl:
            info = ydl.extract_info(url, download=False, process=False)
    except (YoutubeDLError, OSError) as err:
        # yt-dlp's own words, without its "[extractor] id: " prefix and the address again.
        reason = _EXTRACTOR.sub("", one_line(err)).removesuffix(f": {url}")
        cause = getattr(err, "exc_info", None)
        if getattr(cause[1] if cause else err, "expected", False):
            raise InputError(url, 0, reason) from None
        raise FetchError(f"{url}: {reason}") from None
    if not isinstance(info, dict):
        raise FetchError(f"{url}: yt-dlp returned nothing")
    return info


@contextmanager
def download_into(
    dest: Path,
    info: dict[str, Any],
    options: Callable[[Path, Bars], dict[str, Any]],
    *,
    name: str,
    timeout: float,
    retries: int,
    progress: bool,
) -> Iterator[tuple[Path, Log]]:
    """Download what `info` points to, with `options(folder, bars)`, into a temporary folder
    in `dest`; yield the folder and yt-dlp's messages, then remove it.

    What the caller moves out of the folder is kept; a failure is one FetchError naming `name`.
    """
    dest.mkdir(parents=True, exist_ok=True)
    remove_leftovers(dest)
    with tempfile.TemporaryDirectory(dir=dest, prefix=".fetch-") as tmp:
        work = Path(tmp)
        log, bars = Log(), Bars(enabled=progress)
        try:
            with YoutubeDL(shared_options(timeout, retries, log) | options(work, bars)) as ydl:
                # Unlike download_with_info_file, this never falls back to the web page.
                ydl.process_ie_result(copy.deepcopy(info), download=True)
        except (YoutubeDLError, OSError) as err:
            raise FetchError(f"video {name}: {one_line(err)}") from None
        finally:
            bars.close()
        yield work, log


def shared_options(timeout: float, retries: int, log: Log) -> dict[str, Any]:
    """Return the yt-dlp options every call shares: quiet, bounded in time and retries."""
    return {
        "logger": log,
        "quiet": True,
        "no_warnings": True,
        "noprogress": True,
        "color": {"stdout": "no_color", "stderr": "no_color"},
        "socket_timeout": timeout,
        "retries": retries,
        "extractor_retries": retries,
        "fragment_retries": retries,
        "file_access_retries": 1,
    }


def remove_leftovers(dest: Path) -> None:
    """Remove temporary folders an earlier, killed run left behind."""
    for path in dest.glob(".fetch-*"):
        if path.is_dir() and time.time() - path.stat().st_mtime > 3600:
            shutil.rmtree(path, ignore_errors=True)


def one_line(err: BaseException) -> str:
    """Return yt-dlp's error as one plain line."""
    text = _TERMINAL.sub("", str(err))
    text = re.sub(r"\bERROR:\s*", "", text)
    # yt-dlp repeats the cause of a network error in full; once is enough.
    text = re.sub(r"\s*\(caused by .*\)\s*$", "", text, flags=re.S)
    return " ".join(text.split()) or type(err).__name__


class Log:
    """Collect yt-dlp's messages instead of letting it print them."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def debug(self, message: str) -> None:
        pass

    def info(self, message: str) -> None:
        pass

    def warning(self, message: str) -> None:
        self.messages.append(message)

    def error(self, message: str) -> None:
        self.messages.append(message)


class Bars:
    """Show a tqdm progress bar for each media file yt-dlp downloads."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.bars: dict[str, Any] = {}

    def __call__(self, status: dict[str, Any]) -> None:
        name = str(status.get("filename") or "")
        if not self.enabled or name.endswith(tuple(f".{ext}" for ext in CAPTION_EXTS)):
            return
        total = status.get("total_bytes") or status.get("total_bytes_estimate")
        bar = self.bars.get(name)
        if bar is None:
            bar = self.bars[name] = tqdm(
                total=total, unit="B", unit_scale=True, desc=Path(name).name
            )
        if total:
            bar.total = total
        bar.update((status.get("downloaded_bytes") or 0) - bar.n)
        if status.get("status") in ("finished", "error"):
            bar.close()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
