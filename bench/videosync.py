"""The frame sync's cost against decoding the same recording with ffmpeg alone.

A synthetic 720p talk is filmed at run time from a shared deck (`generator.videoeval`, the
recording `make eval` scores), then `align NOTES DECK --video FILE` with an empty cache
takes turns with `ffmpeg -i FILE -f null -`, which only decodes it. Besides wall time and
peak memory, the CPU seconds each spends per minute of video (its whole process tree, ffmpeg
included) say what the sync costs on a busy machine or one with more cores.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from bench.cases import ENV, PYTHON, Fresh
from bench.report import Row
from bench.timing import Run, Runner, interleave, process

LAB, DECK, STYLE, SEED = "ll202508", "learning-lab-dfc-202508.pdf", "full-720p", 1


def sync_cost(shared: Path, work: Path, repeat: int) -> list[Row]:
    """Return the sync's time and memory against ffmpeg's decode of the same file."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg is missing: run `make setup`")
    films = work / "films"
    subprocess.run(
        [
            PYTHON,
            "-m",
            "generator.videoeval",
            str(shared),
            "--labs",
            LAB,
            "--styles",
            STYLE,
            "--work",
            str(films),
            "--seed",
            str(SEED),
        ],
        check=True,
        capture_output=True,
        env=ENV,
    )
    recording = films / f"{LAB}-{STYLE}-{SEED}.mp4"
    notes, deck = shared / "labs" / f"{LAB}.md", shared / "decks" / DECK
    cache = Fresh(work / "cache")
    ours = [PYTHON, "-m", "generator", "align", str(notes), str(deck), "--video", str(recording)]
    sync_cpu: list[float] = []
    decode_cpu: list[float] = []
    result = interleave(
        {
            "sync": _with_cpu(process([*ours, "--cache-dir", str(cache.path)], env=ENV), sync_cpu),
            "ffmpeg": _with_cpu(
                process([ffmpeg, "-v", "error", "-i", str(recording), "-f", "null", "-"]),
                decode_cpu,
            ),
        },
        repeat,
        before={"sync": cache.renew},
    )
    sync, decode = result["sync"], result["ffmpeg"]
    length = _seconds(recording)
    case = f"{length / 60:.0f}-minute 720p recording, 23-page deck"
    # The warm-up round is not kept: the medians of the timed runs only.
    per_minute = [statistics.median(cpu[-repeat:]) * 60 / length for cpu in (sync_cpu, decode_cpu)]
    return [
        Row("frame sync: time", case, sync.seconds, decode.seconds, "s",
            "ffmpeg decoding the same file", f"{length / sync.seconds:.0f}x real time",
            sync.times, decode.times),
        Row("frame sync: memory", case, (sync.peak_bytes or 0) / 2**20,
            (decode.peak_bytes or 0) / 2**20, "MiB", "ffmpeg decoding the same file"),
        Row("frame sync: CPU", f"{case}, per minute of video", per_minute[0], per_minute[1], "s",
            "ffmpeg decoding the same file",
            f"CPU {per_minute[0] / 60:.3f}x real time, ffmpeg's {per_minute[1] / 60:.3f}x"),
    ]  # fmt: skip


def _with_cpu(runner: Runner, spent: list[float]) -> Runner:
    """Return `runner` noting in `spent` the CPU seconds (user and system) of each run.

    A process's time, and that of every descendant it waited for, is added to this process's
    children's time when it ends, so the difference across one run is that run's whole tree.
    """

    def run() -> Run:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = runner()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        return done

    return run


def _seconds(recording: Path) -> float:
    probe = shutil.which("ffprobe") or "ffprobe"
    done = subprocess.run(
        [probe, "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(recording)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(done.stdout.strip())


if __name__ == "__main__":
    from bench.inputs import SHARED
    from bench.report import table

    with __import__("tempfile").TemporaryDirectory() as scratch:
        print(table(sync_cost(SHARED, Path(scratch), int(sys.argv[1]) if sys.argv[1:] else 3)))
