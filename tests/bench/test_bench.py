"""The benchmark's bookkeeping on synthetic timings: turns, medians, ratios, process trees."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.report import Row, table, write_json
from bench.timing import Run, descendants, interleave, process, timed

MIB = 1024 * 1024


def _scripted(name: str, times: list[float], log: list[str]) -> Iterator[Run]:
    """Yield runs with the given times, noting each run's name in `log`."""
    for seconds in times:
        log.append(name)
        yield Run(seconds, peak_bytes=int(seconds * 100))


def test_commands_take_turns_and_warm_up_runs_are_not_kept() -> None:
    log: list[str] = []
    ours = _scripted("ours", [99.0, 5, 1, 3, 2, 4], log)
    theirs = _scripted("theirs", [99.0, 10, 30, 20, 50, 40], log)
    prepared: list[str] = []
    result = interleave(
        {"ours": lambda: next(ours), "theirs": lambda: next(theirs)},
        5,
        before={"ours": lambda: prepared.append("fresh cache")},
        warmup=1,
    )
    assert log == ["ours", "theirs"] * 6, "A B A B …, the warm-up round first"
    assert result.order == ("ours", "theirs") * 5
    assert prepared == ["fresh cache"] * 6, "before every run of that command, warm-up too"
    assert result["ours"].times == (5, 1, 3, 2, 4)
    assert result["ours"].seconds == 3
    assert result["theirs"].seconds == 30
    assert result["ours"].peak_bytes == 300
    assert result["theirs"].peak_bytes == 3000


def test_three_commands_go_round_in_the_order_given() -> None:
    log: list[str] = []
    runners = {name: (lambda name=name: (log.append(name), Run(1.0))[1]) for name in "abc"}
    assert interleave(runners, 5, warmup=0).order == tuple("abc" * 5)
    assert log == list("abc" * 5)


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    runs = iter([Run(4.0), Run(1.0), Run(3.0), Run(2.0)])
    assert interleave({"a": lambda: next(runs)}, 4, warmup=0)["a"].seconds == 2.5


def test_a_call_is_timed_on_the_clock_it_is_given() -> None:
    ticks = iter([10.0, 12.0, 20.0, 23.5])
    run = timed(lambda: None, clock=lambda: next(ticks))
    assert (run(), run()) == (Run(2.0), Run(3.5))


def test_ratio_is_ours_over_the_reference_below_one_when_ours_is_faster() -> None:
    faster = Row("build", "x", ours=1.5, reference=6.0, unit="s", reference_name="mkdocs")
    slower = Row("build", "y", ours=6.0, reference=1.5, unit="s", reference_name="mkdocs")
    assert faster.ratio == 0.25
    assert slower.ratio == 4.0
    lines = table([faster, slower]).splitlines()
    assert "0.25×" in lines[2] and "4.00×" in lines[3]
    assert "1.50 s" in lines[2] and "6.00 s" in lines[2]


def test_results_file_keeps_medians_ratios_and_every_run(tmp_path: Path) -> None:
    row = Row("render", "deck.pdf", 2.0, 4.0, "s", "pdftoppm", "", (1.0, 2.0, 3.0), (4.0, 4.0, 5.0))
    write_json(tmp_path / "results.json", [row], 12.3)
    data = json.loads((tmp_path / "results.json").read_text())
    [saved] = data["rows"]
    assert (saved["ours"], saved["reference"], saved["ratio"]) == (2.0, 4.0, 0.5)
    assert saved["runs"] == [1.0, 2.0, 3.0] and saved["reference_runs"] == [4.0, 4.0, 5.0]
    assert data["seconds"] == 12.3


def test_a_process_tree_is_found_from_the_parents() -> None:
    parents = {10: 1, 11: 10, 12: 10, 13: 12, 20: 1, 21: 20}
    assert sorted(descendants(10, parents)) == [10, 11, 12, 13]
    assert descendants(13, parents) == [13]


# Two children each hold 64 MiB for a while, and their parent waits for both.
TREE = """
import subprocess, sys
hold = "b = bytearray(64 * 2**20); b[::4096] = b'x' * len(b[::4096]); import time; time.sleep(0.5)"
children = [subprocess.Popen([sys.executable, "-c", hold]) for _ in range(2)]
sys.exit(max(child.wait() for child in children))
"""


def test_a_process_peak_memory_sums_its_whole_tree() -> None:
    run = process([sys.executable, "-c", TREE])()
    assert run.peak_bytes is not None
    assert run.peak_bytes >= 2 * 64 * MIB, "both children's memory, not the largest process's"
    assert run.seconds > 0


def test_a_failing_process_says_why() -> None:
    command = [sys.executable, "-c", "import sys; sys.exit('no such deck')"]
    with pytest.raises(RuntimeError, match="no such deck"):
        process(command)()
