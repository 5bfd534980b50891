"""A bounded log: warnings of one kind are summarised after the first few."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from labs import write_lab
from tools import run_cli

VIDEO = "abcdefghijk"
NOTES = (
    f"---\ntitle: Long\n---\n\n{{{{< youtube {VIDEO} >}}}}\n\n## Sections\n\n"
    f"- [0:00](https://youtu.be/{VIDEO}) Start\n"
)


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, timeout=600)


def test_three_hundred_thousand_video_chapters_give_a_few_lines(tmp_path: Path) -> None:
    # Just over 2 s apart (the tolerance for a chapter to match the notes), in under a week.
    chapters = [{"start_time": 2.01 * n, "title": f"Chapter {n}"} for n in range(300_000)]
    info = {"id": VIDEO, "title": "Long", "duration": 7 * 24 * 3600, "chapters": chapters}
    lab = write_lab(
        tmp_path, "lab", {"notes.md": NOTES, f"video/{VIDEO}.info.json": json.dumps(info)}
    )
    result = _cli("build", lab, "--out", tmp_path / "site", "--cache-dir", tmp_path / "cache")
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stderr.splitlines()
    # Chapter 0 starts with the notes' only chapter; the other 299,999 are not in the notes.
    missing = [line for line in lines if "is not in the notes" in line]
    assert len(missing) == 6, missing
    assert "video chapter 0:02 'Chapter 1' is not in the notes" in missing[0]
    assert "… and 299,994 more like “video chapter 0:12 'Chapter 6'" in missing[-1]
    assert len(lines) < 20


def test_check_summarises_many_bad_caption_blocks(tmp_path: Path) -> None:
    blocks = "".join(f"{n:02d}:00.000 --> later\nword\n\n" for n in range(50))
    vtt = f"WEBVTT\n\n{blocks}00:00.000 --> 00:01.000\nkept\n"
    lab = write_lab(tmp_path, "lab", {"notes.md": NOTES, f"video/{VIDEO}.en.vtt": vtt})
    captions = lab / "video" / f"{VIDEO}.en.vtt"
    result = _cli("check", lab, "--cache-dir", tmp_path / "cache")
    bad = [line for line in result.stdout.splitlines() if "bad cue timing" in line]
    assert bad[:2] == [
        f"{captions}:3: warning: bad cue timing '00:00.000 --> later': skipped",
        f"{captions}:6: warning: bad cue timing '01:00.000 --> later': skipped",
    ]
    assert len(bad) == 6
    assert bad[-1] == (
        f"{captions}: warning: … and 45 more like “bad cue timing '05:00.000 --> later': skipped”"
    )


def test_kinds_are_told_apart_by_what_does_not_vary() -> None:
    from generator.errors import Diagnostic
    from generator.summary import more_like, summarise

    found = [Diagnostic("x.vtt", n, f"bad cue timing '{n}': skipped") for n in range(1, 9)]
    found += [Diagnostic("x.vtt", 9, "text without a cue timing line: skipped")]
    assert [str(d) for d in summarise(found, str, more_like, keep=2)] == [
        "x.vtt:1: bad cue timing '1': skipped",
        "x.vtt:2: bad cue timing '2': skipped",
        "x.vtt: … and 6 more like “bad cue timing '3': skipped”",
        "x.vtt:9: text without a cue timing line: skipped",
    ]
