"""Run one command and print, as JSON, its wall time and peak memory from getrusage.

The benchmark starts commands through this small process rather than directly: a child
started from a big process (vfork) inherits that process's memory high-water mark in
ru_maxrss, which would hide the command's own peak.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    """Run `argv`; print {"seconds", "peak_kib", "returncode", "stderr"} on stdout."""
    start = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    # This process has no other child: the children's peak is the command's (Linux: KiB),
    # the largest single process of its tree, worker processes included.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report = {
        "seconds": seconds,
        "peak_kib": peak,
        "returncode": result.returncode,
        "stderr": result.stderr.decode(errors="replace")[-4000:],
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
