"""A lab's recording as its `video/` folder stores it: the video's files and length, and the
transcript in each language its captions were given in (or written as text)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from generator import cache
from generator.align import paragraphs
from generator.errors import Diagnostic, InputError
from generator.formats import clock
from generator.found import Found
from generator.layout import VIDEO_DIR, LabFolder
from generator.model import Cue, Notes, Translation
from generator.read import captions, embeds, transcripttext, video
from generator.read.confine import OUTSIDE

NO_TRANSCRIPT = "The transcript of this talk is not available yet."
NO_CAPTIONS_NOTICE = (
    "no captions fetched: run `python -m generator fetch` on the lab folder "
    "(with network access) for the transcript"
)


def transcript_cues(lab_dir: Path, lab_notes: Notes, cache_dir: Path) -> tuple[Cue, ...]:
    """Return the cues a build of `lab_dir` would use (for commands that align only)."""
    found = Found(lab_dir)
    info = readable_first(read_video(LabFolder(lab_dir), lab_notes, found), cache_dir, found)
    return transcript(lab_notes, info, cache_dir, found)[0]


def stored_name(lab_notes: Notes) -> str | None:
    """Return the name the video's files are stored under in the lab's `video/` folder
    (`embeds.stored_name`); None: nothing is stored."""
    if lab_notes.video_id:
        return lab_notes.video_id
    return embeds.stored_name(lab_notes.video) if lab_notes.video is not None else None


def read_video(folder: LabFolder, lab_notes: Notes, found: Found) -> video.VideoInfo | None:
    """Read the stored video files; a damaged info JSON costs its metadata, not the build."""
    name = stored_name(lab_notes)
    own = _own_file(lab_notes)
    if own is not None and not name:
        found.warn(
            folder.root / own, f"a video file of the lab's own goes in its {VIDEO_DIR}/ folder"
        )
    if not name:
        return None
    try:
        info = video.read_video_dir(folder.video, name)
    except InputError as err:
        found.add(err.problem)
        return None
    if info is not None:
        for path in info.outside:
            found.warn(path, OUTSIDE)
    if own is not None and (info is None or info.media is None):
        kinds = " or ".join(f".{ext}" for ext in video.MEDIA_EXTS)
        message = f"the video file the notes name is not in the lab folder as a {kinds} file"
        found.warn(folder.root / own, message)
    return info


def _own_file(lab_notes: Notes) -> str | None:
    """Return the path of the video file of the lab's own the notes name, if they name one."""
    source = lab_notes.video
    if lab_notes.video_id or source is None or source.host != "file":
        return None
    return None if urlsplit(source.url).scheme else source.url


def duration_of(
    folder: LabFolder, lab_notes: Notes, info: video.VideoInfo | None, found: Found
) -> float | None:
    """Return the video's length, unless chapters start after it (then it cannot be right)."""
    if info is None:
        return None
    for problem in video.compare_chapters(lab_notes.chapters, info.chapters):
        found.warn(folder.video / f"{info.video_id}.info.json", problem)
    if info.duration is None:
        return None
    last = lab_notes.chapters[-1] if lab_notes.chapters else None
    if last and last.seconds >= info.duration:
        message = (
            f"the video is {clock(info.duration)} long, but chapter {last.title!r} starts at "
            f"{clock(last.seconds)}: its length is ignored"
        )
        found.warn(folder.video / f"{info.video_id}.info.json", message)
        return None
    return info.duration


def translations(
    info: video.VideoInfo | None,
    lab_notes: Notes,
    duration: float | None,
    changes: Sequence[float],
    cache_dir: Path,
    found: Found,
) -> tuple[Translation, ...]:
    """Return the transcript in each other language captions were given in, in paragraphs
    that break where the first language's do not need to: at its own pauses and the slides."""
    made = []
    for lang, path in info.translations if info else ():
        try:
            loaded = _cached_captions(path, cache_dir)
        except InputError as err:
            found.add(replace(err.problem, severity="warning"))
            continue
        if loaded.cues:
            said = paragraphs.paragraphs(
                loaded.cues, lab_notes.chapters, duration=duration, slide_times=changes
            )
            made.append(Translation(lang, tuple(said)))
    return tuple(made)


def readable_first(
    info: video.VideoInfo | None, cache_dir: Path, found: Found
) -> video.VideoInfo | None:
    """Make the transcript from another language's captions when those it should be made
    from cannot be read or say nothing, so that one broken file does not cost them all."""
    if info is None or info.captions is None or not info.translations or info.captions_machine:
        return info
    broken = _caption_problem(info.captions, cache_dir)
    if broken is None:
        return info
    for lang, path in info.translations:
        if _caption_problem(path, cache_dir) is None:
            found.warn(broken.file, f"{broken.message}: the transcript is made from {path.name}")
            rest = tuple(t for t in info.translations if t[0] != lang)
            return replace(info, captions=path, captions_lang=lang, translations=rest)
    return info


def _cached_captions(path: Path, cache_dir: Path) -> captions.Captions:
    """Return a captions file as read, from the cache while the file is unchanged."""
    read = functools.partial(captions.load_captions, path)
    return cache.remember(cache_dir, "captions", path, captions.Captions, read)


def _caption_problem(path: Path, cache_dir: Path) -> Diagnostic | None:
    """Say why a captions file gives no transcript; None when it gives one."""
    try:
        loaded = _cached_captions(path, cache_dir)
    except InputError as err:
        return err.problem
    return (
        None if loaded.cues else Diagnostic(str(path), 0, "the captions have no words", "warning")
    )


def transcript(
    lab_notes: Notes, info: video.VideoInfo | None, cache_dir: Path, found: Found
) -> tuple[tuple[Cue, ...], str | None]:
    """Return the talk's cues: from its captions, else from a transcript written as text."""
    if not lab_notes.video_id and lab_notes.video is None:
        return (), "This talk links no video, so it has no transcript."
    if info is None or (info.captions is None and info.transcript is None):
        found.notice(NO_CAPTIONS_NOTICE)
        return (), NO_TRANSCRIPT
    if info.captions is not None:
        path, kind, read = info.captions, "captions", captions.load_captions
    else:
        assert info.transcript is not None
        path, kind, read = info.transcript, "transcript", transcripttext.load_transcript
    try:
        loaded = cache.remember(cache_dir, kind, path, captions.Captions, lambda: read(path))
    except InputError as err:
        found.add(err.problem)
        return (), NO_TRANSCRIPT
    for problem in loaded.problems:
        found.add(problem)
    if not loaded.cues:
        have = "have" if kind == "captions" else "has"
        found.warn(path, f"the {kind} {have} no words: the site will have no transcript")
        return (), f"The video's {kind} {have} no words in them."
    return loaded.cues, None
