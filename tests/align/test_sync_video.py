"""`align --video` and `sync`: the slide timeline read from a real recording's frames."""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from labs import write_lab
from pdfs import write_pdf
from recordings import FULL, STAGE, ffmpeg, film, small_deck
from tools import require_tool, run_cli

from generator.read.timelinefile import read_timeline

VIDEO_ID = "abcdefghijk"
SHOTS = [
    ("slide", 1, 6.0),
    ("slide", 2, 6.0),
    ("slide", 3, 6.0),
    ("slide", 1, 6.0),  # back to the first slide
    ("slide", 3, 4.0),
    ("speaker", None, 6.0),  # no slide on screen
    ("slide", 5, 8.0),  # slide 4 skipped
]
EXPECTED = [
    (0, 6, 1),
    (6, 12, 2),
    (12, 18, 3),
    (18, 24, 1),
    (24, 28, 3),
    (28, 34, None),
    (34, 42, 5),
]
"""What SHOTS put on screen: (start, end, slide), written out by hand."""
NOTES = f"""---
title: Widgets
---

{{{{< youtube {VIDEO_ID} >}}}}

## Sections

- [0:00](https://www.youtube.com/watch?v={VIDEO_ID}&t=0s) Opening
- [0:12](https://www.youtube.com/watch?v={VIDEO_ID}&t=12s) Details
- [0:34](https://www.youtube.com/watch?v={VIDEO_ID}&t=34s) Questions
"""


@pytest.fixture(scope="module")
def talk(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A deck, its notes and two recordings of the same talk: full frame, and on a stage."""
    require_tool("ffmpeg", "ffmpeg")
    folder = tmp_path_factory.mktemp("talk")
    deck = small_deck(folder / "deck.pdf")
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    made = {"deck": deck, "notes": folder / "notes.md"}
    for style in (FULL, STAGE):
        out = folder / f"{style.name}.mp4"
        truth = film(deck, SHOTS, out, folder / f"scratch-{style.name}", style)
        assert [(e.start, e.end, e.slide) for e in truth] == EXPECTED
        made[style.name] = out
    return made


def align_video(notes: Path, deck: Path, video: Path, cache: Path) -> dict[str, Any]:
    done = run_cli("align", notes, deck, "--video", video, "--cache-dir", cache, timeout=300)
    assert done.returncode == 0, done.stderr
    printed: dict[str, Any] = json.loads(done.stdout)
    return printed


def assert_timeline(timeline: Sequence[dict[str, Any]], duration: float) -> None:
    """The timeline is EXPECTED, each change within half a second."""
    assert [entry["slide"] for entry in timeline] == [slide for _, _, slide in EXPECTED]
    assert timeline[0]["start"] == 0 and timeline[-1]["end"] == pytest.approx(duration, abs=0.05)
    for entry, (start, end, _) in zip(timeline, EXPECTED, strict=True):
        assert entry["start"] == pytest.approx(start, abs=0.5)
        assert entry["end"] == pytest.approx(end, abs=0.5)
    for before, after in itertools.pairwise(timeline):
        assert before["end"] == after["start"]


@pytest.mark.parametrize("style", [FULL.name, STAGE.name])
def test_align_with_the_video_prints_the_timeline_and_the_slides_seen(
    talk: dict[str, Path], tmp_path: Path, style: str
) -> None:
    printed = align_video(talk["notes"], talk["deck"], talk[style], tmp_path / "cache")
    assert_timeline(printed["timeline"], 42.0)
    assert printed["slides"] == 5
    assert [(c["seconds"], c["slides"]) for c in printed["chapters"]] == [
        (0, [1, 2]),
        (12, [3, 1]),  # on screen at the start first, then the one gone back to
        (34, [5]),
    ]


def test_the_timeline_is_cached_by_the_deck_and_the_video(
    talk: dict[str, Path], tmp_path: Path
) -> None:
    first = align_video(talk["notes"], talk["deck"], talk["full"], tmp_path / "cache")
    [cached] = (tmp_path / "cache" / "timelines").iterdir()
    assert read_timeline(cached).timeline.duration == pytest.approx(42.0, abs=0.05)
    again = align_video(talk["notes"], talk["deck"], talk["full"], tmp_path / "cache")
    assert again == first
    other = write_pdf(tmp_path / "other.pdf", [[("Something else", 40)]])
    printed = align_video(talk["notes"], other, talk["full"], tmp_path / "cache")
    assert printed["slides"] == 1
    assert len(list((tmp_path / "cache" / "timelines").iterdir())) == 2


def test_sync_stores_the_timeline_that_align_and_build_read_without_the_video(
    talk: dict[str, Path], tmp_path: Path
) -> None:
    lab = write_lab(tmp_path, "lab", {"notes.md": NOTES, "deck.pdf": talk["deck"].read_bytes()})
    done = run_cli("sync", lab, "--video", talk["full"], "--cache-dir", tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    assert "timeline.json" in done.stderr and "5 pages" in done.stderr
    stored = read_timeline(lab / "video" / "timeline.json")
    assert stored.video_id == VIDEO_ID and stored.pages == 5
    printed = run_cli("align", lab / "notes.md", lab / "deck.pdf", "--cache-dir", tmp_path / "c")
    assert printed.returncode == 0, printed.stderr
    assert_timeline(json.loads(printed.stdout)["timeline"], 42.0)

    # Another deck: the stored timeline is not for it, and says so.
    write_pdf(lab / "deck.pdf", [[("A new deck", 40)], [("with two pages", 40)]])
    printed = run_cli("align", lab / "notes.md", lab / "deck.pdf", "--cache-dir", tmp_path / "c")
    assert printed.returncode == 0, printed.stderr
    assert "timeline" not in json.loads(printed.stdout)
    assert "made for another deck" in printed.stderr and "timeline.json" in printed.stderr


def test_sync_without_a_deck_or_a_video_says_what_is_missing(tmp_path: Path) -> None:
    without_video = NOTES.replace(f"{{{{< youtube {VIDEO_ID} >}}}}", "")
    without_video = without_video.replace(
        "https://www.youtube.com/watch?v=", "https://example.com/?"
    )
    lab = write_lab(tmp_path, "lab", {"notes.md": without_video})
    done = run_cli("sync", lab, "--cache-dir", tmp_path / "cache")
    assert done.returncode == 2
    assert done.stderr.strip().endswith("no slide deck: sync matches the video against deck.pdf")
    small_deck(lab / "deck.pdf")
    done = run_cli("sync", lab, "--cache-dir", tmp_path / "cache")
    assert done.returncode == 2 and "give one with --video" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"just some text\n", "not a video ffmpeg can read"),
        ("empty.mp4", b"", "not a video ffmpeg can read"),
        ("deck-as-video.mp4", None, "not a video ffmpeg can read"),
    ],
)
def test_a_file_that_is_no_video_is_one_line_and_exit_2(
    talk: dict[str, Path], tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    video = tmp_path / name
    video.write_bytes(content if content is not None else talk["deck"].read_bytes())
    done = run_cli("align", talk["notes"], talk["deck"], "--video", video, "--cache-dir", tmp_path)
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"{video}: ") and message in line
    assert done.stdout == ""


def test_sound_without_a_picture_is_one_line_and_exit_2(
    talk: dict[str, Path], tmp_path: Path
) -> None:
    sound = tmp_path / "talk.m4a"
    ffmpeg("-f", "lavfi", "-i", "sine=f=300:d=3", "-c:a", "aac", str(sound))
    done = run_cli("align", talk["notes"], talk["deck"], "--video", sound, "--cache-dir", tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == f"{sound}: has no video stream (sound only, or not a video)"


def test_a_one_page_deck_against_a_ten_hour_video_gives_a_sensible_timeline(
    talk: dict[str, Path], tmp_path: Path
) -> None:
    """Ten hours: page 1 for the first five, then nothing; a tiny frame every ten seconds."""
    deck = small_deck(tmp_path / "one.pdf", pages=1)
    page = tmp_path / "page.png"
    ffmpeg("-i", str(talk["full"]), "-ss", "2", "-frames:v", "1", "-vf", "scale=64:36", str(page))
    video = tmp_path / "ten-hours.mp4"
    ffmpeg(
        "-loop", "1", "-framerate", "0.1", "-t", "18000", "-i", str(page),
        "-f", "lavfi", "-i", "color=c=gray:s=64x36:r=0.1:d=18000",
        "-filter_complex", "[0:v][1:v]concat=n=2:v=1,format=yuv420p[v]", "-map", "[v]",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "600", str(video),
    )  # fmt: skip
    printed = align_video(talk["notes"], deck, video, tmp_path / "cache")
    timeline = printed["timeline"]
    assert timeline[-1]["end"] == pytest.approx(36000, abs=20)
    assert [entry["slide"] for entry in timeline] == [1, None]
    assert timeline[0]["end"] == pytest.approx(18000, abs=20)
