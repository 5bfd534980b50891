"""Transcripts written as text with times: read as cues that name their speakers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import cli
from generator.errors import InputError
from generator.model import Cue
from generator.read.transcripttext import load_transcript, parse
from generator.read.video import find_files, read_video_dir

VIDEO_ID = "tRaNsCrIpT1"


def cues(text: str) -> list[tuple[float, float, str, str]]:
    return [(c.start, c.end, c.speaker, c.text) for c in parse(text, "t.txt").cues]


def test_bracketed_times_with_speakers() -> None:
    text = "[0:05] Ada: Two stages.\n[0:15] Grace: Then a static base.\n[1:02:03] Ada: Done.\n"
    assert cues(text) == [
        (5, 15, "Ada", "Two stages."),
        (15, 3723, "Grace", "Then a static base."),
        # The last entry lasts as long as its words take to say, two seconds at least.
        (3723, 3725, "Ada", "Done."),
    ]


def test_plain_times_headings_and_lines_that_follow() -> None:
    text = "00:00:10 First words\nand more of them.\n\n(0:30)\nA paragraph under a heading.\n"
    assert cues(text) == [
        (10, 30, "", "First words and more of them."),
        (30, 32.0, "", "A paragraph under a heading."),
    ]


def test_speaker_before_the_time_and_on_a_line_of_its_own() -> None:
    text = (
        "Grace Hopper (00:01:00): Who speaks comes first.\n"
        "Speaker 2  0:01:20\n"
        "Words on the next line.\n"
        "[1:40] The same speaker goes on.\n"
    )
    assert [(c[0], c[2], c[3]) for c in cues(text)] == [
        (60, "Grace Hopper", "Who speaks comes first."),
        (80, "Speaker 2", "Words on the next line."),
        (100, "Speaker 2", "The same speaker goes on."),
    ]


def test_an_entry_with_two_speakers_is_shared_by_their_words() -> None:
    text = "(2:00)\nAda: One two three.\nGrace: Four five six seven eight nine.\n[2:30] End.\n"
    assert cues(text)[:2] == [
        (120, 130, "Ada", "One two three."),
        (130, 150, "Grace", "Four five six seven eight nine."),
    ]


def test_a_colon_in_a_sentence_is_no_speaker() -> None:
    text = "[0:01] So the rule is: build twice.\n[0:09] Q: Is the image small?\n"
    assert [c[2] for c in cues(text)] == ["", "Q"]
    assert cues(text)[0][3] == "So the rule is: build twice."


def test_text_is_plain_text() -> None:
    [cue] = parse("[0:01] Ada: a <b>bold</b> & [linked](https://x.invalid) claim\n", "t").cues
    assert cue.text == "a <b>bold</b> & linked claim"


def test_bad_lines_are_named_and_skipped() -> None:
    read = parse("Transcript\n[0:01] Hello.\n[1:75] Not a time.\n12:3 Nor this.\n", "t.txt")
    assert [c.text for c in read.cues] == ["Hello."]
    assert [str(p) for p in read.problems] == [
        "t.txt:1: text before the first time: not shown",
        "t.txt:3: '1:75' is not a time (M:SS or H:MM:SS, up to a week): line skipped",
        "t.txt:4: '12:3' is not a time (M:SS or H:MM:SS, up to a week): line skipped",
    ]


def test_times_out_of_order_are_one_clear_error() -> None:
    with pytest.raises(InputError) as caught:
        parse("[0:10] One.\n[0:20] Two.\n\n[0:15] Back in time.\n", "t.txt")
    assert str(caught.value) == (
        "t.txt:4: 0:15 is earlier than 0:20 on line 2: a transcript's times must not go back"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Just words.\nNo times.\n",
            "t.txt: no times in it ([1:23], 00:01:23, (12:30)): not a transcript",
        ),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", "t.txt:1: a caption file (WebVTT or SRT)"),
        ("1\n00:00:01,000 --> 00:00:02,000\nHi\n", "t.txt:2: a caption file (WebVTT or SRT)"),
    ],
)
def test_files_that_are_no_text_transcript(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(text, "t.txt")
    assert str(caught.value).startswith(message)


def test_a_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(b"[0:01] caf\xe9\n")
    with pytest.raises(InputError, match=r"t\.txt:1: not UTF-8"):
        load_transcript(path)


def test_the_video_folder_holds_the_transcript_beside_its_captions(tmp_path: Path) -> None:
    folder = tmp_path / "lab" / "video"
    folder.mkdir(parents=True)
    text = folder / f"{VIDEO_ID}.transcript.txt"
    text.write_text("[0:01] Ada: Hello.\n", encoding="utf-8")
    info = read_video_dir(folder, VIDEO_ID)
    assert info is not None
    assert (info.captions, info.transcript, info.captions_machine) == (None, text, False)
    vtt = folder / f"{VIDEO_ID}.en.vtt"
    vtt.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nHello.\n", encoding="utf-8")
    assert (find_files(folder, VIDEO_ID).captions, find_files(folder, VIDEO_ID).transcript) == (
        vtt,
        text,
    )
    assert load_transcript(text).cues == (Cue(1, 3, "Hello.", speaker="Ada"),)


# new --transcript FILE


def _info(folder: Path) -> Path:
    info = {
        "id": VIDEO_ID,
        "title": "A talk with its transcript",
        "extractor": "youtube",
        "extractor_key": "Youtube",
        "duration": 600,
        "chapters": [
            {"start_time": 0.0, "end_time": 300.0, "title": "Start"},
            {"start_time": 300.0, "end_time": 600.0, "title": "End"},
        ],
    }
    path = folder / "talk.info.json"
    path.write_text(json.dumps(info), encoding="utf-8")
    return path


def test_new_stores_the_transcript_in_the_video_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = tmp_path / "talk.txt"
    transcript.write_text("[0:01] Ada: Hello.\n[5:10] Grace: Goodbye.\n", encoding="utf-8")
    lab = tmp_path / "lab"
    source = ["--info", str(_info(tmp_path)), "--transcript", str(transcript)]
    code = cli.main(["new", str(lab), *source, "--cache-dir", str(tmp_path / "cache")])
    err = capsys.readouterr().err
    assert code == 0, err
    stored = lab / "video" / f"{VIDEO_ID}.transcript.txt"
    assert stored.read_text(encoding="utf-8") == transcript.read_text(encoding="utf-8")
    assert find_files(lab / "video", VIDEO_ID).transcript == stored
    assert err.splitlines()[-1] == f"stored {stored}"


def test_new_with_a_transcript_whose_times_go_back_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = tmp_path / "talk.txt"
    transcript.write_text("[5:10] Grace: Goodbye.\n[0:01] Ada: Hello.\n", encoding="utf-8")
    lab = tmp_path / "lab"
    source = ["--info", str(_info(tmp_path)), "--transcript", str(transcript)]
    code = cli.main(["new", str(lab), *source, "--cache-dir", str(tmp_path / "cache")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines() == [
        f"{transcript}:2: 0:01 is earlier than 5:10 on line 1: a transcript's times must not go back"
    ]
    assert not lab.exists()
