"""Start a lab folder for any recorded talk: notes.md, video/ and the deck, from the video's info."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from generator import sync
from generator.errors import DeckError, InputError
from generator.formats import slugify
from generator.layout import DECK_FILE, NOTES_FILE, VIDEO_DIR
from generator.model import Cue, Slide, TimelineEntry
from generator.new.notewriter import estimated_note, notes_page
from generator.new.talkchapters import TalkChapters, choose_chapters
from generator.new.talkinfo import Talk, read_info_file, talk_from_info, talk_from_probe
from generator.read import captions, deckpictures, fetch, fetchdeck, frames, infodict, video, ytdlp
from generator.read.slidetext import read_slides
from generator.read.timelinefile import TIMELINE_FILE, load_timeline

INFO_SUFFIX = video.INFO_SUFFIX
MAX_LANGUAGES = video.MAX_LANGUAGES


@dataclass(frozen=True)
class NewLab:
    """What `new_lab` wrote."""

    notes: Path
    talk: Talk
    chapters: TalkChapters
    files: tuple[str, ...]
    """Every file written, relative to the lab folder."""
    notices: tuple[str, ...] = ()
    """What the publisher should know: captions not offered, chapters to check."""

    def summary(self) -> str:
        """Return what was written as one line."""
        others = [name for name in self.files if name != NOTES_FILE]
        stored = f"; stored {', '.join(others)}" if others else ""
        return f"wrote {self.notes}: {self.chapters.describe()}{stored}"


def new_lab(
    lab_dir: Path,
    *,
    url: str | None = None,
    info_file: Path | None = None,
    video_file: Path | None = None,
    deck: str | None = None,
    force: bool = False,
    cache_dir: Path,
    timeout: float = 20,
    retries: int = 3,
    progress: bool = False,
) -> NewLab:
    """Write a lab folder's notes.md, video/ files and deck for the talk at `url`, in
    `info_file`, or recorded in `video_file` (stored in the lab's video/ folder).

    Input is checked and the video's info read before anything is written; files are then
    gathered in a hidden folder inside the lab and moved into place together at the end,
    so a failure (or an interruption) leaves the lab folder as it was.
    """
    notes_path = lab_dir / NOTES_FILE
    if lab_dir.exists() and not lab_dir.is_dir():
        raise InputError(lab_dir, 0, "not a folder")
    if notes_path.exists() and not force:
        raise InputError(notes_path, 0, "already exists; pass --force to replace it")
    _check_targets(lab_dir)
    local = _local_deck(deck, cache_dir)
    info: dict[str, Any] = {}
    if video_file is not None:
        talk = _recording(video_file)
    elif info_file is not None:
        info, text = read_info_file(info_file)
        talk = talk_from_info(info, info_file, text)
    elif url is not None:
        if urlsplit(url).scheme not in ("http", "https"):
            raise InputError(url, 0, "not a web address (http:// or https://)")
        info = ytdlp.extract_url(url, timeout=timeout, retries=retries)
        talk = talk_from_info(info, url)
    else:
        raise ValueError("new_lab needs a url, an info_file or a video_file")

    created = _missing_folders(lab_dir)
    lab_dir.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(dir=lab_dir, prefix=".lab.new-") as scratch:
            staging = Path(scratch)
            notices: list[str] = []
            if video_file is not None:
                _store_recording(video_file, talk, staging / VIDEO_DIR)
            elif info_file is not None:
                _store_info_files(info, info_file, talk.stored, staging / VIDEO_DIR)
            else:
                report = fetch.download_from_info(
                    info,
                    staging / VIDEO_DIR,
                    timeout=timeout,
                    retries=retries,
                    progress=progress,
                    name=talk.stored,
                )
                notices += [f"not available: {reason}" for reason in report.failed]
            slides = _deck(deck, local, staging / DECK_FILE, cache_dir, timeout, retries)
            cues = _cues(staging / VIDEO_DIR, talk.stored, notices)

            def seen() -> tuple[TimelineEntry, ...]:
                return _timeline(lab_dir, staging, video_file, talk, cache_dir, progress, notices)

            chapters = choose_chapters(
                talk.chapters,
                talk.description,
                title=talk.title,
                duration=talk.duration,
                slides=slides,
                cues=cues,
                seen=seen,
            )
            note = estimated_note(chapters.source, bool(cues))
            if note:
                notices.append(f"{notes_path}: {note}")
            link = (deck if local is None else DECK_FILE) if deck else None
            page = notes_page(talk, chapters, deck_link=link, note=note)
            (staging / NOTES_FILE).write_text(page, encoding="utf-8")
            files = _move_into_place(staging, lab_dir)
    except BaseException:
        _remove_empty(created)
        raise
    return NewLab(notes_path, talk, chapters, files, tuple(notices))


def _local_deck(deck: str | None, cache_dir: Path) -> tuple[Path, tuple[Slide, ...]] | None:
    """Read a deck given as a file before anything else happens; None for a web address."""
    if deck is None or urlsplit(deck).scheme in ("http", "https"):
        return None
    path = Path(deck)
    if not path.is_file():
        raise InputError(path, 0, "slide deck not found (give a PDF file or an http(s) address)")
    return path, read_slides(path, cache_dir).deck.slides


def _deck(
    deck: str | None,
    local: tuple[Path, tuple[Slide, ...]] | None,
    dest: Path,
    cache_dir: Path,
    timeout: float,
    retries: int,
) -> tuple[Slide, ...]:
    """Put the deck at `dest` and return its slides as the site will read them."""
    if deck is None:
        return ()
    if local is not None:
        shutil.copyfile(local[0], dest)
        return local[1]
    fetchdeck.fetch_deck(deck, dest, site=deck, timeout=timeout, retries=retries)
    try:
        return read_slides(dest, cache_dir).deck.slides
    except DeckError as err:
        raise InputError(deck, 0, err.problem.message) from None


def _timeline(
    lab_dir: Path,
    staging: Path,
    video_file: Path | None,
    talk: Talk,
    cache_dir: Path,
    progress: bool,
    notices: list[str],
) -> tuple[TimelineEntry, ...]:
    """Return which slide the recording shows when: found in `video_file` (and stored with the
    lab), else the lab's stored timeline when it is for this deck, else nothing."""
    deck = staging / DECK_FILE
    if video_file is not None:
        try:
            synced = sync.compute_timeline(deck, video_file, cache_dir=cache_dir, progress=progress)
        except (InputError, DeckError) as err:
            notices.append(f"the slides could not be found in the recording: {err.problem.message}")
            return ()
        sync.store_timeline(staging, synced, talk.video_id or None)
        return synced.timeline.entries
    stored = lab_dir / VIDEO_DIR / TIMELINE_FILE
    if not stored.exists() and not stored.is_symlink():
        return ()
    pages = deckpictures.page_count(deck)
    found, problems = load_timeline(
        stored, deck_sha256=sync.file_sha256(deck), pages=pages, video_id=talk.video_id or None
    )
    notices += [f"{p.file}: {p.message}" for p in problems]
    return found.entries if found is not None else ()


def _recording(path: Path) -> Talk:
    """Read a recording of the lab's own: what ffprobe says of it, under the name it gets."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in video.MEDIA_EXTS:
        kinds = ", ".join(f".{ext}" for ext in video.MEDIA_EXTS)
        raise InputError(path, 0, f"not a video file a browser plays ({kinds})")
    name = f"{slugify(path.stem, fallback='talk')}.{suffix}"
    return talk_from_probe(frames.describe(path), path, f"{VIDEO_DIR}/{name}")


def _store_recording(path: Path, talk: Talk, dest: Path) -> None:
    """Copy the recording into the lab, with the captions and picture stored beside it."""
    dest.mkdir(parents=True)
    shutil.copyfile(path, dest / PurePosixPath(talk.file).name)
    _copy_beside(video.find_files(path.parent, path.stem), talk.stored, dest)


def _copy_beside(beside: video.VideoFiles, name: str, dest: Path) -> None:
    """Copy the captions and the picture found beside a video into `dest`, named `name`."""
    given = [(beside.captions_lang, beside.captions), *beside.translations[: MAX_LANGUAGES - 1]]
    for lang, path in given:
        if path is not None and lang and not path.is_symlink():
            shutil.copyfile(path, dest / f"{name}.{lang}{path.suffix}")
    if beside.thumbnail is not None and not beside.thumbnail.is_symlink():
        shutil.copyfile(beside.thumbnail, dest / f"{name}{beside.thumbnail.suffix}")


def _store_info_files(info: dict[str, Any], info_file: Path, video_id: str, dest: Path) -> None:
    """Store the info, and the captions and thumbnail yt-dlp wrote beside its info file."""
    dest.mkdir(parents=True)
    name = info_file.name
    stem = name[: -len(INFO_SUFFIX)] if name.endswith(INFO_SUFFIX) else info_file.stem
    _copy_beside(video.find_files(info_file.parent, stem), video_id, dest)
    text = json.dumps(infodict.clean_info(info, video_id), indent=2, ensure_ascii=False) + "\n"
    (dest / f"{video_id}{INFO_SUFFIX}").write_text(text, encoding="utf-8")


def _cues(video_dir: Path, video_id: str, notices: list[str]) -> tuple[Cue, ...]:
    """Read the stored captions; unreadable ones only cost the transcript's help."""
    path = video.find_files(video_dir, video_id).captions
    if path is None:
        return ()
    try:
        return tuple(captions.read_captions(path))
    except InputError as err:
        notices.append(f"the captions could not be read: {err.problem.message}")
        return ()


def _move_into_place(staging: Path, lab_dir: Path) -> tuple[str, ...]:
    """Move the gathered files into the lab folder, the notes last; return their names."""
    moved = []
    video_dir = staging / VIDEO_DIR
    _check_targets(lab_dir)  # again: the folder may have changed while the files came
    if video_dir.is_dir():
        (lab_dir / VIDEO_DIR).mkdir(exist_ok=True)
        for path in sorted(video_dir.iterdir()):
            os.replace(path, lab_dir / VIDEO_DIR / path.name)
            moved.append(f"{VIDEO_DIR}/{path.name}")
    for name in (DECK_FILE, NOTES_FILE):
        if (staging / name).exists():
            os.replace(staging / name, lab_dir / name)
            moved.append(name)
    return tuple(moved)


def _check_targets(lab_dir: Path) -> None:
    """Refuse a lab whose video folder is a link or not a folder: files go into the lab only."""
    folder = lab_dir / VIDEO_DIR
    if folder.is_symlink():
        raise InputError(folder, 0, "is a link: new writes into the lab folder only; remove it")
    if folder.exists() and not folder.is_dir():
        raise InputError(folder, 0, "is not a folder: new stores the video's files there")


def _missing_folders(path: Path) -> list[Path]:
    """Return the folders that creating `path` would create, deepest first."""
    return [folder for folder in (path, *path.parents) if not folder.exists()]


def _remove_empty(folders: list[Path]) -> None:
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()
