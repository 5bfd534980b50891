"""Captions that are valid but unusual: read the way the W3C WebVTT parsing algorithm reads them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from labs import write_lab
from paths import ROOT

from generator.model import Cue
from generator.read.captions import load_captions

VIDEO = "abcdefghijk"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # What YouTube serves for a video without speech: a header and no cue.
        ("speechless.vtt", "WEBVTT\nKind: captions\nLanguage: en\n"),
        ("signature-only.vtt", "WEBVTT"),
        ("empty.srt", ""),
        ("empty.json3", '{"wireMagic": "pb3", "events": []}'),
        ("markup-only.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\n<c> </c><b></b>\n"),
        ("spaces.srt", "1\n00:00:00,000 --> 00:00:01,000\n<i> </i>\n"),
    ],
)
def test_files_without_words_give_no_cues_and_no_problem(
    tmp_path: Path, name: str, text: str
) -> None:
    loaded = load_captions(_write(tmp_path, name, text))
    assert loaded.cues == ()
    assert loaded.problems == ()


def test_a_lab_whose_captions_have_no_words_builds_and_says_so(tmp_path: Path) -> None:
    notes = (
        f"---\ntitle: Quiet\n---\n\n{{{{< youtube {VIDEO} >}}}}\n\n## Sections\n\n"
        f"- [0:00](https://youtu.be/{VIDEO}) Start\n"
    )
    captions = "WEBVTT\nKind: captions\nLanguage: en\n"
    lab = write_lab(tmp_path, "lab", {"notes.md": notes, f"video/{VIDEO}.en.vtt": captions})
    command = ["build", str(lab), "--out", str(tmp_path / "site"), "--cache-dir", str(tmp_path)]
    result = subprocess.run(
        [sys.executable, "-m", "generator", *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    page = (tmp_path / "site" / "01-start" / "index.html").read_text()
    assert "The video's captions have no words in them." in page
    assert not (tmp_path / "site" / "video" / "transcript.vtt").exists()


def test_a_timing_line_right_after_cue_text_starts_a_new_cue(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "tight.vtt",
        "WEBVTT\n\n00:00.000 --> 00:01.000\nhello there\n00:01.000 --> 00:02.000\nworld\n"
        # A timing line as the second line of a block, after another one: a cue of its own.
        "\n00:03.000 --> 00:04.000\n00:04.000 --> 00:05.000\nagain\n",
    )
    loaded = load_captions(path)
    assert loaded.cues == (
        Cue(0.0, 1.0, "hello there"),
        Cue(1.0, 2.0, "world"),
        Cue(4.0, 5.0, "again"),
    )
    assert loaded.problems == ()


def test_an_identifier_line_is_not_text_and_the_header_may_touch_the_first_cue(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path,
        "ids.vtt",
        "WEBVTT - a title\nKind: captions\n00:00.000 --> 00:01.000\nfirst\n\n"
        "intro-2\n00:01.000 --> 00:02.000 align:start position:0%\nsecond\n",
    )
    assert [c.text for c in load_captions(path).cues] == ["first", "second"]


def test_direction_marks_decode_to_their_characters(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "rtl.vtt",
        "WEBVTT\n\n00:00.000 --> 00:02.000\n&rlm;שלום, world&lrm;! &amp; more\n",
    )
    assert load_captions(path).cues == (Cue(0.0, 2.0, "\u200fשלום, world\u200e! & more"),)


@pytest.mark.parametrize(
    ("timing", "valid"),
    [
        ("00:01.000 --> 00:02.000", True),
        ("1:00:01.000 --> 1:00:02.000", True),
        ("123:00:01.000 --> 123:00:02.000", True),
        ("00:01.000-->00:02.000 line:0", True),
        ("0:01.000 --> 0:02.000", False),  # one digit: hours, so seconds must follow
        ("100:01.000 --> 100:02.000", False),
        ("00:61.000 --> 00:62.000", False),
        ("00:01.00 --> 00:02.000", False),
        ("00:01,000 --> 00:02,000", False),  # a comma is SRT, not WebVTT
    ],
)
def test_timestamps_follow_the_webvtt_rules(tmp_path: Path, timing: str, valid: bool) -> None:
    path = _write(tmp_path, "t.vtt", f"WEBVTT\n\n{timing}\nwords\n\n59:00.000 --> 59:01.000\nend\n")
    loaded = load_captions(path)
    assert sorted(c.text for c in loaded.cues) == (["end", "words"] if valid else ["end"])
    expected = [] if valid else [f"{path}:3: bad cue timing {timing!r}: skipped"]
    assert [str(p) for p in loaded.problems] == expected


def test_a_bad_json3_event_is_skipped_not_fatal(tmp_path: Path) -> None:
    events = [
        {"tStartMs": 0, "dDurationMs": 1000, "segs": [{"utf8": "kept"}]},
        {"tStartMs": "soon", "dDurationMs": 1000, "segs": [{"utf8": "lost"}]},
    ]
    path = _write(tmp_path, "x.json3", json.dumps({"events": events}))
    loaded = load_captions(path)
    assert loaded.cues == (Cue(0.0, 1.0, "kept"),)
    assert [p.message for p in loaded.problems] == [
        "event 2: tStartMs, dDurationMs or segs is invalid: skipped"
    ]
