"""The transcript files: caption times, WebVTT for the player, SubRip and text to take away."""

from __future__ import annotations

import pytest
from models import chapters, cue, lab, notes, paragraph

from generator.write.transcripts import WIDTH, srt, text, timestamp, vtt

HOSTILE = '"><script>alert(1)</script> & more'


@pytest.mark.parametrize(
    ("seconds", "written"),
    [
        (0, "00:00:00.000"),
        (1.5, "00:00:01.500"),
        (3661.5, "01:01:01.500"),
        # Rounded to the millisecond, the carry goes into the minutes and hours.
        (59.9996, "00:01:00.000"),
        (3599.9999, "01:00:00.000"),
        # A week-long recording (the model's longest) still has its hours.
        (7 * 24 * 3600, "168:00:00.000"),
        # Before the start is the start.
        (-2.0, "00:00:00.000"),
    ],
)
def test_timestamp_gives_hours_minutes_seconds_and_milliseconds(
    seconds: float, written: str
) -> None:
    assert timestamp(seconds) == written


def test_subrip_times_separate_milliseconds_with_a_comma() -> None:
    assert timestamp(3661.5, ",") == "01:01:01,500"


def test_an_empty_transcript_is_a_webvtt_file_with_no_cue() -> None:
    assert vtt([]) == "WEBVTT\n"
    assert srt([]) == ""


def test_webvtt_has_one_block_per_cue_with_speakers_as_voices() -> None:
    cues = [cue(1, 2.5, "Hello there."), cue(3661.5, 3663, "Past the hour.", speaker="Ada")]
    assert vtt(cues) == (
        "WEBVTT\n"
        "\n"
        "00:00:01.000 --> 00:00:02.500\n"
        "Hello there.\n"
        "\n"
        "01:01:01.500 --> 01:01:03.000\n"
        "<v Ada>Past the hour.\n"
    )


def test_webvtt_keeps_hostile_text_and_speakers_text() -> None:
    made = vtt([cue(0, 1, HOSTILE, speaker="Eve<b>")])
    # `<` opens a tag in cue text, `&` a character reference, and `-->` ends a cue's text.
    assert made.splitlines()[3] == (
        '<v Eve&lt;b&gt;>"&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; more'
    )
    assert vtt([cue(0, 1, "a --> b")]).splitlines()[3] == "a --&gt; b"


def test_a_cue_that_ends_before_it_starts_ends_where_it_starts() -> None:
    assert "00:00:05.000 --> 00:00:05.000" in vtt([cue(5, 4, "backwards")])
    assert "00:00:05,000 --> 00:00:05,000" in srt([cue(5, 4, "backwards")])


def test_subrip_numbers_the_cues_it_writes_and_skips_empty_ones() -> None:
    cues = [cue(1, 2.5, "Hello there."), cue(2, 3, ""), cue(3661.5, 3663, "Bye.", speaker="Ada")]
    assert srt(cues) == (
        "1\n"
        "00:00:01,000 --> 00:00:02,500\n"
        "Hello there.\n"
        "\n"
        "2\n"
        "01:01:01,500 --> 01:01:03,000\n"
        "Ada: Bye.\n"
    )
    assert "-->" not in vtt([cue(2, 3, "")])


def test_the_text_transcript_has_the_title_then_each_chapter_and_its_paragraphs() -> None:
    made = lab(
        notes=notes((0, "Opening words"), (3600, "After an hour"), title="Über-Compiler"),
        paragraphs=(paragraph(0, 1.0, "Welcome.", speaker="Ada"),),
    )
    assert text(made) == (
        "Über-Compiler\n"
        "=============\n"
        "Ada Lovelace · September 4, 2025\n"
        "\n"
        "0:00  Opening words\n"
        "-------------------\n"
        "\n"
        "[0:01] Ada: Welcome.\n"
        "\n"
        "1:00:00  After an hour\n"
        "----------------------\n"
        "\n"
        "(no transcript for this chapter)\n"
    )


def test_a_lab_without_presenter_or_date_has_no_line_of_facts() -> None:
    made = lab(notes=notes((0, "Only"), presenter="", date=None))
    assert text(made).splitlines()[:4] == ["A test lab", "==========", "", "0:00  Only"]


def test_an_empty_transcript_says_so_in_every_chapter() -> None:
    made = text(lab((0, "One"), (30, "Two"), (90, "Three")))
    assert made.count("(no transcript for this chapter)") == 3


def test_long_paragraphs_wrap_without_losing_or_breaking_words() -> None:
    words = " ".join(f"word{n}" for n in range(60)) + " https://example.org/" + "x" * 90
    made = lab(paragraphs=(paragraph(1, 75.2, words),))
    lines = text(made).split("\n\n")[-1].splitlines()
    assert lines[0].startswith("[1:15] word0 word1")
    assert all(len(line) <= WIDTH for line in lines[:-1])
    # A word longer than a line stays whole, on a line of its own.
    assert lines[-1] == "https://example.org/" + "x" * 90
    assert " ".join(lines) == f"[1:15] {words}"


def test_paragraphs_go_to_their_own_chapter_in_time_order() -> None:
    made = lab(
        notes=notes(chapters=chapters((0, "First"), (60, "Second"))),
        paragraphs=(
            paragraph(0, 2, "One."),
            paragraph(0, 30, "Two."),
            paragraph(1, 61, "Three."),
        ),
    )
    written = text(made)
    first, second = written.split("0:00  First")[1].split("1:00  Second")
    assert "[0:02] One." in first and "[0:30] Two." in first and "Three." not in first
    assert "[1:01] Three." in second
