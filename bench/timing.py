"""Time calls in this process and measure child processes' wall time and peak memory."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Timing:
    """The median of a few timed runs, and every run."""

    seconds: float
    runs: tuple[float, ...]


@dataclass(frozen=True)
class ChildRun:
    """What one child process took: wall time and its peak resident memory."""

    seconds: float
    peak_bytes: int


def median_time(
    run: Callable[[], object], repeat: int, *, setup: Callable[[], object] | None = None
) -> Timing:
    """Time `run` `repeat` times, calling `setup` untimed before each; return the median."""
    runs = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        start = time.perf_counter()
        run()
        runs.append(time.perf_counter() - start)
    return Timing(statistics.median(runs), tuple(runs))


def run_child(argv: Sequence[str]) -> ChildRun:
    """Run a command to its end through `bench.child`; return its wall time and peak RSS."""
    launcher = [sys.executable, "-m", "bench.child", *argv]
    result = subprocess.run(launcher, cwd=ROOT, capture_output=True, text=True, check=True)
    report = json.loads(result.stdout)
    if report["returncode"] != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({report['returncode']}):\n{report['stderr']}")
    return ChildRun(report["seconds"], report["peak_kib"] * 1024)
