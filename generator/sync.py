"""Find a recording's slide timeline from its frames, cache it, and store it in a lab folder.

The order of work: probe the video (a file that is not one fails before anything else),
hash the deck and the video, take the timeline from the cache when both are known, else
draw the deck's pages, decode the video small and seldom (`read.frames`), match every frame
(`align.slidematch`) and find the best path over time (`align.timeline`). Memory stays
bounded: one frame at a time, and a few bytes per page per frame for the path, with the
sampling rate lowered for very long videos.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.atomic import write_text_atomically
from generator.errors import InputError
from generator.formats import clock
from generator.model import Chapter, SlideTimeline

SAMPLE_RATE = 4.0
"""Frames analysed per second of video: a change is placed within an eighth of a second."""
MAX_FRAMES = 4 * 3 * 3600
"""Most frames analysed in one video (3 hours at the full rate); longer videos are sampled
more sparsely, so that memory and time stay bounded."""
FRAME_SIZE = (640, 360)
"""Frames are decoded at most this large: a slide's layout reads well, text is not needed."""
METHOD = 2
"""Bump when the way timelines are found changes, so that cached ones are made again."""
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Synced:
    """A timeline and how it was had."""

    timeline: SlideTimeline
    pages: int
    cached: bool
    frames: int = 0
    """Frames analysed (0 when the timeline came from the cache)."""
    registrations: int = 0
    """Times the slide's place was looked for by keypoints."""


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def sample_rate(duration: float) -> float:
    """Return how many frames a second to analyse for a video of `duration` seconds."""
    return min(SAMPLE_RATE, MAX_FRAMES / max(duration, 1e-3))


def compute_timeline(
    deck: Path,
    video: Path,
    *,
    cache_dir: Path,
    progress: bool = False,
    on_frame: Callable[[int], None] | None = None,
) -> Synced:
    """Return which page of `deck` is on screen when in `video`; cached by both files' hashes.

    Raise InputError for a video that cannot be used, DeckError for a deck that cannot be drawn.
    """
    from generator.read import deckpictures, frames

    stream = frames.probe(video)
    pages = deckpictures.page_count(deck)
    if pages < 1:
        raise InputError(deck, 0, "the deck has no pages")
    deck_sha256, video_sha256 = file_sha256(deck), file_sha256(video)
    cached = _cached(cache_dir, deck_sha256, video_sha256, pages)
    if cached is not None:
        return Synced(cached, pages, cached=True)

    import numpy as np
    from tqdm import tqdm

    from generator.align import pagepictures, slidematch, timeline

    rate = sample_rate(stream.duration)
    size = frames.FrameSize.within(stream, *FRAME_SIZE)
    expected = math.floor(stream.duration * rate) + 1
    count = 0
    # ffmpeg decodes while the deck is drawn.
    with (
        frames.Ahead(frames.frames(stream, size, rate), size.width * size.height) as decoded,
        tqdm(
            total=expected, unit="frame", desc=video.name, disable=not progress, leave=False
        ) as bar,
    ):
        index = pagepictures.page_index(list(deckpictures.page_pictures(deck)))
        matcher = slidematch.Matcher(index, (size.width, size.height))
        finder = timeline.PathFinder(index.pages, 1 / rate)
        previous: np.ndarray | None = None
        scores = np.zeros(index.pages, np.float32)
        for frame in decoded:
            # A still picture (or a frame ffmpeg repeated) scores as the one before it did.
            if previous is None or not np.array_equal(frame, previous):
                scores = matcher.observe(frame, count / rate)
                previous = frame.copy()
            finder.add(scores)
            count += 1
            bar.update()
            if on_frame is not None:
                on_frame(count)
    path = finder.path()
    entries = timeline.entries(path, 1 / rate, stream.duration)
    found = SlideTimeline(deck_sha256, video_sha256, round(stream.duration, 2), entries)
    _store_cached(cache_dir, found, pages)
    return Synced(found, pages, cached=False, frames=count, registrations=matcher.registrations)


def _cache_file(cache_dir: Path, deck_sha256: str, video_sha256: str) -> Path:
    return cache_dir / "timelines" / f"{deck_sha256[:16]}-{video_sha256[:16]}-{METHOD}.json"


def _cached(
    cache_dir: Path, deck_sha256: str, video_sha256: str, pages: int
) -> SlideTimeline | None:
    from generator.read import timelinefile

    path = _cache_file(cache_dir, deck_sha256, video_sha256)
    if not path.is_file():
        return None
    try:
        stored = timelinefile.read_timeline(path)
    except (InputError, OSError):
        return None
    found = stored.timeline
    if (found.deck_sha256, found.video_sha256, stored.pages) != (deck_sha256, video_sha256, pages):
        return None
    return found


def _store_cached(cache_dir: Path, found: SlideTimeline, pages: int) -> None:
    from generator.read import timelinefile

    path = _cache_file(cache_dir, found.deck_sha256, found.video_sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(path, timelinefile.timeline_text(found, pages=pages, video_id=None))


def store_timeline(lab_dir: Path, synced: Synced, video_id: str | None) -> Path:
    """Write the timeline into the lab's `video/` folder in one step; return its path."""
    from generator.read import timelinefile

    folder = lab_dir / "video"
    if folder.is_symlink():
        raise InputError(folder, 0, "is a link: the timeline is written into the lab folder only")
    if folder.exists() and not folder.is_dir():
        raise InputError(folder, 0, "is not a folder: the timeline is stored there")
    folder.mkdir(exist_ok=True)
    path = folder / timelinefile.TIMELINE_FILE
    if path.is_symlink():
        os.unlink(path)
    text = timelinefile.timeline_text(synced.timeline, pages=synced.pages, video_id=video_id)
    write_text_atomically(path, text)
    return path


def alignment(chapters: Sequence[Chapter], found: SlideTimeline, pages: int) -> dict[str, object]:
    """Return `align`'s JSON for a timeline: each chapter's pages as seen, and the timeline."""
    from generator.align.timeline import chapter_slides

    seen = chapter_slides(chapters, found.entries)
    return {
        "slides": pages,
        "chapters": [
            {"seconds": c.seconds, "title": c.title, "slides": list(numbers)}
            for c, numbers in zip(chapters, seen, strict=True)
        ],
        "timeline": [{"start": e.start, "end": e.end, "slide": e.slide} for e in found.entries],
    }


@dataclass(frozen=True)
class LabSynced:
    """What `sync_lab` did."""

    stored: Path
    video: Path
    synced: Synced

    def summary(self) -> str:
        """Return what was stored, in one line."""
        entries = self.synced.timeline.entries
        seen = len({e.slide for e in entries if e.slide is not None})
        nothing = sum(e.end - e.start for e in entries if e.slide is None)
        how = "from the cache" if self.synced.cached else f"{self.synced.frames:,} frames read"
        return (
            f"wrote {self.stored}: {len(entries)} stretches, {seen} of {self.synced.pages} "
            f"pages seen, {clock(nothing)} without a slide ({self.video.name}, {how})"
        )


def sync_lab(
    lab_dir: Path,
    *,
    video: Path | None = None,
    cache_dir: Path,
    timeout: float = 20,
    retries: int = 3,
    progress: bool = False,
) -> LabSynced:
    """Find the lab's slide timeline and store it in its `video/` folder.

    The video is `video`, else the one stored in the lab, else a small rendition downloaded
    into the cache (it is never published).
    """
    from generator.read import notes, rendition
    from generator.read import video as stored_video

    lab_notes = notes.read_notes(lab_dir / "notes.md", lab_id=lab_dir.resolve().name)
    deck = lab_dir / "deck.pdf"
    if not deck.is_file():
        raise InputError(deck, 0, "no slide deck: sync matches the video against deck.pdf")
    if video is None and lab_notes.video_id:
        video = stored_video.find_files(lab_dir / "video", lab_notes.video_id).media
        if video is None:
            video = rendition.fetch_rendition(
                lab_notes.video_id,
                cache_dir / "media",
                timeout=timeout,
                retries=retries,
                progress=progress,
            )
    if video is None:
        raise InputError(lab_dir / "notes.md", 0, "the notes link no video: give one with --video")
    synced = compute_timeline(deck, video, cache_dir=cache_dir, progress=progress)
    stored = store_timeline(lab_dir, synced, lab_notes.video_id)
    return LabSynced(stored, video, synced)
