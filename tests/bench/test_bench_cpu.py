"""The frame sync's benchmark counts the CPU of a whole process tree, children included."""

from __future__ import annotations

import sys

from bench.timing import process
from bench.videosync import _with_cpu

# A parent that waits for a child which keeps one core busy for about half a second.
BUSY_CHILD = (
    "import subprocess, sys; subprocess.run([sys.executable, '-c', "
    "'import time\\nend = time.process_time() + 0.5\\nwhile time.process_time() < end: pass'], "
    "check=True)"
)


def test_the_cpu_of_a_child_process_is_counted_with_its_parent() -> None:
    spent: list[float] = []
    run = _with_cpu(process([sys.executable, "-c", BUSY_CHILD]), spent)
    run()
    run()
    assert len(spent) == 2
    assert all(0.5 <= seconds < 5 for seconds in spent), spent


def test_a_process_that_sleeps_spends_little_cpu() -> None:
    spent: list[float] = []
    _with_cpu(process([sys.executable, "-c", "import time; time.sleep(0.5)"]), spent)()
    assert spent[0] < 0.4, spent
