"""Well-formed files with impossible values: a FILE:LINE message or a warning, never a crash.

Dates that are no day, numbers too long to read, infinite times, NUL bytes in paths, link
loops, digits that are not ASCII, values of the wrong type, and more chapters than pages
can carry: each is reported where it is, and the lab folder is left as it was.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from labs import write_lab
from tools import run_cli

CHAPTERS = ("0:00 Intro", "1:00 Linkers", "2:00 Loaders")
VIDEO = "abcdefghijk"
INFO = f"video/{VIDEO}.info.json"


def _build(lab: Path, tmp_path: Path) -> tuple[int, list[str]]:
    result = run_cli("build", lab, "--out", tmp_path / "site", "--cache-dir", tmp_path / "cache")
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr, result.stderr
    return result.returncode, result.stderr.splitlines()


def notes(*chapters: str, front: str = "title: T") -> str:
    """A notes page for video VIDEO with front matter `front` and "M:SS Title" chapters."""
    items = "\n".join(
        f"- [{label}](https://www.youtube.com/watch?v={VIDEO}) {name}"
        for label, name in (chapter.split(" ", 1) for chapter in chapters)
    )
    return f"---\n{front}\n---\n\n{{{{< youtube {VIDEO} >}}}}\n\n## Sections\n\n{items}\n"


def _front(fields: str) -> str:
    return notes(*CHAPTERS, front=fields)


@pytest.mark.parametrize(
    ("fields", "line", "says"),
    [
        ("title: T\ndate: 2025-13-45", 3, "date '2025-13-45' is not an ISO date"),
        ("title: T\ndate: 2025-02-30", 3, "date '2025-02-30' is not an ISO date"),
        ("title: T\ndate: 2025-02-28T25:00:00", 3, "is not an ISO date"),
        ("title: T\ndescription: {a: b}", 3, "description must be text, not a dict; ignored"),
        ("title: T\ntags: {a: 1}", 3, "tags must be a list of words"),
    ],
)
def test_impossible_front_matter_values_are_warned_about_and_left_out(
    tmp_path: Path, fields: str, line: int, says: str
) -> None:
    lab = write_lab(tmp_path, "lab", {"notes.md": _front(fields)})
    code, lines = _build(lab, tmp_path)
    assert code == 0, lines
    assert any(f"{lab / 'notes.md'}:{line}: " in item and says in item for item in lines), lines
    home = (tmp_path / "site" / "index.html").read_text()
    assert "{'a'" not in home and "2025-13-45" not in home


@pytest.mark.parametrize(
    ("fields", "line", "says"),
    [
        ("title: [a, b]", 2, "title must be text, not a list"),
        ("title: T\nweight: " + "1" * 5000, 3, "front matter: this value cannot be read as int"),
    ],
)
def test_unreadable_front_matter_stops_with_its_line(
    tmp_path: Path, fields: str, line: int, says: str
) -> None:
    lab = write_lab(tmp_path, "lab", {"notes.md": _front(fields)})
    code, lines = _build(lab, tmp_path)
    assert code == 2
    assert lines[-1] == f"{lab / 'notes.md'}:{line}: {says}"
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("info", "says"),
    [
        ('{"id": "%s", "duration": 1e309}', "'duration' is not a number of seconds up to a week"),
        ('{"id": "%s", "duration": Infinity}', "'duration' is not a number of seconds"),
        ('{"id": "%s", "duration": 1e300}', "'duration' is not a number of seconds"),
        (
            '{"id": "%s", "chapters": [{"start_time": 1e309, "title": "x"}]}',
            "each chapter needs a start_time and a title",
        ),
        (
            '{"id": "%s", "duration": 30}',
            "the video is 0:30 long, but chapter 'Loaders' starts at 2:00: its length is ignored",
        ),
    ],
)
def test_impossible_video_times_are_warned_about(tmp_path: Path, info: str, says: str) -> None:
    lab = write_lab(tmp_path, "lab", {"notes.md": notes(*CHAPTERS), INFO: info % VIDEO})
    code, lines = _build(lab, tmp_path)
    assert code == 0, lines
    assert any(says in item and str(lab / INFO) in item for item in lines), lines
    home = (tmp_path / "site" / "index.html").read_text()
    # The lab's length is then only known to pass its last chapter's start.
    assert "over 2 min" in home


def test_infinite_caption_times_are_skipped(tmp_path: Path) -> None:
    events = [
        {"tStartMs": 1e309, "dDurationMs": 1000, "segs": [{"utf8": "never"}]},
        {"tStartMs": 1000, "dDurationMs": 2000, "segs": [{"utf8": "spoken words"}]},
    ]
    files = {
        "notes.md": notes(*CHAPTERS),
        INFO: json.dumps({"id": VIDEO, "duration": 180}),
        f"video/{VIDEO}.en.json3": json.dumps({"events": events}),
    }
    lab = write_lab(tmp_path, "lab", files)
    code, lines = _build(lab, tmp_path)
    assert code == 0, lines
    assert any("event 1: tStartMs, dDurationMs or segs is invalid" in item for item in lines)
    page = (tmp_path / "site" / "01-intro" / "index.html").read_text()
    assert "spoken words" in page.replace("Spoken words", "spoken words")
    assert "never" not in page


@pytest.mark.parametrize(
    ("settings", "line", "says"),
    [
        ('demo:\n  zip: "demo\\0"\n', 2, "'demo\\x00' is not a path: it has control characters"),
        (
            'demo:\n  chapters:\n    - chapter: Intro\n      files: ["demo/\\0x"]\n',
            4,
            "'demo/\\x00x' is not a path: it has control characters",
        ),
        (
            "demo:\n  chapters:\n    - chapter: Intro\n      files: [demo/loop]\n",
            3,
            "'demo/loop' is a link that cannot be followed (a loop?)",
        ),
        ('pins:\n  Intro: "²"\n', 2, "pin for 'Intro' must be a slide number (0: none)"),
        ("pins:\n  Intro: " + "1" * 5000 + "\n", 2, "pin for 'Intro' must be a slide number"),
        (
            'demo:\n  chapters:\n    - chapter: "²"\n      files: [demo/run.sh]\n',
            3,
            "no chapter is titled '²'",
        ),
    ],
)
def test_impossible_lab_settings_stop_with_their_line(
    tmp_path: Path, settings: str, line: int, says: str
) -> None:
    files = {"notes.md": notes(*CHAPTERS), "lab.yml": settings, "demo/run.sh": "echo hi\n"}
    lab = write_lab(tmp_path, "lab", files)
    os.symlink("loop", lab / "demo" / "loop")
    code, lines = _build(lab, tmp_path)
    assert code == 2, lines
    assert lines[-1].startswith(f"{lab / 'lab.yml'}:{line}: ")
    assert says in lines[-1]


def test_a_demo_folder_that_loops_is_refused(tmp_path: Path) -> None:
    files = {"notes.md": notes(*CHAPTERS), "lab.yml": "demo:\n  zip: demo/loop\n"}
    lab = write_lab(tmp_path, "lab", files)
    (lab / "demo").mkdir()
    os.symlink("loop", lab / "demo" / "loop")
    code, lines = _build(lab, tmp_path)
    assert code == 2
    assert (
        lines[-1] == f"{lab / 'lab.yml'}: demo.zip must name a folder inside the lab: 'demo/loop'"
    )


def test_more_chapters_than_pages_can_carry_are_refused_at_the_first_too_many(
    tmp_path: Path,
) -> None:
    # 301 chapters, one every ten seconds, listed on consecutive lines.
    page = notes(*[f"{10 * n // 60}:{10 * n % 60:02d} Chapter {n}" for n in range(301)])
    lab = write_lab(tmp_path, "lab", {"notes.md": page})
    code, lines = _build(lab, tmp_path)
    assert code == 2
    line = page.split("\n").index(next(x for x in page.split("\n") if "Chapter 300" in x)) + 1
    assert lines[-1] == (
        f"{lab / 'notes.md'}:{line}: more than 300 chapters: each chapter is a page "
        "listing all of them, so merge some"
    )


def test_a_number_too_long_for_python_in_the_video_info_is_a_warning(tmp_path: Path) -> None:
    info = f'{{"id": "{VIDEO}",\n"duration": ' + "9" * 5000 + "}"
    lab = write_lab(tmp_path, "lab", {"notes.md": notes(*CHAPTERS), INFO: info})
    code, lines = _build(lab, tmp_path)
    assert code == 0, lines
    assert f"WARNING: {lab / INFO}:1: invalid JSON: a number too long to read" in lines


def test_lone_surrogates_in_captions_and_info_become_replacement_characters(
    tmp_path: Path,
) -> None:
    """JSON may escape half a UTF-16 pair ("\\ud800"), which no UTF-8 page can hold."""
    events = '{"events": [{"tStartMs": 1000, "dDurationMs": 2000, "segs": [{"utf8": "odd \\ud800 word"}]}]}'
    files = {
        "notes.md": notes(*CHAPTERS),
        INFO: f'{{"id": "{VIDEO}", "title": "half \\udc00 pair", "duration": 180}}',
        f"video/{VIDEO}.en.json3": events,
    }
    lab = write_lab(tmp_path, "lab", files)
    code, lines = _build(lab, tmp_path)
    assert code == 0, lines
    page = (tmp_path / "site" / "01-intro" / "index.html").read_text(encoding="utf-8")
    assert "odd \ufffd word" in page.replace("Odd", "odd")


def test_a_deck_of_more_pages_than_a_talk_shows_is_refused_by_name(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(1001):
        writer.add_blank_page(72, 40)
    lab = write_lab(tmp_path, "lab", {"notes.md": notes(*CHAPTERS)})
    writer.write(lab / "deck.pdf")
    code, lines = _build(lab, tmp_path)
    assert code == 0, lines
    assert f"WARNING: {lab / 'deck.pdf'}: 1,001 pages: a deck may have at most 1,000" in lines
    page = (tmp_path / "site" / "01-intro" / "index.html").read_text()
    assert "The slides of this talk are not available." in page
