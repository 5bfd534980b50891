"""Run named commands in turns (A B A B …) and keep every run: wall time and peak memory.

Commands that take turns share whatever else the machine is doing at the time, so the
ratio of their medians is fair even on a busy machine, where timing one command's runs
and then the other's is not. A command is either a call in this process or a whole
process; a process's memory is that of its whole tree (see `process`).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.1
"""How often a process tree's memory is read while it runs."""


@dataclass(frozen=True)
class Run:
    """One run of a command: its wall time, and for a process its tree's peak memory."""

    seconds: float
    peak_bytes: int | None = None


Runner = Callable[[], Run]
"""Run a command once and say what it took."""


@dataclass(frozen=True)
class Measured:
    """Every timed run of one command, and their medians."""

    runs: tuple[Run, ...]

    @property
    def seconds(self) -> float:
        """The median wall time."""
        return statistics.median(run.seconds for run in self.runs)

    @property
    def peak_bytes(self) -> float | None:
        """The median of the runs' peak memory; None for calls in this process."""
        peaks = [run.peak_bytes for run in self.runs if run.peak_bytes is not None]
        return statistics.median(peaks) if peaks else None

    @property
    def times(self) -> tuple[float, ...]:
        """The wall time of each run, in the order they ran."""
        return tuple(run.seconds for run in self.runs)


@dataclass(frozen=True)
class Interleaved:
    """What `interleave` measured, by command name, and the order the timed runs took."""

    results: dict[str, Measured]
    order: tuple[str, ...]

    def __getitem__(self, name: str) -> Measured:
        return self.results[name]


def interleave(
    runners: Mapping[str, Runner],
    repeat: int,
    *,
    before: Mapping[str, Callable[[], object]] | None = None,
    warmup: int = 1,
) -> Interleaved:
    """Run every command `repeat` times in turns, in the given order, after `warmup` rounds.

    `before[name]` runs, untimed, before each run of that command (a fresh empty cache for
    a cold build, say). Warm-up rounds fill the disk cache and compile bytecode; they are
    not kept.
    """
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    prepare = before or {}
    runs: dict[str, list[Run]] = {name: [] for name in runners}
    order: list[str] = []
    for round_number in range(warmup + repeat):
        for name, runner in runners.items():
            if name in prepare:
                prepare[name]()
            run = runner()
            if round_number >= warmup:
                runs[name].append(run)
                order.append(name)
    return Interleaved({name: Measured(tuple(r)) for name, r in runs.items()}, tuple(order))


def timed(call: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> Runner:
    """Return a runner that times `call` in this process (no memory figure)."""

    def run() -> Run:
        start = clock()
        call()
        return Run(clock() - start)

    return run


def process(
    argv: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> Runner:
    """Return a runner that runs `argv` as a whole process and measures its whole tree.

    Memory is the peak, over samples taken every SAMPLE_SECONDS, of the summed proportional
    set size (PSS) of the process and all its descendants: pages that processes share
    (a forked worker and its parent) are divided among them, so the sum is what the tree
    really holds. A peak shorter than one sampling interval can be missed.
    """

    def run() -> Run:
        start = time.perf_counter()
        child = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        peak = _PeakSampler(child.pid)
        peak.start()
        _, stderr = child.communicate()
        seconds = time.perf_counter() - start
        peak.stop()
        if child.returncode != 0:
            text = stderr.decode(errors="replace")[-4000:]
            raise RuntimeError(f"{' '.join(argv)} failed ({child.returncode}):\n{text}")
        return Run(seconds, peak.bytes)

    return run


class _PeakSampler(threading.Thread):
    """Read a process tree's memory until told to stop; keep the largest sum."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.bytes = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.bytes = max(self.bytes, tree_memory(self.pid))
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._done.set()
        self.join()


def tree_memory(pid: int) -> int:
    """Return the summed PSS (else RSS) in bytes of a process and its descendants, now."""
    return sum(_memory(p) for p in descendants(pid, _parents()))


def descendants(pid: int, parents: Mapping[int, int]) -> list[int]:
    """Return `pid` and every process below it, given each process's parent."""
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children.get(current, ()))
    return found


def _parents() -> dict[int, int]:
    """Return every process's parent, from /proc/PID/stat."""
    parents = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"{entry.path}/stat", encoding="utf-8", errors="replace") as file:
                stat = file.read()
        except OSError:  # it ended meanwhile
            continue
        # The command name in parentheses may hold spaces: the fields follow its last ")".
        fields = stat[stat.rfind(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    return parents


def _memory(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as file:
            for line in file:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
        with open(f"/proc/{pid}/statm", encoding="ascii") as file:
            return int(file.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):  # ended, or not readable
        return 0
