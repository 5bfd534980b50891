"""A lab's downloads: which it offers, what the files hold, and a reproducible demo zip."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from models import cue, lab, paragraph

from generator.model import LabFiles, hold
from generator.write.downloads import expected_downloads, lab_downloads, zip_folder


def _demo(parent: Path) -> Path:
    """Write a demo folder with a script, a nested file, kept and unwanted hidden files."""
    demo = parent / "demo"
    (demo / "cmd" / "app").mkdir(parents=True)
    (demo / "Dockerfile").write_text("FROM scratch\n")
    (demo / "cmd" / "app" / "main.go").write_text("package main\n")
    (demo / "run.sh").write_text("#!/bin/sh\necho hi\n")
    (demo / "run.sh").chmod(0o755)
    (demo / ".dockerignore").write_text("*.tmp\n")
    (demo / ".hadolint.yaml").write_text("ignored: []\n")
    (demo / ".env").write_text("TOKEN=secret\n")
    (demo / ".git").mkdir()
    (demo / ".git" / "config").write_text("[core]\n")
    return demo


def _entries(data: bytes) -> dict[str, zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {info.filename: info for info in archive.infolist()}


def test_a_lab_with_nothing_to_offer_has_no_downloads(tmp_path: Path) -> None:
    bare = lab()
    for made in (expected_downloads(hold(bare)), lab_downloads(hold(bare), tmp_path)):
        assert (made.track, made.text, made.srt, made.demo_zip) == (None, None, None, None)
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_captions_give_the_track_and_subrip_and_paragraphs_the_text(tmp_path: Path) -> None:
    captioned = lab(cues=(cue(1, 2.5, "Hello there."),))
    made = lab_downloads(hold(captioned), tmp_path)
    assert made.text is None
    assert made.track is not None and made.srt is not None
    assert made.track.read_text() == "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello there.\n"
    assert made.srt.read_text() == "1\n00:00:01,000 --> 00:00:02,500\nHello there.\n"

    told = lab(paragraphs=(paragraph(0, 1, "Hello there."),))
    made = lab_downloads(hold(told), tmp_path)
    assert (made.track, made.srt) == (None, None)
    assert made.text is not None and "[0:01] Hello there." in made.text.read_text()


def test_expected_downloads_name_what_lab_downloads_makes(tmp_path: Path) -> None:
    demo = _demo(tmp_path)
    labs = [
        lab(cues=(cue(0, 1, "Hi."),)),
        lab(paragraphs=(paragraph(0, 0, "Hi."),)),
        lab(files=LabFiles(demo=demo)),
    ]
    for each in labs:
        expected, made = (
            expected_downloads(hold(each)),
            lab_downloads(hold(each), tmp_path / "cache"),
        )
        for kind in ("track", "text", "srt"):
            assert (getattr(expected, kind) is None) == (getattr(made, kind) is None), kind
        assert (expected.demo_zip is None) == (made.demo_zip is None)
    assert expected_downloads(hold(labs[2])).demo_zip == ("demo", Path())


def test_a_keyed_lab_s_downloads_are_made_once_for_that_key(tmp_path: Path) -> None:
    first = lab(cues=(cue(0, 1, "First words."),), key="k1")
    track = lab_downloads(hold(first), tmp_path).track
    assert track is not None
    # The key says what the lab was loaded from: the same key is the same lab, not made again.
    again = lab_downloads(hold(first), tmp_path).track
    assert again == track and again.read_text() == track.read_text()
    other = lab_downloads(hold(lab(cues=(cue(0, 1, "Other words."),), key="k2")), tmp_path).track
    assert other is not None and other != track
    assert "Other words." in other.read_text() and "First words." in track.read_text()


def test_the_demo_zip_holds_the_folder_under_its_name_without_hidden_clutter(
    tmp_path: Path,
) -> None:
    demo = _demo(tmp_path)
    made = lab_downloads(hold(lab(files=LabFiles(demo=demo))), tmp_path / "cache")
    assert made.demo_zip is not None
    name, path = made.demo_zip
    assert name == "demo"
    entries = _entries(path.read_bytes())
    assert sorted(entries) == [
        "demo/.dockerignore",
        "demo/.hadolint.yaml",
        "demo/Dockerfile",
        "demo/cmd/app/main.go",
        "demo/run.sh",
    ]
    # A script stays runnable once unzipped; other files are plain.
    assert entries["demo/run.sh"].external_attr >> 16 == 0o755
    assert entries["demo/Dockerfile"].external_attr >> 16 == 0o644


def test_the_demo_zip_leaves_out_links_to_files_and_folders(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not the lab's\n")
    demo = tmp_path / "demo"
    demo.mkdir()
    (demo / "main.go").write_text("package main\n")
    (demo / "file-link").symlink_to(outside / "secret.txt")
    (demo / "folder-link").symlink_to(outside, target_is_directory=True)
    assert sorted(_entries(zip_folder(demo))) == ["demo/main.go"]


def test_the_demo_zip_is_the_same_bytes_whatever_the_files_times(tmp_path: Path) -> None:
    demo = _demo(tmp_path)
    before = zip_folder(demo)
    for path in demo.rglob("*"):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    assert zip_folder(demo) == before
    assert {info.date_time for info in _entries(before).values()} == {(1980, 1, 1, 0, 0, 0)}


def test_an_empty_demo_folder_is_an_empty_zip(tmp_path: Path) -> None:
    (tmp_path / "demo").mkdir()
    assert _entries(zip_folder(tmp_path / "demo")) == {}


def test_non_ascii_file_names_keep_their_names_in_the_zip(tmp_path: Path) -> None:
    demo = tmp_path / "démo"
    demo.mkdir()
    (demo / "überblick.md").write_text("# Überblick\n", encoding="utf-8")
    data = zip_folder(demo)
    assert list(_entries(data)) == ["démo/überblick.md"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("démo/überblick.md").decode() == "# Überblick\n"
