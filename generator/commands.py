"""What each command of the command line does; `cli.py` reads the arguments and reports."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import GeneratorError, InputError

if TYPE_CHECKING:
    from generator.build import BuiltSite
    from generator.model import Cue, Deck, SlideTimeline
    from generator.read.labconfig import LabConfig

EXIT_PROBLEMS = 1
"""Exit code for problems a command found (2, for input it could not use, is `cli.py`'s)."""


def _lab_config(notes_path: Path) -> LabConfig | None:
    """Return the lab.yml beside a lab directory's notes.md; None for a loose notes page."""
    from generator.read.labconfig import read_config

    config_path = notes_path.parent / "lab.yml"
    if notes_path.name == "notes.md" and config_path.is_file():
        return read_config(config_path)
    return None


def _dump(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def inspect(args: argparse.Namespace) -> int:
    from generator.align.snippets import assign_chapters
    from generator.read import labconfig, notes

    lab_notes = notes.read_notes(args.notes)
    snippets = list(assign_chapters(lab_notes.code_blocks, lab_notes.chapters))
    config = _lab_config(args.notes)
    if config is not None:
        snippets = (
            list(labconfig.demo_snippets(config, args.notes.parent, lab_notes.chapters)) + snippets
        )
    _dump(
        {
            "id": lab_notes.id,
            "title": lab_notes.title,
            "video_id": lab_notes.video_id,
            "video": (
                {"host": video.host, "id": video.id, "url": video.url}
                if (video := lab_notes.video)
                else None
            ),
            "deck_url": lab_notes.deck_url,
            "date": lab_notes.date.isoformat() if lab_notes.date else None,
            "presenter": lab_notes.presenter,
            "description": lab_notes.description,
            "tags": list(lab_notes.tags),
            "chapters": [
                {"seconds": c.seconds, "title": c.title, "line": c.line} for c in lab_notes.chapters
            ],
            "snippets": [
                {
                    "chapter": s.chapter,
                    "lang": s.lang,
                    "code": s.code,
                    "source": s.source,
                    "title": s.title,
                    "line": s.line,
                    **({"path": s.path} if s.path else {}),
                }
                for s in snippets
            ],
            "resources": [{"title": r.title, "url": r.url} for r in lab_notes.resources],
            "warnings": [str(w) for w in lab_notes.warnings],
        }
    )
    return 0


def align(args: argparse.Namespace) -> int:
    from generator.align import align
    from generator.read import labconfig, notes, slidetext
    from generator.talkfiles import transcript_cues

    lab_notes = notes.read_notes(args.notes)
    if args.video is not None:
        from generator import sync

        synced = sync.compute_timeline(
            args.deck, args.video, cache_dir=args.cache_dir, progress=sys.stderr.isatty()
        )
        _dump(sync.alignment(lab_notes.chapters, synced.timeline, synced.pages))
        return 0
    # The same reading as the build's (OCR of text-free slides), so this is what the site shows.
    read = slidetext.read_slides(args.deck, args.cache_dir)
    for notice in read.notices:
        print(f"{args.deck}: {notice}", file=sys.stderr)
    slides = read.deck.slides
    pins: dict[int, int] = {}
    config = _lab_config(args.notes)
    if config is not None:
        pins = labconfig.resolve_pins(config, lab_notes.chapters, len(slides))
    cues: tuple[Cue, ...] = ()
    if args.notes.name == "notes.md":
        cues = transcript_cues(args.notes.parent.resolve(), lab_notes, args.cache_dir)
    assignment = align.align_slides(lab_notes.chapters, slides, pins, cues=cues)
    stored = _stored_timeline(args.notes, read.deck, lab_notes.video_id)
    if stored is not None:
        from generator import sync

        _dump(sync.alignment(lab_notes.chapters, stored, len(slides)))
        return 0
    _dump(
        {
            "slides": len(slides),
            "chapters": [
                {"seconds": c.seconds, "title": c.title, "slides": list(found)}
                for c, found in zip(lab_notes.chapters, assignment, strict=True)
            ],
        }
    )
    return 0


def _stored_timeline(notes_path: Path, deck: Deck, video_id: str | None) -> SlideTimeline | None:
    """Return the timeline stored beside a lab's notes.md when it fits the deck; warn when not."""
    from generator.read import timelinefile

    if notes_path.name != "notes.md":
        return None
    found, problems = timelinefile.load_timeline(
        notes_path.parent / "video" / timelinefile.TIMELINE_FILE,
        deck_sha256=deck.sha256,
        pages=len(deck.slides),
        video_id=video_id,
    )
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    return found


def sync(args: argparse.Namespace) -> int:
    from generator.sync import sync_lab

    done = sync_lab(
        args.lab,
        video=args.video,
        cache_dir=args.cache_dir,
        timeout=args.timeout,
        retries=args.retries,
        progress=sys.stderr.isatty(),
    )
    print(done.summary(), file=sys.stderr)
    return 0


def build(args: argparse.Namespace) -> int:
    from generator.build import build_site
    from generator.summary import by_message

    built = build_site(
        [Path(lab) for lab in args.labs],
        args.out,
        config_file=args.config,
        cache_dir=args.cache_dir,
        offline=args.offline,
        strict=args.strict,
        fresh=args.fresh,
        jobs=args.jobs,
        shard=args.shard,
    )
    notices = [(lab.notes.id, notice.message) for lab in built.labs for notice in lab.notices]
    for line in by_message(notices):
        print(line, file=sys.stderr)
    where = f"shard {args.shard} of the site in {args.out}" if args.shard else str(args.out)
    _report(built, f"built {where}")
    return 0


def merge(args: argparse.Namespace) -> int:
    from generator.build import merge_parts

    built = merge_parts(
        args.parts, args.out, config_file=args.config, cache_dir=args.cache_dir, strict=args.strict
    )
    _report(built, f"merged {len(args.parts)} parts into {args.out}")
    return 0


def _report(built: BuiltSite, summary: str) -> None:
    """Say what a build made, on one line."""
    summary += f": {len(built.labs)} lab(s), {built.pages} lab pages"
    if built.reused:
        summary += f" ({built.reused} unchanged, taken from the previous build)"
    if built.search is not None:
        summary += (
            f"; search index of {built.search.pages} pages, {built.search.bytes / 2**20:.1f} MiB"
        )
    print(summary, file=sys.stderr)


def check(args: argparse.Namespace) -> int:
    from generator.check.lab import check_lab

    findings = check_lab(args.lab, cache_dir=args.cache_dir)
    for finding in findings:
        print(finding.report())
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    print(f"{args.lab}: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return EXIT_PROBLEMS if errors else 0


def fetch(args: argparse.Namespace) -> int:
    from generator.read import fetch, labconfig, notes

    failed = 0
    for lab_dir in args.labs:
        lab_notes = notes.read_notes(lab_dir / "notes.md", lab_id=lab_dir.resolve().name)
        config = labconfig.read_config(lab_dir / "lab.yml")
        deck_url = config.deck_url or lab_notes.deck_url
        if not lab_notes.video_id and lab_notes.video is None and not deck_url:
            print(
                f"{lab_dir}: the notes link neither a video nor a deck; nothing to fetch",
                file=sys.stderr,
            )
            continue
        try:
            report = fetch.fetch_lab(
                lab_dir,
                lab_notes.video_id or "",
                deck_url,
                source=lab_notes.video,
                media=args.media,
                site=config.site,
                timeout=args.timeout,
                retries=args.retries,
                progress=sys.stderr.isatty(),
            )
        except GeneratorError as err:
            print(f"{lab_dir}: {err}", file=sys.stderr)
            failed += 1
            continue
        print(f"{lab_dir}: {report.summary()}", file=sys.stderr)
    return EXIT_PROBLEMS if failed else 0


def new(args: argparse.Namespace) -> int:
    from generator.new.newlab import new_lab

    transcript = _read_transcript(args.transcript) if args.transcript else None
    made = new_lab(
        args.lab,
        url=args.url,
        info_file=args.info,
        video_file=args.video,
        deck=args.deck,
        force=args.force,
        cache_dir=args.cache_dir,
        timeout=args.timeout,
        retries=args.retries,
        progress=sys.stderr.isatty(),
    )
    for notice in made.notices:
        print(notice, file=sys.stderr)
    print(made.summary(), file=sys.stderr)
    if transcript is not None:
        from generator.atomic import write_text_atomically
        from generator.layout import VIDEO_DIR
        from generator.read.video import TRANSCRIPT_SUFFIX

        stored = args.lab / VIDEO_DIR / f"{made.talk.stored}{TRANSCRIPT_SUFFIX}"
        stored.parent.mkdir(exist_ok=True)
        write_text_atomically(stored, transcript)
        print(f"stored {stored}", file=sys.stderr)
    return 0


def _read_transcript(path: Path) -> str:
    """Return a text transcript's text once it reads as one; its bad lines are only named."""
    from generator.read import textfile, transcripttext

    try:
        text = textfile.read_text(path)
    except OSError as err:
        raise InputError(path, 0, f"cannot read the transcript: {err.strerror}") from None
    for problem in transcripttext.parse(text, str(path)).problems:
        print(problem, file=sys.stderr)
    return text


def transcribe(args: argparse.Namespace) -> int:
    from generator.speech.transcribe import transcribe_lab

    if args.threads is not None and args.threads < 1:
        raise InputError("--threads", 0, "must be at least 1")
    done = transcribe_lab(
        args.lab,
        cache_dir=args.cache_dir,
        model=args.model,
        language=args.lang,
        force=args.force,
        threads=args.threads,
        progress=sys.stderr.isatty(),
    )
    print(done.message, file=sys.stderr)
    return 0
