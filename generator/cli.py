"""The command line: inspect, align, build, check and fetch labs; start new ones."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import (
    GeneratorError,
    InputError,
    Terminated,
    one_line,
    sigterm_as_interrupt,
)

if TYPE_CHECKING:
    from generator.read.labconfig import LabConfig

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "mkdocs.yml"
DEFAULT_CACHE = ROOT / ".cache"

# Exit codes: 1 for problems a command found, 2 for input it could not use.
EXIT_PROBLEMS = 1
EXIT_INPUT = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    # pypdf explains every repair it makes to a damaged PDF; our own message says enough.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s: %(message)s"
    )
    try:
        # A command stopped by SIGTERM cleans up as after Ctrl-C: no staging folder stays.
        with sigterm_as_interrupt():
            code: int = args.run(args)
        return code
    except InputError as err:
        print(str(err), file=sys.stderr)
        return EXIT_INPUT
    except GeneratorError as err:
        print(one_line(f"error: {err}"), file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as err:
        where = f"{err.filename}: " if err.filename else ""
        print(one_line(f"error: {where}{err.strerror or err}"), file=sys.stderr)
        return EXIT_PROBLEMS
    except Terminated:
        print("terminated; nothing was left half-written", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print("interrupted; nothing was left half-written", file=sys.stderr)
        return 128 + signal.SIGINT
    except Exception as err:
        # A case nothing above foresaw: still one line, with the traceback only on request.
        if args.verbose:
            raise
        message = f"error: unexpected {type(err).__name__}: {err} (-v shows where)"
        print(one_line(message), file=sys.stderr)
        return EXIT_PROBLEMS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Turn recorded Learning Labs into sites where video, slides, transcript and code are synchronized.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="say more about what happens")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    inspect = commands.add_parser("inspect", help="print what a notes page says, as JSON")
    inspect.add_argument("notes", type=Path, metavar="NOTES.md")
    inspect.set_defaults(run=_inspect)

    align = commands.add_parser("align", help="print which slides belong to which chapter, as JSON")
    align.add_argument("notes", type=Path, metavar="NOTES.md")
    align.add_argument("deck", type=Path, metavar="DECK.pdf")
    align.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, metavar="DIR")
    align.set_defaults(run=_align)

    build = commands.add_parser("build", help="build the site of one or more lab directories")
    build.add_argument("labs", type=Path, nargs="+", metavar="LAB_DIR")
    build.add_argument("--out", type=Path, required=True, metavar="SITE_DIR")
    build.add_argument("--offline", action="store_true", help="build for hosting without internet")
    build.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, metavar="DIR")
    build.add_argument("--config", type=Path, default=DEFAULT_CONFIG, metavar="MKDOCS_YML")
    build.add_argument("--strict", action="store_true", help="fail on any warning")
    build.add_argument(
        "--fresh",
        action="store_true",
        help="make every page again instead of taking unchanged ones from the previous site",
    )
    build.set_defaults(run=_build)

    check = commands.add_parser(
        "check",
        help="report problems in a lab for its publisher (runs the lab's demo code)",
        description=(
            "Report problems in a lab for its publisher. check builds the lab's demo and runs "
            "its Go tests: that executes code from the lab folder, so run it only on folders "
            "you trust (build, by contrast, runs nothing from a lab)."
        ),
    )
    check.add_argument("lab", type=Path, metavar="LAB_DIR")
    check.add_argument(
        "--cache-dir",
        type=Path,
        default=DEFAULT_CACHE,
        metavar="DIR",
        help="where Go's build and module caches are kept, under DIR/go (default: %(default)s)",
    )
    check.set_defaults(run=_check)

    fetch = commands.add_parser(
        "fetch", help="download the video's metadata, captions, thumbnail and deck"
    )
    fetch.add_argument("labs", type=Path, nargs="+", metavar="LAB_DIR")
    fetch.add_argument(
        "--media", action="store_true", help="also download a compact MP4 for offline hosting"
    )
    fetch.add_argument("--timeout", type=float, default=20.0, help="seconds to wait on the network")
    fetch.add_argument("--retries", type=int, default=3)
    fetch.set_defaults(run=_fetch)

    new = commands.add_parser("new", help="start a lab folder from a recorded talk's video")
    new.add_argument("lab", type=Path, metavar="LAB_DIR")
    source = new.add_mutually_exclusive_group(required=True)
    source.add_argument("url", nargs="?", metavar="URL", help="the video's web address")
    source.add_argument(
        "--info", type=Path, metavar="FILE.info.json", help="an info JSON yt-dlp wrote (offline)"
    )
    new.add_argument("--deck", metavar="URL_OR_FILE", help="the talk's slide deck (PDF)")
    new.add_argument("--force", action="store_true", help="replace an existing notes.md")
    new.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, metavar="DIR")
    new.add_argument("--timeout", type=float, default=20.0, help="seconds to wait on the network")
    new.add_argument("--retries", type=int, default=3)
    new.set_defaults(run=_new)
    return parser


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


def _inspect(args: argparse.Namespace) -> int:
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


def _align(args: argparse.Namespace) -> int:
    from generator.align import align
    from generator.read import labconfig, notes, slidetext

    lab_notes = notes.read_notes(args.notes)
    # The same reading as the build's (OCR of text-free slides), so this is what the site shows.
    read = slidetext.read_slides(args.deck, args.cache_dir)
    for notice in read.notices:
        print(f"{args.deck}: {notice}", file=sys.stderr)
    slides = read.deck.slides
    pins: dict[int, int] = {}
    config = _lab_config(args.notes)
    if config is not None:
        pins = labconfig.resolve_pins(config, lab_notes.chapters, len(slides))
    assignment = align.align_slides(lab_notes.chapters, slides, pins)
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


def _build(args: argparse.Namespace) -> int:
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
    )
    notices = [
        (sources.lab.notes.id, notice) for sources in built.labs for notice in sources.notices
    ]
    for line in by_message(notices):
        print(line, file=sys.stderr)
    summary = f"built {args.out}: {len(built.labs)} lab(s), {built.pages} lab pages"
    if built.reused:
        summary += f" ({built.reused} unchanged, taken from the previous build)"
    if built.search is not None:
        summary += (
            f"; search index of {built.search.pages} pages, {built.search.bytes / 2**20:.1f} MiB"
        )
    print(summary, file=sys.stderr)
    return 0


def _check(args: argparse.Namespace) -> int:
    from generator.check.lab import check_lab

    findings = check_lab(args.lab, cache_dir=args.cache_dir)
    for finding in findings:
        print(finding)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    print(f"{args.lab}: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return EXIT_PROBLEMS if errors else 0


def _fetch(args: argparse.Namespace) -> int:
    from generator.read import fetch, labconfig, notes

    failed = 0
    for lab_dir in args.labs:
        lab_notes = notes.read_notes(lab_dir / "notes.md", lab_id=lab_dir.resolve().name)
        config = labconfig.read_config(lab_dir / "lab.yml")
        deck_url = config.deck_url or lab_notes.deck_url
        if not lab_notes.video_id and not deck_url:
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


def _new(args: argparse.Namespace) -> int:
    from generator.new.newlab import new_lab

    made = new_lab(
        args.lab,
        url=args.url,
        info_file=args.info,
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
    return 0
