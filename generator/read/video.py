"""Read what the fetcher stored about a lab's video: metadata, chapters, captions, thumbnail."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeGuard

from generator.errors import InputError
from generator.formats import clock
from generator.model import MAX_SECONDS, Chapter
from generator.read import jsontext
from generator.read.confine import inside
from generator.read.textfile import read_text

INFO_SUFFIX = ".info.json"
CAPTION_EXTS = ("vtt", "json3", "srt")
"""Caption formats in order of preference."""
THUMBNAIL_EXTS = ("jpg", "jpeg", "webp", "png")
MEDIA_EXTS = ("mp4", "webm")
MACHINE_MARK = "auto"
LANGUAGE_CODE = re.compile(r"(?!live_chat$)[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8}){0,3}")
"""A captions file's language in its name, as yt-dlp writes it (`en`, `pt-BR`, `zh-Hans`)."""
MAX_LANGUAGES = 8
"""Transcripts a page offers at most: the first language and seven others."""
"""What marks captions speech recognition made: `<id>.<lang>.auto.vtt`."""
TRANSCRIPT_SUFFIX = ".transcript.txt"
"""A transcript written as text with timestamps: `<id>.transcript.txt`."""
START_TOLERANCE = 2.0
"""Chapter starts closer than this (seconds) count as the same."""


@dataclass(frozen=True)
class VideoInfo:
    """A video as stored in a lab's `video/` folder."""

    video_id: str
    title: str
    duration: float | None
    """Length in seconds, when the info JSON gives it."""
    chapters: tuple[tuple[float, str], ...]
    """(start in seconds, title) of the chapters YouTube shows, from the info JSON."""
    thumbnail: Path | None
    media: Path | None
    captions: Path | None
    captions_lang: str | None
    outside: tuple[Path, ...] = ()
    """Files of the video that are links leading outside the lab folder, and so not read."""
    captions_machine: bool = False
    """True when `captions` were made by speech recognition, not given with the video."""
    transcript: Path | None = None
    """A transcript written as text (`<id>.transcript.txt`), read when `captions` is None."""
    translations: tuple[tuple[str, Path], ...] = ()
    """Captions given in other languages than `captions_lang`: (language, file), at most
    MAX_LANGUAGES in all."""


@dataclass(frozen=True)
class VideoFiles:
    """The files stored for one video (None: not stored)."""

    info: Path | None
    captions: Path | None
    captions_lang: str | None
    thumbnail: Path | None
    media: Path | None
    outside: tuple[Path, ...] = ()
    """Files named for the video that lead outside the lab folder: never read or published."""
    captions_machine: bool = False
    """True when `captions` is the file speech recognition made (`<id>.<lang>.auto.vtt`)."""
    transcript: Path | None = None
    """A transcript written as text (`<id>.transcript.txt`), read when `captions` is None."""
    translations: tuple[tuple[str, Path], ...] = ()
    """Captions given in other languages than `captions_lang`, one per language, sorted:
    (language, file)."""


@dataclass(frozen=True)
class _StoredInfo:
    """The fields of an info JSON this module uses."""

    title: str
    duration: float | None
    chapters: tuple[tuple[float, str], ...]
    language: str | None = None
    """The language of the captions the transcript is made from, as `fetch` chose them."""


def read_video_dir(video_dir: Path, video_id: str) -> VideoInfo | None:
    """Read the stored files of one video; None when nothing is stored for it."""
    files = find_files(video_dir, video_id)
    if files.info is None:
        found = (files.captions, files.transcript, files.thumbnail, files.media, *files.outside)
        if all(path is None for path in found):
            return None
        stored = _StoredInfo("", None, ())
    else:
        stored = _read_info(files.info, video_id)
        files = _first_language(files, stored.language)
    return VideoInfo(
        video_id=video_id,
        title=stored.title,
        duration=stored.duration,
        chapters=stored.chapters,
        thumbnail=files.thumbnail,
        media=files.media,
        captions=files.captions,
        captions_lang=files.captions_lang,
        outside=files.outside,
        captions_machine=files.captions_machine,
        transcript=files.transcript,
        translations=files.translations[: MAX_LANGUAGES - 1],
    )


def machine_captions_name(video_id: str, lang: str) -> str:
    """Return the file name of the captions speech recognition makes for a video."""
    return f"{video_id}.{lang}.{MACHINE_MARK}.vtt"


def find_files(video_dir: Path, video_id: str) -> VideoFiles:
    """Find the files stored for one video, by the names yt-dlp gives them.

    Captions given with the video come first, then a transcript written as text, and only
    without either the captions speech recognition made. Only files inside the lab folder
    (the video folder's parent) count.
    """
    if not video_dir.is_dir():
        return VideoFiles(None, None, None, None, None)
    names: dict[str, Path] = {}
    outside: list[Path] = []
    for path in sorted(video_dir.iterdir()):
        # Names starting with "." are unfinished downloads.
        if path.name.startswith("."):
            continue
        if not inside(path, video_dir.parent):
            if path.name.startswith(f"{video_id}."):
                outside.append(path)
        elif path.is_file():
            names[path.name] = path
    transcript = names.get(f"{video_id}{TRANSCRIPT_SUFFIX}")
    found = _caption_files(names, video_id)
    captions, lang, machine = found[0] if found else (None, None, False)
    if machine and transcript is not None:
        captions, lang, machine = None, None, False
    # The given captions in the other languages, the best of each language: another region's
    # captions of a language (`en-US` beside `en`) are the same transcript again.
    translations = _one_per_language(
        [(other, path) for path, other, made in found[1:] if not made], lang
    )
    return VideoFiles(
        info=names.get(f"{video_id}{INFO_SUFFIX}"),
        captions=captions,
        captions_lang=lang,
        thumbnail=_first(names, video_id, THUMBNAIL_EXTS),
        media=_first(names, video_id, MEDIA_EXTS),
        outside=tuple(outside),
        captions_machine=machine,
        transcript=transcript,
        translations=translations if lang else (),
    )


def compare_chapters(
    notes_chapters: Sequence[Chapter], info_chapters: Sequence[tuple[float, str]]
) -> list[str]:
    """Return warnings where the video's own chapters differ from the notes' chapters."""
    if not info_chapters:
        return []
    warnings = []
    if len(notes_chapters) != len(info_chapters):
        warnings.append(
            f"the video has {_chapters(len(info_chapters))}, "
            f"the notes have {_chapters(len(notes_chapters))}"
        )
        for chapter in notes_chapters:
            if not any(abs(chapter.seconds - s) <= START_TOLERANCE for s, _ in info_chapters):
                warnings.append(
                    f"notes chapter {clock(chapter.seconds)} {chapter.title!r} "
                    "has no chapter in the video"
                )
        for seconds, title in info_chapters:
            if not any(abs(c.seconds - seconds) <= START_TOLERANCE for c in notes_chapters):
                warnings.append(f"video chapter {clock(seconds)} {title!r} is not in the notes")
        return warnings
    for number, (chapter, (seconds, title)) in enumerate(
        zip(notes_chapters, info_chapters, strict=True), start=1
    ):
        if abs(chapter.seconds - seconds) > START_TOLERANCE:
            warnings.append(
                f"chapter {number} {chapter.title!r} starts at {clock(chapter.seconds)} "
                f"in the notes, at {clock(seconds)} in the video"
            )
        if _plain(chapter.title) != _plain(title):
            warnings.append(
                f"chapter {number} is {chapter.title!r} in the notes, {title!r} in the video"
            )
    return warnings


def _chapters(count: int) -> str:
    return f"{count} chapter" if count == 1 else f"{count} chapters"


def _plain(title: str) -> str:
    """Return a title without case, punctuation and spacing differences."""
    return " ".join(re.sub(r"[^\w\s]", " ", title.casefold()).split())


def _base(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


def _caption_files(names: dict[str, Path], video_id: str) -> list[tuple[Path, str, bool]]:
    """Return the stored captions, best first: given ones before machine-made, English
    first, then by format. Each is (file, language, made by speech recognition)."""
    found: list[tuple[bool, int, int, str, Path]] = []
    prefix = f"{video_id}."
    for name, path in names.items():
        if not name.startswith(prefix):
            continue
        lang, _, ext = name[len(prefix) :].rpartition(".")
        machine = lang.endswith(f".{MACHINE_MARK}")
        lang = lang.removesuffix(f".{MACHINE_MARK}")
        if ext not in CAPTION_EXTS or not LANGUAGE_CODE.fullmatch(lang):
            continue
        rank = 0 if lang == "en" else 1 if lang.startswith("en") else 2
        found.append((machine, rank, CAPTION_EXTS.index(ext), lang, path))
    return [(path, lang, machine) for machine, _, _, lang, path in sorted(found)]


def _first(names: dict[str, Path], video_id: str, exts: Sequence[str]) -> Path | None:
    return next((names[f"{video_id}.{e}"] for e in exts if f"{video_id}.{e}" in names), None)


def _read_info(path: Path, video_id: str) -> _StoredInfo:
    """Read an info JSON and check the fields this module uses."""
    try:
        text = read_text(path)
    except OSError as err:
        raise InputError(path, 0, f"cannot read the video info: {err.strerror}") from None
    data = jsontext.parse(text, path)
    if not isinstance(data, dict):
        raise InputError(path, 1, "the video info is not a JSON object")
    if data.get("id", video_id) != video_id:
        raise InputError(path, _line_of(text, "id"), f"the info is for video {data['id']!r}")
    title = data.get("title") or ""
    if not isinstance(title, str):
        raise InputError(path, _line_of(text, "title"), "'title' is not a string")
    duration = data.get("duration")
    if duration is not None and not _is_seconds(duration):
        raise InputError(
            path, _line_of(text, "duration"), "'duration' is not a number of seconds up to a week"
        )
    chapters = []
    for item in data.get("chapters") or []:
        start = item.get("start_time") if isinstance(item, dict) else None
        name = item.get("title") if isinstance(item, dict) else None
        if not _is_seconds(start) or not isinstance(name, str):
            raise InputError(
                path, _line_of(text, "chapters"), "each chapter needs a start_time and a title"
            )
        chapters.append((float(start), name))
    chosen = data.get("captions")
    language = chosen.get("lang") if isinstance(chosen, dict) else None
    return _StoredInfo(
        title,
        float(duration) if duration is not None else None,
        tuple(sorted(chapters)),
        language if isinstance(language, str) else None,
    )


def _first_language(files: VideoFiles, language: str | None) -> VideoFiles:
    """Make the captions in `language` the transcript's, when they are among the others."""
    others = dict(files.translations)
    if language is None or language not in others or files.captions_machine:
        return files
    first = others.pop(language)
    if files.captions is not None and files.captions_lang is not None:
        others[files.captions_lang] = files.captions
    chosen = _one_per_language(list(others.items()), language)
    return replace(files, captions=first, captions_lang=language, translations=chosen)


def _one_per_language(
    found: Sequence[tuple[str, Path]], first: str | None
) -> tuple[tuple[str, Path], ...]:
    """Keep one file of each language other than `first`'s, in the order given (the best
    first); sorted by language."""
    kept: dict[str, tuple[str, Path]] = {}
    for lang, path in found:
        base = _base(lang)
        if base != (_base(first) if first else None) and base not in kept:
            kept[base] = (lang, path)
    return tuple(sorted(kept.values()))


def _is_seconds(value: object) -> TypeGuard[int | float]:
    """Tell whether `value` is a time in a video: a finite number from 0 to a week."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 <= value <= MAX_SECONDS
    )


def _line_of(text: str, key: str) -> int:
    """Return the line of the first `"key":` in a JSON text (1 when it is not found)."""
    match = re.search(rf'"{re.escape(key)}"\s*:', text)
    return text.count("\n", 0, match.start()) + 1 if match else 1
