"""A talk's length and its last chapter's end: the video's, else where it is last heard."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from labs import write_lab

from generator.formats import clock, duration
from generator.load import load_lab
from generator.write.pages import lab_length, time_range

TALK = "workshop3-evals"


def _last_cue_end(vtt: Path) -> float:
    """Read the end of the last cue from the file itself, as a person would."""
    h, m, s = re.findall(r"--> (\d+):(\d+):(\d+\.\d+)", vtt.read_text(encoding="utf-8"))[-1]
    return int(h) * 3600 + int(m) * 60 + float(s)


def test_a_talk_without_a_length_runs_until_its_transcript_ends(
    shared: Path, tmp_path: Path
) -> None:
    source = shared / "talks" / TALK
    lab = write_lab(tmp_path, TALK, {"notes.md": (source / "notes.md").read_bytes()})
    shutil.copytree(source / "video", lab / "video")
    [vtt] = (lab / "video").glob("*.vtt")
    end = _last_cue_end(vtt)
    loaded = load_lab(lab, tmp_path / "cache")
    assert loaded.duration is None  # no info JSON: the video's length is not known
    assert lab_length(loaded) == f"about {duration(round(end / 60) * 60)}"
    last = loaded.notes.chapters[-1]
    assert time_range(loaded, last) == (
        f"{clock(last.seconds)} – {clock(end)}, {duration(end - last.seconds)}"
    )


def test_without_a_transcript_the_length_is_only_a_floor(shared: Path, tmp_path: Path) -> None:
    lab = write_lab(
        tmp_path, TALK, {"notes.md": (shared / "talks" / TALK / "notes.md").read_bytes()}
    )
    loaded = load_lab(lab, tmp_path / "cache")
    last = loaded.notes.chapters[-1]
    assert lab_length(loaded) == f"over {duration(last.seconds)}"
    assert time_range(loaded, last) == f"from {clock(last.seconds)}"
