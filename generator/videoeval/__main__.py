"""Score the video sync on synthetic recordings: python -m generator.videoeval [SHARED].

For each lab with ground truth in SHARED/align/dev and each recording style, a talk is
scripted from the lab's real chapters and deck (`script.py`), filmed by ffmpeg
(`compose.py`) and synced by `python -m generator align NOTES DECK --video FILE`, exactly as a
user runs it. Per recording: the share of the talk's time with the right slide (or rightly
none), the slide changes found within 1 s, and the chapters' first slides. Recordings are
kept in --work (default: the git-ignored .cache/videoeval) and made again only when missing;
a new --seed gives talks never seen before.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.formats import clock
from generator.model import TimelineEntry
from generator.read.deck import read_deck
from generator.videoeval import compose
from generator.videoeval.score import Score, first_on_screen, score
from generator.videoeval.script import ChapterPlan, Talk, plan_talk

ROOT = Path(__file__).resolve().parents[2]
SEED = 1
BODY_WORDS = 12
"""Pages with at least this many words besides their title may be built up step by step."""


@dataclass(frozen=True)
class Case:
    """One synthetic recording to make and score."""

    lab: str
    style: compose.Style
    deck: Path
    """The deck as the talk shows it (a 4:3 copy for a letterboxed style)."""
    source_deck: Path
    foreign: Path | None
    talk: Talk
    recording: Path
    seed: int


def main(argv: Sequence[str] | None = None) -> int:
    """Make the recordings that are missing, sync each one, print the scores."""
    parser = argparse.ArgumentParser(prog="python -m generator.videoeval", description=__doc__)
    parser.add_argument("shared", nargs="?", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--seed", type=int, default=SEED, help="which talks to script")
    parser.add_argument("--work", type=Path, default=ROOT / ".cache" / "videoeval", metavar="DIR")
    parser.add_argument("--styles", help="comma-separated styles (default: all)")
    parser.add_argument("--labs", help="comma-separated labs (default: all)")
    args = parser.parse_args(argv)
    truths = sorted((args.shared / "align" / "dev").glob("*.json"))
    if not truths:
        print(f"{args.shared}: no ground truth in align/dev/", file=sys.stderr)
        return 2
    styles = [s for s in compose.STYLES if not args.styles or s.name in args.styles.split(",")]
    labs = args.labs.split(",") if args.labs else None
    args.work.mkdir(parents=True, exist_ok=True)
    cases = _cases(truths, args.shared, styles, labs, args.seed, args.work)
    _film_missing(cases, args.work)
    results = []
    with tempfile.TemporaryDirectory(prefix="videoeval-") as scratch:
        for case in cases:
            started = time.perf_counter()
            result = _sync_and_score(case, Path(scratch))
            seconds = time.perf_counter() - started
            results.append((case, result))
            print(_line(case, result, seconds), flush=True)
            for miss in result.misses:
                print(f"    miss: {miss}")
    print(_totals(results))
    return 0


def _cases(
    truths: Sequence[Path],
    shared: Path,
    styles: Sequence[compose.Style],
    labs: Sequence[str] | None,
    seed: int,
    work: Path,
) -> list[Case]:
    decks = [shared / "decks" / json.loads(p.read_text(encoding="utf-8"))["deck"] for p in truths]
    cases = []
    for number, truth_file in enumerate(truths):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        if labs and truth["lab"] not in labs:
            continue
        source = decks[number]
        foreign = decks[(number + 1) % len(decks)] if len(decks) > 1 else None
        slides = read_deck(source).slides
        buildable = {s.number for s in slides if len(s.text.split()) >= BODY_WORDS}
        chapters = [
            ChapterPlan(float(c["seconds"]), str(c["title"]), int(c["acceptable"][0]))
            for c in truth["chapters"]
        ]
        for style in styles:
            case_seed = zlib.crc32(f"{truth['lab']}/{style.name}/{seed}".encode())
            talk = plan_talk(
                chapters,
                len(slides),
                case_seed,
                foreign_pages=len(read_deck(foreign).slides) if foreign else 0,
                buildable=buildable,
            )
            deck = source
            if style.letterbox:
                deck = work / f"{source.stem}-4x3.pdf"
                if not deck.is_file():
                    compose.deck_4x3(source, deck)
            recording = work / f"{truth['lab']}-{style.name}-{seed}.mp4"
            cases.append(
                Case(truth["lab"], style, deck, source, foreign, talk, recording, case_seed)
            )
    return cases


def _film_missing(cases: Sequence[Case], work: Path) -> None:
    """Film the recordings not made yet, two at a time."""
    missing = [case for case in cases if not case.recording.is_file()]
    if not missing:
        return
    print(f"filming {len(missing)} recording(s)…", file=sys.stderr, flush=True)
    with ProcessPoolExecutor(max_workers=2) as pool:
        for done in pool.map(_film, missing):
            print(f"  {done.name}", file=sys.stderr, flush=True)


def _film(case: Case) -> Path:
    with tempfile.TemporaryDirectory(prefix="film-") as scratch:
        partial = case.recording.with_suffix(".part.mp4")
        compose.film(
            case.talk, case.source_deck, case.foreign, case.style, partial, Path(scratch), case.seed
        )
        partial.replace(case.recording)
    return case.recording


def _sync_and_score(case: Case, scratch: Path) -> Score:
    """Run `align --video` on the recording, as a user would, and score what it printed."""
    notes = scratch / f"{case.lab}-{case.style.name}.md"
    notes.write_text(_notes(case), encoding="utf-8")
    command = [
        sys.executable, "-m", "generator", "align", str(notes), str(case.deck),
        "--video", str(case.recording), "--cache-dir", str(scratch / "cache"),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()}")
    printed = json.loads(done.stdout)
    found = tuple(
        TimelineEntry(float(e["start"]), float(e["end"]), e["slide"]) for e in printed["timeline"]
    )
    starts = [float(start) for start, _ in case.talk.chapters]
    firsts = []
    for start, chapter in zip(starts, printed["chapters"], strict=True):
        on_screen = first_on_screen(found, start)
        firsts.append(chapter["slides"][0] if on_screen is not None and chapter["slides"] else None)
    return score(case.talk.truth(), found, starts, firsts)


def _notes(case: Case) -> str:
    """Return a notes page with the synthetic talk's chapters."""
    lines = ["---", f"title: Synthetic {case.lab} ({case.style.name})", "---", ""]
    lines += ["{{< youtube abcdefghijk >}}", "", "## Sections", ""]
    for start, title in case.talk.chapters:
        link = f"https://www.youtube.com/watch?v=abcdefghijk&t={start}s"
        lines.append(f"- [{clock(start)}]({link}) {title}")
    return "\n".join(lines) + "\n"


def _line(case: Case, result: Score, seconds: float) -> str:
    return (
        f"{case.lab} {case.style.name:<14} time right {100 * result.time_right:5.1f}%  "
        f"changes within 1 s {result.found_changes}/{result.changes}"
        f" ({result.extra_changes} extra)  chapters' first slide "
        f"{result.right_chapters}/{result.chapters}  [{clock(result.seconds)} talk, "
        f"synced in {seconds:.1f} s]"
    )


def _totals(results: Sequence[tuple[Case, Score]]) -> str:
    lines = []
    groups: dict[str, list[Score]] = {}
    for case, result in results:
        groups.setdefault(case.style.name, []).append(result)
    groups["all"] = [result for _, result in results]
    for name, scores in groups.items():
        seconds = sum(s.seconds for s in scores)
        right = sum(s.right_seconds for s in scores)
        changes = sum(s.changes for s in scores)
        found = sum(s.found_changes for s in scores)
        chapters = sum(s.chapters for s in scores)
        first = sum(s.right_chapters for s in scores)
        lines.append(
            f"{name:<14} time right {100 * right / seconds:5.1f}%  changes within 1 s "
            f"{100 * found / changes:5.1f}%  chapters' first slide {100 * first / chapters:5.1f}%"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
