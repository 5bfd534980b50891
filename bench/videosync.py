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
LONG_MINUTES = 60
"""A whole talk's length: the filmed recording played over and over, as one file."""
MEMORY_MINUTES = 120
"""The length whose memory is measured against the short recording's: it must not grow."""
LONG_REPEAT = 2
"""Timed runs of the long recordings (each takes a minute or more)."""


def sync_cost(shared: Path, work: Path, repeat: int) -> list[Row]:
    """Return the sync's time and memory against ffmpeg's decode of the same file, for the
    filmed recording and for it looped to an hour; and the memory of a two-hour one."""
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
    rows, short = _against_decode(shared, work, ffmpeg, recording, repeat)
    hour = _looped(ffmpeg, recording, LONG_MINUTES * 60, work / f"{LONG_MINUTES}-minutes.mp4")
    rows += _against_decode(shared, work, ffmpeg, hour, LONG_REPEAT)[0]
    hour.unlink()
    long = _looped(ffmpeg, recording, MEMORY_MINUTES * 60, work / f"{MEMORY_MINUTES}-minutes.mp4")
    cache = Fresh(work / "cache")
    cache.renew()
    peak = _sync(shared, long, cache)().peak_bytes or 0
    long_seconds, short_seconds = _seconds(long), _seconds(recording)
    long.unlink()
    rows.append(
        Row("frame sync: memory", _case(long_seconds), peak / 2**20, short / 2**20, "MiB",
            f"the same sync of the {short_seconds / 60:.0f}-minute recording",
            f"{long_seconds / short_seconds:.0f}x the video's length"),
    )  # fmt: skip
    return rows


def _case(seconds: float) -> str:
    return f"{seconds / 60:.0f}-minute 720p recording, 23-page deck"


def _sync(shared: Path, recording: Path, cache: Fresh) -> Runner:
    """Return a runner of `align NOTES DECK --video FILE` with the given cache."""
    notes, deck = shared / "labs" / f"{LAB}.md", shared / "decks" / DECK
    ours = [PYTHON, "-m", "generator", "align", str(notes), str(deck), "--video", str(recording)]
    return process([*ours, "--cache-dir", str(cache.path)], env=ENV)


def _against_decode(
    shared: Path, work: Path, ffmpeg: str, recording: Path, repeat: int
) -> tuple[list[Row], float]:
    """Return the sync's rows against ffmpeg's decode of `recording`, and its peak bytes."""
    cache = Fresh(work / "cache")
    sync_cpu: list[float] = []
    decode_cpu: list[float] = []
    result = interleave(
        {
            "sync": _with_cpu(_sync(shared, recording, cache), sync_cpu),
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
    case = _case(length)
    # The warm-up round is not kept: the medians of the timed runs only.
    per_minute = [statistics.median(cpu[-repeat:]) * 60 / length for cpu in (sync_cpu, decode_cpu)]
    rows = [
        Row("frame sync: time", case, sync.seconds, decode.seconds, "s",
            "ffmpeg decoding the same file", f"{length / sync.seconds:.0f}x real time",
            sync.times, decode.times),
        Row("frame sync: memory", case, (sync.peak_bytes or 0) / 2**20,
            (decode.peak_bytes or 0) / 2**20, "MiB", "ffmpeg decoding the same file"),
        Row("frame sync: CPU", f"{case}, per minute of video", per_minute[0], per_minute[1], "s",
            "ffmpeg decoding the same file",
            f"CPU {per_minute[0] / 60:.3f}x real time, ffmpeg's {per_minute[1] / 60:.3f}x"),
    ]  # fmt: skip
    return rows, sync.peak_bytes or 0.0


def _looped(ffmpeg: str, recording: Path, seconds: float, out: Path) -> Path:
    """Write `recording` played over and over for `seconds` into `out`, without re-encoding."""
    subprocess.run(
        [ffmpeg, "-nostdin", "-v", "error", "-y", "-stream_loop", "-1", "-i", str(recording),
         "-t", f"{seconds:.0f}", "-c", "copy", str(out)],
        check=True, timeout=600,
    )  # fmt: skip
    return out


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
