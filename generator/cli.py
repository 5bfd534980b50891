"""The command line: inspect, align, build, check and fetch labs; start new ones; transcribe."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator import commands
from generator.cache import default_cache_dir
from generator.errors import (
    GeneratorError,
    InputError,
    Terminated,
    one_line,
    sigterm_as_interrupt,
)

if TYPE_CHECKING:
    from generator.shards import Shard

DEFAULT_CACHE = default_cache_dir()

# Exit codes: 1 for problems a command found, 2 for input it could not use.
EXIT_PROBLEMS = commands.EXIT_PROBLEMS
EXIT_INPUT = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
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


def _shard(text: str) -> Shard:
    """Read K/N for argparse."""
    from generator.shards import parse_shard

    try:
        return parse_shard(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _positive(text: str) -> int:
    """Read a whole number of at least 1, for argparse."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Turn recorded Learning Labs into sites where video, slides, transcript and code are synchronized.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="say more about what happens")
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    inspect = subcommands.add_parser("inspect", help="print what a notes page says, as JSON")
    inspect.add_argument("notes", type=Path, metavar="NOTES.md")
    inspect.set_defaults(run=commands.inspect)

    align = subcommands.add_parser(
        "align", help="print which slides belong to which chapter, as JSON"
    )
    align.add_argument("notes", type=Path, metavar="NOTES.md")
    align.add_argument("deck", type=Path, metavar="DECK.pdf")
    align.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, metavar="DIR")
    align.add_argument(
        "--video",
        type=Path,
        metavar="FILE",
        help="read the recording's frames: each chapter's slides as seen, and a timeline",
    )
    align.set_defaults(run=commands.align)

    sync = subcommands.add_parser(
        "sync",
        help="find which slide is on screen when from the recording; store it in the lab",
        description=(
            "Match the recording's frames against the lab's deck.pdf and store the slide "
            "timeline as video/timeline.json, which every later build uses without the video. "
            "The video is --video FILE, else the lab's stored media, else a small picture-only "
            "rendition downloaded into the cache (never published)."
        ),
    )
    sync.add_argument("lab", type=Path, metavar="LAB_DIR")
    sync.add_argument("--video", type=Path, metavar="FILE", help="the recording (any ffmpeg reads)")
    sync.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, metavar="DIR")
    sync.add_argument("--timeout", type=float, default=20.0, help="seconds to wait on the network")
    sync.add_argument("--retries", type=int, default=3)
    sync.set_defaults(run=commands.sync)

    build = subcommands.add_parser("build", help="build the site of one or more lab directories")
    build.add_argument("labs", type=Path, nargs="+", metavar="LAB_DIR")
    build.add_argument("--out", type=Path, required=True, metavar="SITE_DIR")
    build.add_argument("--offline", action="store_true", help="build for hosting without internet")
    build.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, metavar="DIR")
    build.add_argument(
        "--config",
        type=Path,
        metavar="MKDOCS_YML",
        help="the site's settings, to build the labs into a site of your own "
        "(default: a site of the labs alone)",
    )
    build.add_argument("--strict", action="store_true", help="fail on any warning")
    build.add_argument(
        "--fresh",
        action="store_true",
        help="make every page again instead of taking unchanged ones from the previous site",
    )
    build.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="labs loaded at once, in as many processes (default: the machine's cores)",
    )
    build.add_argument(
        "--shard",
        type=_shard,
        metavar="K/N",
        help="build only the labs of shard K of N (by their folders' names) into a part that "
        "`merge` joins with the others: one machine per shard",
    )
    build.set_defaults(run=commands.build)

    merge = subcommands.add_parser(
        "merge",
        help="join the parts that `build --shard` made into one site",
        description=(
            "Join the parts of a build split with `build --shard K/N` into the site that one "
            "build of all the labs makes: the catalog, tag pages, feed, sitemaps and search "
            "are made over every lab, the labs' pages are taken from their parts. Every "
            "shard's part is needed, built with the same settings."
        ),
    )
    merge.add_argument("parts", type=Path, nargs="+", metavar="PART_DIR")
    merge.add_argument("--out", type=Path, required=True, metavar="SITE_DIR")
    merge.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, metavar="DIR")
    merge.add_argument(
        "--config", type=Path, metavar="MKDOCS_YML", help="the settings the parts were built with"
    )
    merge.add_argument("--strict", action="store_true", help="fail on any warning")
    merge.set_defaults(run=commands.merge)

    check = subcommands.add_parser(
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
    check.set_defaults(run=commands.check)

    fetch = subcommands.add_parser(
        "fetch", help="download the video's metadata, captions, thumbnail and deck"
    )
    fetch.add_argument("labs", type=Path, nargs="+", metavar="LAB_DIR")
    fetch.add_argument(
        "--media", action="store_true", help="also download a compact MP4 for offline hosting"
    )
    fetch.add_argument("--timeout", type=float, default=20.0, help="seconds to wait on the network")
    fetch.add_argument("--retries", type=int, default=3)
    fetch.set_defaults(run=commands.fetch)

    new = subcommands.add_parser("new", help="start a lab folder from a recorded talk's video")
    new.add_argument("lab", type=Path, metavar="LAB_DIR")
    source = new.add_mutually_exclusive_group(required=True)
    source.add_argument("url", nargs="?", metavar="URL", help="the video's web address")
    source.add_argument(
        "--info", type=Path, metavar="FILE.info.json", help="an info JSON yt-dlp wrote (offline)"
    )
    source.add_argument(
        "--video",
        type=Path,
        metavar="FILE",
        help="the talk's recording (.mp4 or .webm), stored in the lab with its captions",
    )
    new.add_argument("--deck", metavar="URL_OR_FILE", help="the talk's slide deck (PDF)")
    new.add_argument(
        "--transcript",
        type=Path,
        metavar="FILE",
        help="the talk's transcript as text with times ([1:23] Name: words), kept as captions",
    )
    new.add_argument("--force", action="store_true", help="replace an existing notes.md")
    new.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, metavar="DIR")
    new.add_argument("--timeout", type=float, default=20.0, help="seconds to wait on the network")
    new.add_argument("--retries", type=int, default=3)
    new.set_defaults(run=commands.new)

    transcribe = subcommands.add_parser(
        "transcribe",
        help="make an automatic transcript from the stored video's speech (the speech extra)",
        description=(
            "Recognize the speech of the lab's stored video (video/ID.mp4 or .webm) and write "
            "video/ID.LANG.auto.vtt, captions marked as machine-made. Nothing is done where the "
            "video's own captions or a text transcript exist, unless --force."
        ),
    )
    transcribe.add_argument("lab", type=Path, metavar="LAB_DIR")
    transcribe.add_argument(
        "--model",
        default="tiny.en",
        metavar="NAME_OR_DIR",
        help="tiny.en (installed with the speech extra) or a CTranslate2 Whisper model folder",
    )
    transcribe.add_argument(
        "--lang", metavar="CODE", help="the language spoken, e.g. en (default: the model's)"
    )
    transcribe.add_argument(
        "--force", action="store_true", help="transcribe even where a transcript exists"
    )
    transcribe.add_argument("--threads", type=int, metavar="N", help="CPU threads (default: all)")
    transcribe.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, metavar="DIR")
    transcribe.set_defaults(run=commands.transcribe)
    return parser
