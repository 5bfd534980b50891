"""Run the benchmark: speed and memory of the generator as ratios to references run alongside."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from bench import cases, lighthouse, scale, speech, videosync
from bench.inputs import ROOT, SHARED, copy_default_lab, shared_labs
from bench.report import Row, table, write_json

RESULTS = ROOT / "bench" / "results.json"
MIN_REPEAT = 5
DEFAULT_SIZES = (10, 120)
"""Catalog sizes always measured; `BENCH_LABS=1000` adds a thousand labs (about 15 minutes)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run every measurement, print the table and write the results file."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared inputs folder")
    parser.add_argument(
        "--repeat", type=int, default=5, help="timed runs of each command, in turns (at least 5)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON")
    args = parser.parse_args(argv)
    if args.repeat < MIN_REPEAT:
        parser.error(f"--repeat must be at least {MIN_REPEAT}: the table shows medians")
    if not (args.shared / "labs").is_dir():
        print(f"{args.shared}: no labs folder; pass --shared", file=sys.stderr)
        return 2
    start = time.perf_counter()
    # Other work on the machine shows in the spread of the runs; say how busy it was.
    load = [os.getloadavg()[0]]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="labsite-bench-") as scratch:
        work = Path(scratch)
        step("rendering decks")
        decks = sorted((args.shared / "decks").glob("*.pdf"))
        rows += cases.render_decks(decks, work, args.repeat)
        step("reading captions")
        vtt = args.shared / "captions" / "youtube-auto-en.vtt"
        rows.append(cases.read_vtt(vtt, max(20, args.repeat)))
        step("building the default lab")
        # As the repository holds it: files a fetch added would change what is measured.
        default = [copy_default_lab(work / "default")]
        rows += cases.build_sites("default lab", default, work, args.repeat)
        step("building the ten shared labs")
        labs = shared_labs(args.shared, work / "labs")
        rows += cases.build_sites("ten labs", labs, work, args.repeat)
        step("building one lab from an empty cache")
        rows.append(cases.cold_lab(args.shared, work, args.repeat))
        step("syncing slides from a recording")
        rows += videosync.sync_cost(args.shared, work / "videosync", args.repeat)
        step("recognizing speech")
        speech_rows, speech_facts = speech.speech(work, args.repeat)
        rows += speech_rows
        sizes = catalog_sizes(os.environ.get("BENCH_LABS", ""))
        step(f"catalogs of {', '.join(map(str, sizes))} labs")
        measured = scale.measure(
            args.shared, work / "scale", sizes, args.repeat, cases.PYTHON, cases.ENV
        )
        rows += scale.rows(measured)
        step("page loads (Lighthouse, mobile)")
        unavailable = lighthouse.available()
        loads = []
        if unavailable is None:
            site = lighthouse.shared_lab_site(args.shared, work / "lighthouse")
            loads = lighthouse.measure(site, lighthouse.lab_pages(site))
    seconds = time.perf_counter() - start
    load.append(os.getloadavg()[0])
    print(table(rows))
    print("\nHow cost grows with the catalog (50-minute talks, no decks):\n")
    print(scale.table(measured))
    print(
        f"\nPage loads, Lighthouse 12 mobile (a shared lab with its deck; scores out of 100, "
        f"the median of {lighthouse.RUNS} runs; KiB a first visit downloads):\n"
    )
    print("\n".join(load.line() for load in loads) or f"  not measured: {unavailable}")
    print(
        f"\nratio = ours / reference (below 1: faster or smaller); medians of {args.repeat} runs "
        f"taken in turns with the reference; {seconds:.0f} s in all; load average "
        f"{load[0]:.1f} at the start, {load[1]:.1f} at the end ({os.cpu_count()} cores)"
    )
    extra = {
        "scale": [size.as_dict() for size in measured],
        "speech": speech_facts,
        "lighthouse": [asdict(load) for load in loads],
    }
    write_json(args.out, rows, seconds, load, extra)
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


def catalog_sizes(knob: str) -> list[int]:
    """Return the catalog sizes to measure: 10 and 120 labs, and those `BENCH_LABS` adds."""
    extra = [int(part) for part in knob.replace(",", " ").split() if part.strip()]
    return sorted({*DEFAULT_SIZES, *extra})


def step(what: str) -> None:
    """Say what runs now, on stderr, so that a long run shows progress."""
    print(f"bench: {what}…", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
