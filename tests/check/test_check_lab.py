"""`generator check` on a whole lab: what it says about the deck, captions and video files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from labs import VIDEO_ID, notes, write_lab
from paths import ROOT
from pdfs import write_pdf

CHAPTERS = ("0:00 Opening words", "1:30 Compiler history", "5:00 Closing remarks")
CAPTIONS = "WEBVTT\n\n00:00:02.000 --> 00:00:05.000\nWelcome.\n"
VIDEO_CHAPTERS = [
    {"start_time": 0, "title": "Opening words"},
    {"start_time": 90, "title": "Compiler history"},
    {"start_time": 300, "title": "Closing remarks"},
]
INFO = {"id": VIDEO_ID, "title": "Talk", "duration": 400, "chapters": VIDEO_CHAPTERS}


def _check(lab: Path) -> tuple[int, list[str], str]:
    """Run the check; return its exit code, its findings with the lab's path as LAB, its summary."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", str(lab)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert "Traceback" not in result.stderr
    findings = result.stdout.replace(str(lab), "LAB").splitlines()
    return result.returncode, findings, result.stderr.replace(str(lab), "LAB")


def _complete(tmp_path: Path, changes: dict[str, str | bytes] | None = None) -> Path:
    """A lab with everything: deck, captions, info JSON; `changes` replace or add files."""
    deck = write_pdf(
        tmp_path / "deck.pdf",
        [[(chapter.split(" ", 1)[1], 40), ("words", 20)] for chapter in CHAPTERS],
    )
    files: dict[str, str | bytes] = {
        "notes.md": notes(*CHAPTERS),
        "deck.pdf": deck.read_bytes(),
        f"video/{VIDEO_ID}.en.vtt": CAPTIONS,
        f"video/{VIDEO_ID}.info.json": json.dumps(INFO, indent=1),
    }
    files.update(changes or {})
    return write_lab(tmp_path, "lab", files)


def test_a_complete_lab_has_nothing_to_report(tmp_path: Path) -> None:
    code, findings, summary = _check(_complete(tmp_path))
    assert (code, findings) == (0, [])
    assert summary == "LAB: 0 error(s), 0 warning(s)\n"


def test_missing_deck_and_captions_are_warnings(tmp_path: Path) -> None:
    lab = write_lab(tmp_path, "lab", {"notes.md": notes(*CHAPTERS)})
    code, findings, summary = _check(lab)
    assert code == 0, "the site still builds"
    assert findings == [
        "LAB: warning: no captions fetched: run `python -m generator fetch` on the lab folder "
        "(with network access) for the transcript",
        "LAB: warning: no slide deck: put it at deck.pdf in the lab folder, or run "
        "`python -m generator fetch` on the folder to download it from the notes' link",
    ]
    assert summary == "LAB: 0 error(s), 2 warning(s)\n"


def test_an_unreadable_deck_is_a_warning_naming_it(tmp_path: Path) -> None:
    lab = _complete(tmp_path, {"deck.pdf": b"%PDF-1.7\n1 0 obj <<>> garbage\n"})
    code, findings, _ = _check(lab)
    assert code == 0
    [finding] = findings
    assert finding.startswith("LAB/deck.pdf: warning: ")


def test_a_pin_beyond_the_deck_is_an_error_at_its_line(tmp_path: Path) -> None:
    lab = _complete(tmp_path, {"lab.yml": '# pins\npins:\n  "Closing remarks": 7\n'})
    code, findings, summary = _check(lab)
    assert code == 1
    assert findings == ["LAB/lab.yml:3: error: slide 7 does not exist (the deck has 3)"]
    assert summary == "LAB: 1 error(s), 0 warning(s)\n"


def test_broken_captions_are_a_warning_at_their_line(tmp_path: Path) -> None:
    broken = "WEBVTT\n\n00:00:02.000 --> 00:00:05.000\nfine\n\n00:00:09.000 --> soon\nbad\n"
    lab = _complete(tmp_path, {f"video/{VIDEO_ID}.en.vtt": broken})
    code, findings, _ = _check(lab)
    assert code == 0
    # The bad cue is skipped, the file is still read: a warning at the cue's timing line.
    assert findings == [
        f"LAB/video/{VIDEO_ID}.en.vtt:6: warning: bad cue timing '00:00:09.000 --> soon': skipped"
    ]


def test_a_broken_info_json_is_a_warning_at_its_line(tmp_path: Path) -> None:
    lab = _complete(tmp_path, {f"video/{VIDEO_ID}.info.json": '{\n "id": 5,,\n}'})
    code, findings, _ = _check(lab)
    assert code == 0
    assert findings[0].startswith(f"LAB/video/{VIDEO_ID}.info.json:2: warning: invalid JSON")


def test_video_chapters_that_differ_from_the_notes_are_warnings(tmp_path: Path) -> None:
    info = {**INFO, "chapters": [*VIDEO_CHAPTERS[:2], {"start_time": 320, "title": "Q&A"}]}
    lab = _complete(tmp_path, {f"video/{VIDEO_ID}.info.json": json.dumps(info)})
    code, findings, _ = _check(lab)
    assert code == 0
    assert findings == [
        f"LAB/video/{VIDEO_ID}.info.json: warning: chapter 3 'Closing remarks' starts at 5:00 "
        "in the notes, at 5:20 in the video",
        f"LAB/video/{VIDEO_ID}.info.json: warning: chapter 3 is 'Closing remarks' in the notes, "
        "'Q&A' in the video",
    ]
