"""Run the benchmark: speed and memory of the generator as ratios to references run alongside."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench import cases
from bench.inputs import ROOT, SHARED, shared_labs
from bench.report import Row, table, write_json

RESULTS = ROOT / "bench" / "results.json"


def main(argv: Sequence[str] | None = None) -> int:
    """Run every measurement, print the table and write the results file."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared inputs folder")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each slow case")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON")
    args = parser.parse_args(argv)
    if not (args.shared / "labs").is_dir():
        print(f"{args.shared}: no labs folder; pass --shared", file=sys.stderr)
        return 2
    # Lab warnings (no captions yet, no deck) are expected here and would drown the table.
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    logging.getLogger("generator").setLevel(logging.ERROR)

    start = time.perf_counter()
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
        default_rows, _ = cases.build_sites("default lab", cases.default_lab(), work, args.repeat)
        step("building the ten shared labs")
        labs = shared_labs(args.shared, work / "labs")
        ten_rows, reference = cases.build_sites("ten labs", labs, work, args.repeat)
        rows += default_rows + ten_rows
        step("measuring peak memory")
        rows += cases.build_memory("ten labs", labs, reference, work)
    seconds = time.perf_counter() - start
    print(table(rows))
    print(f"\nratio = ours / reference (below 1: faster or smaller); {seconds:.0f} s in all")
    write_json(args.out, rows, seconds)
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


def step(what: str) -> None:
    """Say what runs now, on stderr, so that a long run shows progress."""
    print(f"bench: {what}…", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
