"""Load a lab directory: read every input, align them, and gather the files its pages show."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import store
from generator.align import align, paragraphs
from generator.align.snippets import assign_chapters, slide_snippets
from generator.errors import DeckError, InputError, Problem
from generator.formats import clock
from generator.model import Cue, Deck, Lab, Notes, PlacedSlide, RenderedSlide, Snippet
from generator.read import captions, labconfig, notes, video
from generator.read.confine import OUTSIDE, inside, outside_paths, resolved
from generator.summary import summarise_text
from generator.write import transcripts

NOTES_FILE = "notes.md"
DECK_FILE = "deck.pdf"
CONFIG_FILE = "lab.yml"
VIDEO_DIR = "video"
# What readers see where slides or a transcript would be; why is the publisher's business,
# told in the build's log (a warning, or one of these notices).
NO_SLIDES = "The slides of this talk are not available."
NO_TRANSCRIPT = "The transcript of this talk is not available yet."
NO_DECK_NOTICE = (
    "no slide deck: put it at deck.pdf in the lab folder, "
    "or run `python -m generator fetch` on the folder to download it from the notes' link"
)
NO_CAPTIONS_NOTICE = (
    "no captions fetched: run `python -m generator fetch` on the lab folder "
    "(with network access) for the transcript"
)


@dataclass(frozen=True)
class LabSources:
    """A loaded lab and the files its pages show."""

    lab: Lab
    config: labconfig.LabConfig
    images: Mapping[int, RenderedSlide] = field(default_factory=dict)
    deck_file: Path | None = None
    thumbnail: Path | None = None
    media: Path | None = None
    captions_track: Path | None = None
    """Clean WebVTT of the transcript, for the player's <track> (a file in the cache)."""
    transcript_text: Path | None = None
    """The transcript as plain text by chapter, to download (a file in the cache)."""
    transcript_srt: Path | None = None
    """The captions as SubRip, to download (a file in the cache)."""
    demo_zip: tuple[str, Path] | None = None
    """(folder name, zip file in the cache) of the demo folder offered for download."""
    notices: tuple[str, ...] = ()
    """Things the publisher may want to know that are not problems (e.g. OCR is off)."""
    key: str = ""
    """A hash of every file the lab was loaded from and of the code that loaded it ("": unknown)."""


def load_lab(lab_dir: Path, cache_dir: Path) -> LabSources:
    """Read, model and align one lab directory; raise `InputError` for unusable input."""
    lab_dir = lab_dir.resolve()
    if not lab_dir.is_dir():
        raise InputError(lab_dir, 0, "not a lab directory (expected a folder with notes.md)")
    notes_path = lab_dir / NOTES_FILE
    if not inside(notes_path, lab_dir):
        raise InputError(notes_path, 0, OUTSIDE)
    lab_notes = notes.read_notes(notes_path, lab_id=lab_dir.name)
    warnings = [str(w) for w in lab_notes.warnings]
    config = _config(lab_dir, warnings)
    if config.presenter:
        lab_notes = _with_presenter(lab_notes, config.presenter)

    info = _video(lab_dir, lab_notes, warnings)
    duration = info.duration if info else None
    last = lab_notes.chapters[-1] if lab_notes.chapters else None
    if info and duration is not None and last and last.seconds >= duration:
        # Chapters that start after the end are not the video's: its length cannot be right.
        message = (
            f"the video is {clock(duration)} long, but chapter {last.title!r} starts at "
            f"{clock(last.seconds)}: its length is ignored"
        )
        info_file = lab_dir / VIDEO_DIR / f"{info.video_id}.info.json"
        warnings.append(str(Problem(str(info_file), 0, message)))
        duration = None
    if info:
        warnings += video.compare_chapters(lab_notes.chapters, info.chapters)

    notices: list[str] = []
    cues, transcript_problem, track = _transcript(
        lab_dir, lab_notes, info, cache_dir, warnings, notices
    )
    slides_deck, deck_problem = _deck(lab_dir, cache_dir, warnings, notices)
    images: dict[int, RenderedSlide] = {}
    placed: tuple[PlacedSlide, ...] = ()
    if slides_deck is not None:
        try:
            images = dict(_render_deck(lab_dir / DECK_FILE, slides_deck.sha256, cache_dir).slides)
            warnings += [
                str(Problem(str(lab_dir / DECK_FILE), 0, f"page {number}: {image.placeholder}"))
                for number, image in images.items()
                if image.placeholder
            ]
        except DeckError as err:
            warnings.append(str(err))
            slides_deck, deck_problem = None, NO_SLIDES
    if slides_deck is not None:
        pins = labconfig.resolve_pins(config, lab_notes.chapters, len(slides_deck.slides))
        assignment = align.align_slides(lab_notes.chapters, slides_deck.slides, pins)
        placed = align.place_slides(
            lab_notes.chapters, assignment, slides_deck.slides, duration=duration, cues=cues
        )
    # Paragraphs also end where the slide changes, so slides are placed first.
    transcript = paragraphs.paragraphs(
        cues, lab_notes.chapters, duration=duration, slide_times=[p.seconds for p in placed]
    )

    snippets: tuple[Snippet, ...] = (
        labconfig.demo_snippets(config, lab_dir, lab_notes.chapters)
        + assign_chapters(lab_notes.code_blocks, lab_notes.chapters)
        + slide_snippets(placed)
    )
    zipped = _stored_zip(lab_dir, config, cache_dir)
    if zipped is not None and config.demo_zip:
        # The zip leaves such links out; the publisher should know which.
        folder = lab_dir / config.demo_zip
        leaving = [p for p in outside_paths(lab_dir) if p.is_relative_to(folder)]
        warnings += [str(Problem(str(p), 0, OUTSIDE)) for p in leaving]
    lab = Lab(
        notes=lab_notes,
        directory=str(lab_dir),
        duration=duration,
        deck=slides_deck,
        deck_problem=deck_problem,
        placed=placed,
        paragraphs=transcript,
        transcript_problem=transcript_problem,
        snippets=snippets,
        warnings=tuple(summarise_text(warnings)),
    )
    return LabSources(
        lab=lab,
        config=config,
        images=images,
        deck_file=lab_dir / DECK_FILE if slides_deck is not None else None,
        thumbnail=info.thumbnail if info else None,
        media=info.media if info else None,
        captions_track=store.put_bytes(cache_dir, "tracks", ".vtt", track.encode())
        if track is not None
        else None,
        transcript_text=store.put_bytes(cache_dir, "tracks", ".txt", transcripts.text(lab).encode())
        if lab.paragraphs
        else None,
        transcript_srt=store.put_bytes(cache_dir, "tracks", ".srt", transcripts.srt(cues).encode())
        if track is not None
        else None,
        demo_zip=zipped,
        notices=tuple(notices),
    )


def _video(lab_dir: Path, lab_notes: Notes, warnings: list[str]) -> video.VideoInfo | None:
    """Read the stored video files; a damaged info JSON costs its metadata, not the build."""
    if not lab_notes.video_id:
        return None
    try:
        info = video.read_video_dir(lab_dir / VIDEO_DIR, lab_notes.video_id)
    except InputError as err:
        warnings.append(str(err))
        return None
    if info is not None:
        warnings += [str(Problem(str(path), 0, OUTSIDE)) for path in info.outside]
    return info


def _config(lab_dir: Path, warnings: list[str]) -> labconfig.LabConfig:
    """Read lab.yml; one that leads outside the lab is not read, and the defaults apply."""
    path = lab_dir / CONFIG_FILE
    if path.is_symlink() and not inside(path, lab_dir):
        warnings.append(str(Problem(str(path), 0, OUTSIDE)))
        return labconfig.LabConfig(path=str(path))
    if path.exists() and not path.is_file():
        warnings.append(str(Problem(str(path), 0, "not a regular file; it is not read")))
        return labconfig.LabConfig(path=str(path))
    return labconfig.read_config(path)


def _with_presenter(lab_notes: Notes, presenter: str) -> Notes:
    from dataclasses import replace

    return replace(lab_notes, presenter=presenter)


def _deck(
    lab_dir: Path, cache_dir: Path, warnings: list[str], notices: list[str]
) -> tuple[Deck | None, str | None]:
    path = lab_dir / DECK_FILE
    if not path.exists():
        notices.append(NO_DECK_NOTICE)
        return None, NO_SLIDES
    if path.is_symlink() and not inside(path, lab_dir):
        warnings.append(str(Problem(str(path), 0, OUTSIDE)))
        return None, NO_SLIDES
    if not path.is_file():
        warnings.append(str(Problem(str(path), 0, "not a regular file; it is not read")))
        return None, NO_SLIDES
    try:
        from generator.read import slidetext  # PDF libraries: only when a deck is read

        read = slidetext.read_slides(path, cache_dir)
    except DeckError as err:
        warnings.append(str(err))
        return None, NO_SLIDES
    notices.extend(read.notices)
    return read.deck, None


def _render_deck(path: Path, sha256: str, cache_dir: Path) -> Any:
    """Render (or take from the cache) a deck's images."""
    # The PDF renderer is imported only when a deck is read: a rebuild whose labs all come
    # from the cache needs none of it.
    from generator.read import render

    return render.render_deck(path, sha256, cache_dir)


def _transcript(
    lab_dir: Path,
    lab_notes: Notes,
    info: video.VideoInfo | None,
    cache_dir: Path,
    warnings: list[str],
    notices: list[str],
) -> tuple[tuple[Cue, ...], str | None, str | None]:
    if not lab_notes.video_id:
        return (), "This talk links no video, so it has no transcript.", None
    if info is None or info.captions is None:
        notices.append(NO_CAPTIONS_NOTICE)
        return (), NO_TRANSCRIPT, None
    try:
        path = info.captions
        loaded = store.remember(cache_dir, "captions", path, lambda: captions.load_captions(path))
    except InputError as err:
        warnings.append(str(err))
        return (), NO_TRANSCRIPT, None
    warnings += [str(problem) for problem in loaded.problems]
    if not loaded.cues:
        return (), "The video's captions have no words in them.", None
    return loaded.cues, None, captions.write_vtt(loaded.cues)


# Zip entries get this fixed time so that two builds give the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _stored_zip(
    lab_dir: Path, config: labconfig.LabConfig, cache_dir: Path
) -> tuple[str, Path] | None:
    found = demo_zip(lab_dir, config)
    if found is None:
        return None
    name, content = found
    return name, store.put_bytes(cache_dir, "zips", ".zip", content)


def demo_zip(lab_dir: Path, config: labconfig.LabConfig) -> tuple[str, bytes] | None:
    """Return (folder name, zip bytes) of the folder lab.yml offers for download, if any."""
    if not config.demo_zip:
        return None
    folder = resolved(lab_dir / config.demo_zip)
    if folder is None or folder == lab_dir or not folder.is_relative_to(lab_dir):
        raise InputError(
            config.path, 0, f"demo.zip must name a folder inside the lab: {config.demo_zip!r}"
        )
    if not folder.is_dir():
        raise InputError(
            config.path, 0, f"demo.zip names {config.demo_zip!r}, which is not a folder"
        )
    return folder.name, zip_folder(folder)


def zip_folder(folder: Path) -> bytes:
    """Zip a folder with fixed times and sorted names, so the bytes are reproducible."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
            relative = path.relative_to(folder.parent).as_posix()
            if any(
                part.startswith(".") and part not in {".hadolint.yaml", ".dockerignore"}
                for part in path.relative_to(folder).parts
            ):
                continue
            info = zipfile.ZipInfo(relative, date_time=_ZIP_TIME)
            info.external_attr = (0o755 if path.stat().st_mode & 0o111 else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
