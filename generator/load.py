"""Load a lab folder: read every input, align them, and name the files its site publishes.

The load stage writes nothing into the site: the downloads made from a lab (transcripts,
the demo's zip) are the write stage's. It only fills the cache with what reading costs
(rendered slides, OCR).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import repeat
from pathlib import Path
from typing import Any

from generator import cache, talkfiles
from generator.align import align, paragraphs
from generator.align.fromtimeline import placed_from_timeline
from generator.align.placing import carried_over
from generator.align.snippets import assign_chapters, slide_snippets
from generator.errors import DeckError, InputError
from generator.found import Found
from generator.layout import LabFolder
from generator.model import (
    NO_SLIDES,
    Cue,
    Deck,
    HeldLab,
    Lab,
    LabFiles,
    Notes,
    PlacedSlide,
    RenderedSlide,
    SlideTimeline,
    Snippet,
    hold,
)
from generator.read import labconfig, notes, timelinefile
from generator.read.confine import OUTSIDE, inside, outside_paths, resolved
from generator.read.ocr import ocr_available

# What readers see where slides or a transcript would be; why is the publisher's business,
# told in the build's log (a warning, or one of these notices).
NO_DECK_NOTICE = (
    "no slide deck: put it at deck.pdf in the lab folder, "
    "or run `python -m generator fetch` on the folder to download it from the notes' link"
)


def load_lab_cached(lab_dir: Path, cache_dir: Path) -> Lab:
    """Return the lab at `lab_dir`, from the cache when nothing it depends on has changed.

    Loading a lab parses its captions, reads and aligns its deck: about a quarter of a second
    for a 50-minute talk. In a catalog of hundreds of labs where one was edited, the others
    are taken from here.
    """
    entries = _entries(lab_dir.resolve(), cache_dir.resolve())
    cached = cache.get_data(entries.whole, Lab)
    if cached is not None and all(path.is_file() for path in cached.files.paths()):
        return cached
    return _load_into(entries)


def hold_lab_cached(lab_dir: Path, cache_dir: Path) -> HeldLab:
    """Return the lab at `lab_dir` as a catalog's build holds it: its outline, the whole lab
    kept in the cache (loaded first when nothing there is of its current files).

    Only the outline's small entry is read when the lab is unchanged: a rebuild of thousands
    of labs reads no transcript but the edited labs'.
    """
    entries = _entries(lab_dir.resolve(), cache_dir.resolve())
    held = cache.get_data(entries.held, HeldLab)
    if (
        held is not None
        and entries.whole.is_file()
        and all(path.is_file() for path in held.outline.files.paths())
    ):
        return held
    return hold(_load_into(entries), str(entries.whole))


@dataclass(frozen=True)
class _Entries:
    """Where the cache keeps a lab loaded from its files as they are now."""

    folder: Path
    stem: str
    """Names the lab folder: every entry of the lab starts with it."""
    key: str
    """Names what the lab was loaded from."""
    lab_dir: Path
    cache_dir: Path

    @property
    def whole(self) -> Path:
        return self.folder / f"{self.stem}-{self.key[:32]}.json"

    @property
    def held(self) -> Path:
        return self.folder / f"{self.stem}-{self.key[:32]}.held.json"


def _entries(lab_dir: Path, cache_dir: Path) -> _Entries:
    stem = hashlib.sha256(str(lab_dir).encode()).hexdigest()[:16]
    key = cache.fingerprint(lab_dir, str(cache_dir), f"ocr={ocr_available()}")
    return _Entries(cache_dir / "labs", stem, key, lab_dir, cache_dir)


def _load_into(entries: _Entries) -> Lab:
    """Load the lab and keep it, with its outline, in the cache in place of older entries."""
    lab = replace(load_lab(entries.lab_dir, entries.cache_dir), key=entries.key)
    cache.put_data(entries.whole, lab)
    cache.put_data(entries.held, hold(lab, str(entries.whole)))
    for old in entries.folder.glob(f"{entries.stem}-*"):
        if old not in (entries.whole, entries.held):
            old.unlink(missing_ok=True)
    return lab


def load_labs(lab_dirs: Sequence[Path], cache_dir: Path, jobs: int | None = None) -> list[HeldLab]:
    """Return the labs at `lab_dirs` in their order, as a build holds them, loading up to
    `jobs` at once.

    Loading is per lab (captions, OCR, rendering, alignment), so it spreads over processes:
    `jobs` of them (default: the machine's cores). Each sends back only the lab's outline.
    The first lab that cannot be loaded stops the rest and is raised, as one at a time would.
    """
    count = jobs or os.cpu_count() or 1
    if count < 2 or len(lab_dirs) < 4:  # a process starts in about a second
        return [hold_lab_cached(lab_dir, cache_dir) for lab_dir in lab_dirs]
    workers = min(count, len(lab_dirs))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver")) as pool:
        # Small batches: a slow lab holds back only the few beside it.
        batch = max(1, min(16, len(lab_dirs) // (workers * 8)))
        return list(pool.map(hold_lab_cached, lab_dirs, repeat(cache_dir), chunksize=batch))


def load_lab(lab_dir: Path, cache_dir: Path) -> Lab:
    """Read, model and align one lab folder; raise `InputError` for unusable input."""
    lab_dir = lab_dir.resolve()
    folder = LabFolder(lab_dir)
    if not lab_dir.is_dir():
        raise InputError(lab_dir, 0, "not a lab directory (expected a folder with notes.md)")
    if not inside(folder.notes, lab_dir):
        raise InputError(folder.notes, 0, OUTSIDE)
    lab_notes = notes.read_notes(folder.notes, lab_id=lab_dir.name)
    found = Found(lab_dir)
    for warning in lab_notes.warnings:
        found.add(warning)
    config = _config(folder, found)
    if config.presenter:
        lab_notes = replace(lab_notes, presenter=config.presenter)

    info = talkfiles.read_video(folder, lab_notes, found)
    duration = talkfiles.duration_of(folder, lab_notes, info, found)
    info = talkfiles.readable_first(info, cache_dir, found)
    cues, transcript_problem = talkfiles.transcript(lab_notes, info, cache_dir, found)
    slides_deck, deck_problem = _deck(folder, cache_dir, found)
    images: dict[int, RenderedSlide] = {}
    if slides_deck is not None:
        try:
            images = dict(_render_deck(folder.deck, slides_deck.sha256, cache_dir).slides)
        except DeckError as err:
            found.add(err.problem)
            slides_deck, deck_problem = None, NO_SLIDES
        for number, image in images.items():
            if image.placeholder:
                found.warn(folder.deck, f"page {number}: {image.placeholder}")
    placed: tuple[PlacedSlide, ...] = ()
    timeline = _timeline(folder, lab_notes, slides_deck, found)
    if slides_deck is not None and timeline is not None:
        placed = placed_from_timeline(
            lab_notes.chapters, slides_deck.slides, timeline.entries, duration
        )
    elif slides_deck is not None:
        pins = labconfig.resolve_pins(config, lab_notes.chapters, len(slides_deck.slides))
        assignment = align.align_slides(lab_notes.chapters, slides_deck.slides, pins, cues=cues)
        placed = align.place_slides(
            lab_notes.chapters, assignment, slides_deck.slides, duration=duration, cues=cues
        )
    # Paragraphs also end where the slide changes, so slides are placed first.
    transcript = paragraphs.paragraphs(
        cues, lab_notes.chapters, duration=duration, slide_times=_changes(placed)
    )
    snippets: tuple[Snippet, ...] = (
        labconfig.demo_snippets(config, lab_dir, lab_notes.chapters)
        + assign_chapters(lab_notes.code_blocks, lab_notes.chapters)
        + slide_snippets(placed)
    )
    demo = demo_folder(lab_dir, config)
    if demo is not None:
        # The zip leaves such links out; the publisher should know which.
        for path in outside_paths(lab_dir):
            if path.is_relative_to(demo):
                found.warn(path, OUTSIDE)
    files = LabFiles(
        deck=folder.deck if slides_deck is not None else None,
        thumbnail=info.thumbnail if info else None,
        media=info.media if info else None,
        slides=images,
        demo=demo,
    )
    return Lab(
        notes=lab_notes,
        directory=str(lab_dir),
        duration=duration,
        deck=slides_deck,
        deck_problem=deck_problem,
        placed=placed,
        carried=carried_over(lab_notes.chapters, placed),
        cues=_untimed(cues),
        paragraphs=transcript,
        transcript_problem=transcript_problem,
        transcript_automatic=bool(cues and info and info.captions and info.captions_machine),
        language=info.captions_lang if cues and info and info.captions else None,
        translations=talkfiles.translations(
            info, lab_notes, duration, _changes(placed), cache_dir, found
        )
        if cues
        else (),
        snippets=snippets,
        site=config.site,
        files=files,
        diagnostics=found.summary(),
        timeline=timeline,
        heard_until=_heard_until(cues, timeline),
    )


def _untimed(cues: Sequence[Cue]) -> tuple[Cue, ...]:
    """Return the cues as the loaded lab keeps them: without their words' times.

    Those have placed the paragraphs' sentences; the downloads and pages need only each cue's
    span and text. A 50-minute talk's times are a third of its loaded lab, so a catalog held
    in memory (and its cache entries) is that much smaller.
    """
    return tuple(replace(cue, words=()) if cue.words else cue for cue in cues)


def _heard_until(cues: Sequence[Cue], timeline: SlideTimeline | None) -> float | None:
    """Return where the talk is last heard (its captions) or seen (its timeline), if known."""
    ends = [cue.end for cue in cues] + ([timeline.duration] if timeline else [])
    return max(ends) if ends else None


def _changes(placed: Sequence[PlacedSlide]) -> list[float]:
    """Return the moments the slide changes: every time one comes on screen, as seen."""
    return sorted({start for p in placed for start, _ in p.shown} | {p.seconds for p in placed})


def _timeline(
    folder: LabFolder, lab_notes: Notes, deck: Deck | None, found: Found
) -> SlideTimeline | None:
    """Return the lab's stored slide timeline when it was made from this deck."""
    if deck is None:
        return None
    path = folder.video / timelinefile.TIMELINE_FILE
    timeline, problems = timelinefile.load_timeline(
        path, deck_sha256=deck.sha256, pages=len(deck.slides), video_id=lab_notes.video_id
    )
    for problem in problems:
        found.add(replace(problem, severity="warning"))
    return timeline


def _config(folder: LabFolder, found: Found) -> labconfig.LabConfig:
    """Read lab.yml; one that leads outside the lab is not read, and the defaults apply."""
    path = folder.config
    if path.is_symlink() and not inside(path, folder.root):
        found.warn(path, OUTSIDE)
        return labconfig.LabConfig(path=str(path))
    if path.exists() and not path.is_file():
        found.warn(path, "not a regular file; it is not read")
        return labconfig.LabConfig(path=str(path))
    return labconfig.read_config(path)


def _deck(folder: LabFolder, cache_dir: Path, found: Found) -> tuple[Deck | None, str | None]:
    path = folder.deck
    if not path.exists():
        found.notice(NO_DECK_NOTICE)
        return None, NO_SLIDES
    if path.is_symlink() and not inside(path, folder.root):
        found.warn(path, OUTSIDE)
        return None, NO_SLIDES
    if not path.is_file():
        found.warn(path, "not a regular file; it is not read")
        return None, NO_SLIDES
    try:
        from generator.read import slidetext  # PDF libraries: only when a deck is read

        read = slidetext.read_slides(path, cache_dir)
    except DeckError as err:
        found.add(err.problem)
        return None, NO_SLIDES
    for notice in read.notices:
        found.notice(notice)
    return read.deck, None


def _render_deck(path: Path, sha256: str, cache_dir: Path) -> Any:
    """Render (or take from the cache) a deck's images."""
    # The PDF renderer is imported only when a deck is read: a rebuild whose labs all come
    # from the cache needs none of it.
    from generator.read import render

    return render.render_deck(path, sha256, cache_dir)


def demo_folder(lab_dir: Path, config: labconfig.LabConfig) -> Path | None:
    """Return the folder lab.yml offers for download, if any; raise `InputError` if it is bad."""
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
    return folder
