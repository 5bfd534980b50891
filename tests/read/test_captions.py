"""Caption reading (WebVTT, json3, SRT), de-duplication, paragraphs and the WebVTT writer."""

from __future__ import annotations

import itertools
import json
import re
import statistics
from pathlib import Path

import pytest

from generator.align.paragraphs import MAX_WORDS, paragraphs
from generator.errors import InputError
from generator.model import Chapter, Cue
from generator.read.captions import load_captions, read_captions, write_vtt

SAMPLE = "captions/youtube-auto-en.vtt"
CHAPTERS = (
    Chapter(0, 0, "Intro"),
    Chapter(1, 95, "Samples"),
    Chapter(2, 200, "Parent body"),
    Chapter(3, 333, "Chemistry"),
    Chapter(4, 480, "Life"),
)


@pytest.fixture(scope="module")
def sample_cues(shared: Path) -> tuple[Cue, ...]:
    return read_captions(shared / SAMPLE)


def spoken_words(path: Path) -> list[str]:
    """Return the words of the word-timed lines, which YouTube writes once per spoken line."""
    lines = [line for line in path.read_text().splitlines() if "<c>" in line]
    return [w for line in lines for w in re.sub(r"<[^>]*>", "", line).split()]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


def test_automatic_captions_reduce_to_each_line_once(
    shared: Path, sample_cues: tuple[Cue, ...]
) -> None:
    words = " ".join(c.text for c in sample_cues).split()
    for i in range(len(words) - 16):
        assert words[i : i + 8] != words[i + 8 : i + 16], " ".join(words[i : i + 16])
    expected = spoken_words(shared / SAMPLE)
    assert abs(len(words) - len(expected)) <= 0.05 * len(expected)
    assert " ".join(words[:7]) == "hello wonderful person this is Anton and"
    assert sample_cues[-1].text == "[Music]"
    assert not any(re.search(r"[<>]|&\w+;", c.text) for c in sample_cues)


def test_cues_are_ordered_and_do_not_overlap(sample_cues: tuple[Cue, ...]) -> None:
    assert all(c.end >= c.start for c in sample_cues)
    assert all(a.end <= b.start for a, b in itertools.pairwise(sample_cues))
    assert not any(c.end - c.start < 0.05 for c in sample_cues)


def test_paragraphs_read_naturally_and_stay_in_their_chapter(
    sample_cues: tuple[Cue, ...],
) -> None:
    paras = paragraphs(sample_cues, CHAPTERS, duration=620.0)
    spoken = [p for p in paras if p.text != "[Music]"]
    sizes = [len(p.text.split()) for p in spoken]
    assert max(sizes) <= MAX_WORDS + 15
    assert 40 <= statistics.median(sizes) <= MAX_WORDS
    assert [p.chapter for p in paras] == sorted(p.chapter for p in paras)
    assert {p.chapter for p in paras} == {0, 1, 2, 3, 4}
    for para in paras:
        start = CHAPTERS[para.chapter].seconds
        end = CHAPTERS[para.chapter + 1].seconds if para.chapter + 1 < len(CHAPTERS) else 620
        assert start - 0.5 <= para.start and para.end <= end, para
    # Grouping loses no word and adds none (it capitalises a paragraph's first letter); the
    # cue after the video's end is dropped.
    cue_words = " ".join(c.text for c in sample_cues if c.start < 620).casefold().split()
    assert " ".join(p.text for p in paras).casefold().split() == cue_words
    assert paras[-1].text == "[Music]"


def test_paragraphs_break_at_sentences_and_pauses() -> None:
    sentence = "This sentence has exactly ten words in it, you see."
    cues = [Cue(i * 3.0, i * 3.0 + 2.9, sentence) for i in range(6)]
    cues += [Cue(30.0, 31.0, "After a long pause."), Cue(31.0, 32.0, "[Applause]")]
    cues += [Cue(32.0, 33.0, "Thanks for watching everyone, see you next time.")]
    paras = paragraphs(cues, [Chapter(0, 0, "Only")])
    # Four sentences reach the 40 words; the pause closes the next paragraph early.
    assert [len(p.text.split()) for p in paras] == [40, 20, 4, 1, 8]
    assert (paras[1].end, paras[2].start) == (17.9, 30.0)
    assert paras[3].text == "[Applause]"
    assert paragraphs(cues, []) == paragraphs(cues, [Chapter(0, 0, "Only")])


def test_a_paragraph_never_spans_two_chapters() -> None:
    cues = [Cue(float(i), i + 1.0, "one two three four five") for i in range(20)]
    paras = paragraphs(cues, [Chapter(0, 0, "A"), Chapter(1, 10, "B")], duration=15.0)
    assert [(p.chapter, p.start, p.end) for p in paras] == [(0, 0.0, 10.0), (1, 10.0, 15.0)]


def test_webvtt_markup_entities_and_markdown_become_plain_text(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "manual.vtt",
        "\ufeffWEBVTT Kind: captions\nLanguage: en\n\n"
        "NOTE written by hand\nover two lines\n\n"
        "STYLE\n::cue { color: red }\n\n"
        "intro\n00:01.000 --> 00:03.500 align:start\n<v Anna>Hello <b>world</b> &amp; "
        "<i>friends</i> &lt;script&gt;alert(1)&lt;/script&gt;</v>\n\n"
        "1:00:00.000 --> 1:00:02.000\n**Bold** and [a link](https://example.com) `code`\n"
        "second line\n\n"
        "01:00:02.000 --> 01:00:03.000\n[Applause]\n",
    )
    assert read_captions(path) == (
        # The escaped brackets are what the captions say, so they stay (as text). Anna, the
        # voice of the first cue, speaks until another speaker is named.
        Cue(1.0, 3.5, "Hello world & friends <script>alert(1)</script>", speaker="Anna"),
        Cue(3600.0, 3602.0, "Bold and a link code second line", speaker="Anna"),
        Cue(3602.0, 3603.0, "[Applause]", speaker="Anna"),
    )


def test_manual_captions_keep_words_repeated_across_cues(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "repeat.vtt",
        "WEBVTT\n00:00.000 --> 00:01.000\nwe go to the\n\n"
        "00:01.000 --> 00:02.000\nthe store\n\n00:02.000 --> 00:03.000\nthe store\n",
    )
    assert [c.text for c in read_captions(path)] == ["we go to the", "the store"]
    assert read_captions(path)[-1] == Cue(1.0, 3.0, "the store")


def test_srt_is_read_with_its_markup_stripped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "talk.srt",
        "1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Static</i> images\r\n<font color=red>rock</font>"
        "\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nNext &gt; step\r\n",
    )
    assert read_captions(path) == (
        Cue(1.0, 2.5, "Static images rock"),
        Cue(3.0, 4.0, "Next > step"),
    )


def test_angle_brackets_that_are_not_tags_stay_text(tmp_path: Path) -> None:
    srt = write(tmp_path, "t.srt", "1\n00:00:01,000 --> 00:00:02,000\nif a < b and c > d --> go\n")
    assert read_captions(srt)[0].text == "if a < b and c > d --> go"
    events = [
        {"tStartMs": 0, "dDurationMs": 1000, "segs": [{"utf8": "vector<int> v; if x<y and y>z"}]}
    ]
    json3 = write(tmp_path, "t.json3", json.dumps({"events": events}))
    assert read_captions(json3)[0].text == "vector<int> v; if x<y and y>z"


def test_json3_events_become_cues(tmp_path: Path) -> None:
    events = [
        {"tStartMs": 0, "dDurationMs": 600000, "id": 1, "wpWinPosId": 1},
        {
            "tStartMs": 40,
            "dDurationMs": 3000,
            "wWinId": 1,
            "segs": [{"utf8": "hello"}, {"utf8": " <b>wonderful</b>", "tOffsetMs": 240}],
        },
        {"tStartMs": 1950, "dDurationMs": 2000, "aAppend": 1, "segs": [{"utf8": "\n"}]},
        {"tStartMs": 1960, "dDurationMs": 9000, "segs": [{"utf8": "[Music]"}]},
    ]
    path = write(tmp_path, "a.en.json3", json.dumps({"wireMagic": "pb3", "events": events}))
    assert read_captions(path) == (Cue(0.04, 1.28, "hello wonderful"), Cue(1.96, 10.96, "[Music]"))


def test_the_format_is_sniffed_when_the_extension_says_nothing(tmp_path: Path) -> None:
    vtt = write(tmp_path, "captions.txt", "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n")
    srt = write(tmp_path, "captions.sub", "1\n00:00:00,000 --> 00:00:01,000\nhi\n")
    assert read_captions(vtt) == read_captions(srt) == (Cue(0.0, 1.0, "hi"),)


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("a.vtt", "00:00.000 --> 00:01.000\nhi\n", 1, "WEBVTT"),
        ("f.json3", '{"events": [\n  {"tStartMs": 0,}\n]}', 2, "invalid JSON"),
        ("g.json3", '{"wireMagic": "pb3"}', 1, "events"),
    ],
)
def test_files_that_are_not_captions_raise_an_input_error_with_the_line(
    tmp_path: Path, name: str, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(InputError, match=message) as caught:
        read_captions(path)
    assert (caught.value.problem.file, caught.value.problem.line) == (str(path), line)
    assert str(caught.value).startswith(f"{path}:{line}: ")


@pytest.mark.parametrize(
    ("name", "text", "kept", "line", "message"),
    [
        (
            "b.vtt",
            "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n\n00:01.000 --> later\nho\n",
            ["hi"],
            6,
            "bad cue timing '00:01.000 --> later': skipped",
        ),
        (
            "c.vtt",
            "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n\njust text\nmore\n",
            ["hi"],
            6,
            "text without a cue timing line: skipped",
        ),
        (
            # A browser keeps a cue that ends before it starts; so does the transcript.
            "d.vtt",
            "WEBVTT\n\n00:05.000 --> 00:01.000\nhi\n\n00:06.000 --> 00:07.000\nho\n",
            ["hi", "ho"],
            3,
            "a cue ends before it starts: kept, ending where it starts",
        ),
        (
            "e.srt",
            "1\n00:00:00,000 --> 00:00:01,000\nhi\n\n2\n00:00:01 --> soon\nho\n",
            ["hi"],
            6,
            "bad cue timing '00:00:01 --> soon': skipped",
        ),
    ],
)
def test_malformed_cues_are_skipped_with_a_problem_at_their_line(
    tmp_path: Path, name: str, text: str, kept: list[str], line: int, message: str
) -> None:
    path = write(tmp_path, name, text)
    loaded = load_captions(path)
    assert [cue.text for cue in loaded.cues] == kept
    assert [str(problem) for problem in loaded.problems] == [f"{path}:{line}: {message}"]


def test_bytes_that_are_text_in_no_encoding_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.srt"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(InputError, match="not text in any encoding"):
        read_captions(path)


def test_written_webvtt_is_escaped_and_reads_back(
    tmp_path: Path, sample_cues: tuple[Cue, ...]
) -> None:
    cues = (Cue(0.0, 1.25, "a < b & c > d"), Cue(3661.5, 3662.0, "[Music]"))
    text = write_vtt(cues)
    assert text.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:01.250\na &lt; b &amp; c &gt; d\n")
    assert "01:01:01.500 --> 01:01:02.000\n[Music]\n" in text
    assert read_captions(write(tmp_path, "out.vtt", text)) == cues
    again = read_captions(write(tmp_path, "sample.vtt", write_vtt(sample_cues)))
    assert again == sample_cues
