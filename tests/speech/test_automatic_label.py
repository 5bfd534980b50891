"""A transcript made by speech recognition says so on the page; captions given with the
video do not."""

from __future__ import annotations

from pathlib import Path

from labs import VIDEO_ID, notes, write_lab

from generator.build import build_site

CUES = (
    "WEBVTT\n\n"
    "00:00:01.000 --> 00:00:04.000\nwelcome to the opening words\n\n"
    "00:05:01.000 --> 00:05:04.000\nnow the demo starts\n"
)
LABEL = "Automatic transcript"


def _build(tmp_path: Path, captions_name: str) -> str:
    lab = write_lab(
        tmp_path / "labs",
        "talk",
        {"notes.md": notes("0:00 Opening", "5:00 Demo"), f"video/{captions_name}": CUES},
    )
    out = tmp_path / "site"
    build_site([lab], out, cache_dir=tmp_path / "cache")
    return (out / "02-demo" / "index.html").read_text(encoding="utf-8")


def test_a_machine_made_transcript_is_labelled(tmp_path: Path) -> None:
    page = _build(tmp_path, f"{VIDEO_ID}.en.auto.vtt")
    assert LABEL in page
    assert "the demo starts" in page
    # The label stays out of search, which indexes the talk's words.
    label_line = next(line for line in page.splitlines() if LABEL in line)
    assert "data-pagefind-ignore" in label_line


def test_captions_given_with_the_video_are_not(tmp_path: Path) -> None:
    page = _build(tmp_path, f"{VIDEO_ID}.en.vtt")
    assert "the demo starts" in page
    assert LABEL not in page
