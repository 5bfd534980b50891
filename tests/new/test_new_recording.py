"""`new LAB_DIR --video FILE`: a lab from a recording of one's own, its title, speaker, date
and chapters from the file's own tags (as ffprobe reads them), its captions from beside it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pdfs import write_runs
from recordings import ffmpeg, film

from generator import cli
from generator.build import build_site

METADATA = """;FFMETADATA1
title=Reproducible Builds in Practice
artist=Ada Example
date=2024-05-06
comment=How to build the same bytes twice.
[CHAPTER]
TIMEBASE=1/1000
START=0
END=4000
title=Opening words
[CHAPTER]
TIMEBASE=1/1000
START=4000
END=8000
title=The demo
"""
CAPTIONS = """WEBVTT

00:00:01.000 --> 00:00:03.000
Hello and welcome.

00:00:05.000 --> 00:00:07.000
The demo builds twice.
"""


def _recording(folder: Path, name: str, metadata: str | None) -> Path:
    """Film eight seconds of colour and silence, tagged with `metadata` when given."""
    out = folder / name
    tags: list[str] = []
    if metadata is not None:
        (folder / "meta.txt").write_text(metadata, encoding="utf-8")
        tags = ["-i", str(folder / "meta.txt"), "-map_metadata", "2", "-map_chapters", "2"]
    ffmpeg(
        "-f", "lavfi", "-i", "color=c=blue:s=64x36:d=8",
        "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "8",
        *tags, "-map", "0", "-map", "1", "-c:v", "libvpx", "-b:v", "50k", "-c:a", "libopus",
        "-shortest", str(out),
    )  # fmt: skip
    return out


def test_a_recording_becomes_a_lab_that_plays_it_with_its_captions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    film = _recording(tmp_path, "My Talk.webm", METADATA)
    (tmp_path / "My Talk.en.vtt").write_text(CAPTIONS, encoding="utf-8")
    lab = tmp_path / "lab"
    assert cli.main(["new", str(lab), "--video", str(film)]) == 0
    said = capsys.readouterr().err
    assert "2 chapters" in said
    assert sorted(p.name for p in (lab / "video").iterdir()) == ["my-talk.en.vtt", "my-talk.webm"]
    assert (lab / "video" / "my-talk.webm").read_bytes() == film.read_bytes()
    notes = (lab / "notes.md").read_text(encoding="utf-8")
    assert "title: Reproducible Builds in Practice" in notes
    assert "presenter: Ada Example" in notes and "date: 2024-05-06" in notes
    assert '{{< video src="video/my-talk.webm" >}}' in notes
    assert "](#t=0) Opening words" in notes and "](#t=4) The demo" in notes
    out = tmp_path / "site"
    build_site([lab], out, cache_dir=tmp_path / "cache")
    demo = (out / "02-the-demo" / "index.html").read_text(encoding="utf-8")
    assert 'src="../video/video.webm#t=4"' in demo
    assert "The demo builds twice." in demo and "Hello and welcome." not in demo


# A title slide, two sections each opened by a section slide, and their content pages.
SECTIONED = [
    [("Widgets at scale", 60, 60, 200)],
    [("Building widgets", 54, 60, 220), ("part one", 24, 60, 120)],
    [(f"step {n}: cut and fold the sheet", 22, 60, 330 - 40 * n) for n in range(1, 7)],
    [("Shipping widgets", 54, 300, 80), ("part two", 24, 300, 40)],
    [("Crates", 40, 420, 320)]
    + [(f"crate {n}: label it, then seal it", 20, 60, 260 - 40 * n) for n in range(1, 5)],
]


def test_a_recording_without_chapters_gets_them_where_its_section_slides_appear(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = write_runs(tmp_path / "slides.pdf", SECTIONED)
    shots = [
        ("speaker", None, 4.0),
        ("slide", 1, 5.0),
        ("slide", 2, 5.0),  # "Building widgets" from 0:09
        ("slide", 3, 8.0),
        ("slide", 4, 5.0),  # "Shipping widgets" from 0:22
        ("slide", 5, 6.0),
    ]
    recording = tmp_path / "talk.mp4"
    film(deck, shots, recording, tmp_path / "scratch")
    lab = tmp_path / "lab"
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert cli.main(["new", str(lab), "--video", str(recording), "--deck", str(deck), *cache]) == 0
    said = capsys.readouterr().err
    assert "3 chapters where the recording shows the deck's section slides" in said, said
    notes = (lab / "notes.md").read_text(encoding="utf-8")
    starts = re.findall(r"^- \[[0-9:]+\]\(#t=(\d+)\) (.+)$", notes, re.M)
    assert [title for _, title in starts] == [
        "Widgets at scale",
        "Building widgets",
        "Shipping widgets",
    ]
    # Each within the second the frames place a slide change in.
    assert all(abs(int(t) - want) <= 1 for (t, _), want in zip(starts, (0, 9, 22), strict=True))
    assert "recording shows the slide deck's section slides" in notes
    # The timeline found is stored with the lab, so that its build follows it.
    assert (lab / "video" / "timeline.json").is_file()
    out = tmp_path / "site"
    build_site([lab], out, cache_dir=tmp_path / "cache")
    shipping = (out / "03-shipping-widgets" / "index.html").read_text(encoding="utf-8")
    assert 'data-slide="4"' in shipping and 'data-slide="5"' in shipping


def test_a_recording_without_tags_is_named_after_its_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    film = _recording(tmp_path, "kubecon_keynote-2024.webm", None)
    lab = tmp_path / "lab"
    assert cli.main(["new", str(lab), "--video", str(film)]) == 0
    notes = (lab / "notes.md").read_text(encoding="utf-8")
    assert "title: kubecon keynote 2024" in notes
    assert '{{< video src="video/kubecon-keynote-2024.webm" >}}' in notes
    assert "- [0:00](#t=0) " in notes


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("slides.pdf", b"%PDF-1.4", "not a video file a browser plays (.mp4, .webm)"),
        ("broken.mp4", b"not a video at all", "not a video ffmpeg can read"),
    ],
)
def test_what_is_no_recording_is_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, message: str
) -> None:
    given = tmp_path / name
    given.write_bytes(content)
    lab = tmp_path / "lab"
    assert cli.main(["new", str(lab), "--video", str(given)]) != 0
    err = capsys.readouterr().err
    assert err.startswith(f"{given}: ") and message in err, err
    assert "Traceback" not in err
    assert not lab.exists()
