"""Give a lab without captions an automatic transcript: a caption file made from its sound.

The result goes into the lab's `video/` as `<id>.<lang>.auto.vtt`, a WebVTT file whose
header says it is machine-made, so that it can be checked and corrected where it lies;
captions given with the video always come first (see `read.video.find_files`).
Recognition is slow, so its result is cached by the hash of the decoded sound, the
model's and the settings': the same sound is never recognized twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.atomic import write_atomic, write_text_atomically
from generator.errors import GeneratorError, InputError, one_line
from generator.formats import duration
from generator.layout import NOTES_FILE, VIDEO_DIR
from generator.model import Cue
from generator.read import captions, notes, video
from generator.speech.audio import Audio, measure
from generator.speech.cues import cues_from_words
from generator.speech.weights import PACKAGED, Weights, find_weights, load_model

CACHE_KIND = "speech"
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")
CACHE_FORMAT = 1
"""Version of the cached transcript's JSON: a change makes every entry be made again."""


@dataclass(frozen=True)
class Transcribed:
    """What `transcribe_lab` did, for its one line of report."""

    path: Path | None
    """The caption file written; None when there was nothing to do."""
    message: str


def transcribe_lab(
    lab_dir: Path,
    *,
    cache_dir: Path,
    model: str = PACKAGED,
    language: str | None = None,
    force: bool = False,
    threads: int | None = None,
    progress: bool = False,
) -> Transcribed:
    """Write `video/<id>.<lang>.auto.vtt` from the speech of the lab's stored video.

    Nothing is done where the video's own captions or a text transcript exist, nor over an
    automatic transcript already there (it may have been corrected), unless `force`.
    Every input is checked before the model is loaded; nothing is written on failure.
    """
    if language is not None and not _LANGUAGE.fullmatch(language):
        raise InputError("--lang", 0, f"{language!r} is not a language code such as en or pt-BR")
    lab_notes = notes.read_notes(lab_dir / NOTES_FILE, lab_id=lab_dir.resolve().name)
    if not lab_notes.video_id:
        raise InputError(lab_dir / NOTES_FILE, 0, "the notes link no video: nothing to transcribe")
    video_dir = lab_dir / VIDEO_DIR
    if video_dir.is_symlink():
        raise InputError(video_dir, 0, "is a link: transcribe writes into the lab folder only")
    files = video.find_files(video_dir, lab_notes.video_id)
    reason = None if force else _nothing_to_do(files)
    if reason is not None:
        return Transcribed(None, reason)
    media = _media(files, video_dir, lab_notes.video_id)
    weights = find_weights(model)
    if weights.english_only:
        if language not in (None, "en"):
            raise GeneratorError(f"this model knows English only, not {language!r}")
        language = "en"
    started = time.perf_counter()
    audio = measure(media)
    threads = threads or len(os.sched_getaffinity(0))
    key = _key(audio, weights, language)
    cached = _cached(cache_dir, key)
    if cached is not None:
        lang, cues = cached
        how = "taken from the cache (the same sound was transcribed before)"
    else:
        lang, cues = _recognize(audio, weights, language, threads, progress)
        _store(cache_dir, key, lang, cues)
        seconds = time.perf_counter() - started
        how = (
            f"{duration(audio.seconds)} of sound in {duration(seconds)} "
            f"({audio.seconds / max(seconds, 1e-6):.0f}× real time; {weights.name}, "
            f"{threads} threads)"
        )
    if not cues:
        raise GeneratorError(f"{media}: no speech was recognized in it; no caption file written")
    path = video_dir / video.machine_captions_name(lab_notes.video_id, lang)
    write_text_atomically(path, _vtt(cues, weights, media.name))
    return Transcribed(path, f"wrote {path}: {len(cues)} cues, {how}")


def _nothing_to_do(files: video.VideoFiles) -> str | None:
    """Say why the lab needs no automatic transcript; None when it does."""
    given = files.transcript if files.captions is None else files.captions
    if given is not None and not files.captions_machine:
        return (
            f"{given}: the talk's own transcript is used; nothing to do "
            "(--force makes an automatic one all the same)"
        )
    if given is not None:
        return f"{given}: already there (it may have been corrected); --force makes it again"
    return None


def _media(files: video.VideoFiles, video_dir: Path, video_id: str) -> Path:
    """Return the stored video; raise `InputError` saying why there is none to read."""
    if files.media is not None:
        return files.media
    linked = [p for p in files.outside if p.suffix.lstrip(".") in video.MEDIA_EXTS]
    if linked:
        raise InputError(linked[0], 0, "a link leading outside the lab folder: not read")
    names = " or ".join(f"{video_id}.{ext}" for ext in video.MEDIA_EXTS)
    raise InputError(video_dir, 0, f"no {names}: run `fetch --media` first")


def _recognize(
    audio: Audio, weights: Weights, language: str | None, threads: int, progress: bool
) -> tuple[str, tuple[Cue, ...]]:
    from generator.speech.recognize import recognize

    recognized = recognize(
        load_model(weights, threads), audio, language=language, progress=progress
    )
    return recognized.language, tuple(cues_from_words(recognized.words))


def _key(audio: Audio, weights: Weights, language: str | None) -> str:
    from generator.speech.recognize import SETTINGS

    parts = (audio.sha256, weights.sha256, language or "any", SETTINGS, str(CACHE_FORMAT))
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def _cached(cache_dir: Path, key: str) -> tuple[str, tuple[Cue, ...]] | None:
    """Return a transcript the cache holds for `key`; None when it holds none, or a damaged one."""
    try:
        data: Any = json.loads((cache_dir / CACHE_KIND / f"{key}.json").read_text("utf-8"))
        cues = tuple(
            Cue(float(start), float(end), str(text), tuple(map(float, words)))
            for start, end, text, words in data["cues"]
        )
        return str(data["language"]), cues
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(cache_dir: Path, key: str, language: str, cues: tuple[Cue, ...]) -> None:
    data = {
        "language": language,
        "cues": [[c.start, c.end, c.text, list(c.words)] for c in cues],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    write_atomic(cache_dir / CACHE_KIND / f"{key}.json", text.encode())


def _vtt(cues: tuple[Cue, ...], weights: Weights, media: str) -> str:
    """Return the cues as WebVTT, with a header note saying how they were made."""
    made = one_line(f"{weights.name} through faster-whisper, from {media}").replace("-->", "->")
    note = (
        "NOTE\nAutomatic transcript: made by speech recognition "
        f"({made}). Check it against the video and correct it here; once checked, "
        "rename it without .auto so that it counts as the video's own captions.\n"
    )
    head, _, body = captions.write_vtt(cues).partition("\n")
    return f"{head}\n\n{note}{body}"
