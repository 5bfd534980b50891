"""Caption files as real tools write them: legacy encodings, loose timings, named speakers."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.align.paragraphs import paragraphs
from generator.errors import InputError
from generator.model import Chapter, Cue
from generator.read.captions import load_captions
from generator.read.notes import read_notes

SENTENCES = [
    "Café owners in Zürich say the crème brûlée is naïve.",
    "We’re looking at “static” images – they’re smaller.",
    "Façade, jalapeño and señor are words with accents.",
    "The build takes forty seconds on a cold cache.",
]


def srt(lines: list[tuple[str, str, str]]) -> str:
    """Return SubRip text of (start, end, text) cues, numbered, CRLF as Windows tools write."""
    blocks = [
        f"{n}\r\n{start} --> {end}\r\n{text}\r\n" for n, (start, end, text) in enumerate(lines, 1)
    ]
    return "\r\n".join(blocks)


def words(cues: tuple[Cue, ...]) -> list[str]:
    return " ".join(cue.text for cue in cues).split()


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("cp1252", "Windows-1252"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16")],
)
def test_a_legacy_encoding_is_read_with_a_warning_naming_it(
    tmp_path: Path, encoding: str, name: str
) -> None:
    cues = [
        (f"00:00:{2 * i:02d},000", f"00:00:{2 * i + 1:02d},500", s) for i, s in enumerate(SENTENCES)
    ]
    path = tmp_path / "talk.en.srt"
    path.write_bytes(srt(cues * 10).encode(encoding))
    loaded = load_captions(path)
    assert words(loaded.cues)[:10] == SENTENCES[0].split()[:10]
    assert "“static”" in " ".join(cue.text for cue in loaded.cues)
    assert [str(problem) for problem in loaded.problems] == [f"{path}: not UTF-8: read as {name}"]


def test_a_utf8_file_gets_no_encoding_warning(tmp_path: Path) -> None:
    path = tmp_path / "talk.vtt"
    path.write_bytes("\ufeffWEBVTT\n\n00:01.000 --> 00:02.000\nCafé crème\n".encode())
    loaded = load_captions(path)
    assert (loaded.cues, loaded.problems) == ((Cue(1.0, 2.0, "Café crème"),), ())


def test_notes_stay_utf8_only(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes("---\ntitle: Café\n---\n\n## Sections\n\n- [0:00](x) Start\n".encode("cp1252"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_notes(path)


@pytest.mark.parametrize(
    ("name", "text", "form"),
    [
        (
            "no-millis.srt",
            "1\n00:00:01 --> 00:00:10\nfirst words here\n\n2\n00:00:10 --> 00:00:12\nmore words\n",
            "SubRip",
        ),
        (
            "dots.srt",
            "1\n00:00:01.000 --> 00:00:10.000\nfirst words here\n\n2\n00:00:10.000 --> 00:00:12.000\nmore words\n",
            "SubRip",
        ),
        (
            "teams.vtt",
            "WEBVTT\n\n0:0:1.0 --> 0:0:10.0\nfirst words here\n\n0:0:10.0 --> 0:0:12.0\nmore words\n",
            "WebVTT",
        ),
        (
            "commas.vtt",
            "WEBVTT\n\n00:00:01,000 --> 00:00:10,000\nfirst words here\n\n00:00:10,000 --> 00:00:12,000\nmore words\n",
            "WebVTT",
        ),
        (
            "seconds.vtt",
            "WEBVTT\n\n00:00:01 --> 00:00:10\nfirst words here\n\n00:00:10 --> 00:00:12\nmore words\n",
            "WebVTT",
        ),
    ],
)
def test_timings_players_accept_keep_their_cues_with_one_warning(
    tmp_path: Path, name: str, text: str, form: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    loaded = load_captions(path)
    assert loaded.cues == (Cue(1.0, 10.0, "first words here"), Cue(10.0, 12.0, "more words"))
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "-->" in row)
    assert [str(problem) for problem in loaded.problems] == [
        f"{path}:{line}: 2 cue timings are not written as {form} defines them: "
        "read as players read them"
    ]


def test_one_odd_timing_in_a_webvtt_file_is_skipped_as_a_browser_skips_it(tmp_path: Path) -> None:
    path = tmp_path / "mostly.vtt"
    path.write_text(
        "WEBVTT\n\n00:01.000 --> 00:02.000\nkept\n\n0:0:3.0 --> 0:0:4.0\nlost\n", encoding="utf-8"
    )
    loaded = load_captions(path)
    assert [cue.text for cue in loaded.cues] == ["kept"]
    assert [p.message for p in loaded.problems] == ["bad cue timing '0:0:3.0 --> 0:0:4.0': skipped"]


def test_cues_that_end_before_they_start_or_come_out_of_order_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "order.srt"
    path.write_text(
        srt(
            [
                ("00:00:20,000", "00:00:22,000", "third in time"),
                ("00:00:05,000", "00:00:04,000", "ends before it starts"),
                ("00:00:01,000", "00:00:03,000", "first in time"),
            ]
        ),
        encoding="utf-8",
    )
    loaded = load_captions(path)
    assert [(c.start, c.end, c.text) for c in loaded.cues] == [
        (1.0, 3.0, "first in time"),
        (5.0, 5.0, "ends before it starts"),
        (20.0, 22.0, "third in time"),
    ]
    assert [p.message for p in loaded.problems] == [
        "a cue ends before it starts: kept, ending where it starts"
    ]
    paras = paragraphs(loaded.cues, [Chapter(0, 0, "Only")], duration=30.0)
    spoken = " ".join(cue.text for cue in loaded.cues).casefold().split()
    assert " ".join(p.text for p in paras).casefold().split() == spoken


def test_webvtt_voices_name_the_speaker_and_start_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "voices.vtt"
    path.write_text(
        "WEBVTT\n\n00:00.000 --> 00:04.000\n<v Ada Lovelace>The engine weaves patterns.</v>\n\n"
        "00:04.000 --> 00:08.000\n<v.loud Charles>Like a loom weaves flowers.\n\n"
        "00:08.000 --> 00:12.000\n<v Ada Lovelace>Exactly so.</v> <v Charles>Indeed, two words.\n",
        encoding="utf-8",
    )
    cues = load_captions(path).cues
    assert [(c.speaker, c.text) for c in cues] == [
        ("Ada Lovelace", "The engine weaves patterns."),
        ("Charles", "Like a loom weaves flowers."),
        ("Ada Lovelace", "Exactly so."),
        ("Charles", "Indeed, two words."),
    ]
    # One cue of two voices is shared between them by their words (2 and 3 of 5).
    assert [(c.start, c.end) for c in cues[2:]] == [(8.0, 9.6), (9.6, 12.0)]
    paras = paragraphs(cues, [Chapter(0, 0, "Only")])
    assert [(p.speaker, p.text) for p in paras] == [(c.speaker, c.text) for c in cues]


def test_name_labels_in_subrip_name_the_speaker_until_another_is_named(tmp_path: Path) -> None:
    path = tmp_path / "dialogue.srt"
    path.write_text(
        srt(
            [
                ("00:00:01,000", "00:00:03,000", "JOHN: Where were you?"),
                ("00:00:03,000", "00:00:05,000", "I waited an hour."),
                ("00:00:05,000", "00:00:07,000", "- Mary: At the station.\n- John: Which one?"),
                ("00:00:07,000", "00:00:09,000", "Note: this is not a speaker."),
                ("00:00:09,000", "00:00:11,000", "The time was 10:30 then."),
            ]
        ),
        encoding="utf-8",
    )
    cues = load_captions(path).cues
    assert [(c.speaker, c.text) for c in cues] == [
        ("JOHN", "Where were you?"),
        ("JOHN", "I waited an hour."),
        ("Mary", "At the station."),
        ("John", "Which one?"),
        ("John", "Note: this is not a speaker."),
        ("John", "The time was 10:30 then."),
    ]


def test_a_colon_after_capitalised_words_is_not_a_speaker_on_its_own(tmp_path: Path) -> None:
    path = tmp_path / "lecture.srt"
    path.write_text(
        srt(
            [
                ("00:00:01,000", "00:00:03,000", "Docker: the tool we use."),
                ("00:00:03,000", "00:00:05,000", "Docker: again, the tool."),
                ("00:00:05,000", "00:00:07,000", "Step 2: build the image."),
            ]
        ),
        encoding="utf-8",
    )
    assert {cue.speaker for cue in load_captions(path).cues} == {""}


@pytest.mark.parametrize(
    ("cue_text", "expected"),
    [
        ("one <", "one"),
        ("one <c.", "one"),
        ("one &<", "one &"),
        ("one &<c", "one &"),
        ("one <b two", "one"),
        ("<c.yellow.bg_blue>one</c> two", "one two"),
        ("one <00:00:01.500>two <00:00:02.000>three", "one two three"),
        ("one <1>two", "one two"),
        ("<ruby>漢字<rt>かんじ</rt></ruby>です", "漢字です"),
        ("<ruby>base<rt>reading</ruby> after", "base after"),
        ("a &amp; b &lt;tag&gt; &nbsp;c &copy; d", "a & b <tag> c © d"),
        ("<lang en>hello</lang> <i>world</i> <u>x</u>", "hello world x"),
    ],
)
def test_cue_text_is_read_as_the_webvtt_cue_text_parser_reads_it(
    tmp_path: Path, cue_text: str, expected: str
) -> None:
    path = tmp_path / "text.vtt"
    path.write_text(f"WEBVTT\n\n00:01.000 --> 00:02.000\n{cue_text}\n", encoding="utf-8")
    assert [cue.text for cue in load_captions(path).cues] == [expected]


@pytest.mark.parametrize(
    ("timing", "start", "end"),
    [
        ("00:00:01.000 --> 00:00:00.999", 1.0, 0.999),
        ("01:00:00.000 --> 00:59:59.999", 3600.0, 3599.999),
        ("000:00:00.000 --> 000:00:01.000", 0.0, 1.0),
        ("00:00.000 --> 00:00:01.000", 0.0, 1.0),
        ("\t00:00:00.000\t-->\t00:00:01.000\tline:0", 0.0, 1.0),
    ],
)
def test_webvtt_timings_that_browsers_read(
    tmp_path: Path, timing: str, start: float, end: float
) -> None:
    from generator.read import webvtt

    raws, _ = webvtt.parse(f"WEBVTT\n\n{timing}\nwords\n", "t.vtt")
    assert [(raw.start, raw.end) for raw in raws] == [(start, end)]


@pytest.mark.parametrize(
    "timing",
    [
        "00:0:00.000 --> 00:00:01.000",
        "00:00:00.00 --> 00:00:01.000",
        "00:00:00.0000 --> 00:00:01.000",
        "00::00:00.000 --> 00:00:01.000",
        "00:00:00.000 -- > 00:00:01.000",
        "00:00:00.000\ufffd --> 00:00:01.000",
        "\v00:00:00.000 --> 00:00:01.000",
    ],
)
def test_webvtt_timings_that_browsers_refuse_beside_good_ones(tmp_path: Path, timing: str) -> None:
    from generator.read import webvtt

    text = f"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\ngood\n\n{timing}\nbad\n"
    raws, _ = webvtt.parse(text, "t.vtt")
    assert [raw.lines for raw in raws] == [("good",)]


def test_valid_and_lenient_files_keep_their_words(tmp_path: Path) -> None:
    """Every caption file valid by its format, and each lenient form, keeps >= 90% of words."""
    said = [f"{s} {i}" for i in range(60) for s in SENTENCES[3:]]
    forms = {
        "strict.srt": ("", "{h:02d}:{m:02d}:{s:02d},{ms:03d}"),
        "dots.srt": ("", "{h:02d}:{m:02d}:{s:02d}.{ms:03d}"),
        "bare.srt": ("", "{h:02d}:{m:02d}:{s:02d}"),
        "strict.vtt": ("WEBVTT\n\n", "{h:02d}:{m:02d}:{s:02d}.{ms:03d}"),
        "short.vtt": ("WEBVTT\n\n", "{m:02d}:{s:02d}.{ms:03d}"),
        "teams.vtt": ("WEBVTT\n\n", "{h}:{m}:{s}.{ms}"),
    }
    for name, (head, form) in forms.items():
        blocks = []
        for i, text in enumerate(said):
            start, end = (form.format(h=0, m=t // 60, s=t % 60, ms=250) for t in (3 * i, 3 * i + 2))
            blocks.append(f"{i + 1}\n{start} --> {end}\n{text}\n")
        path = tmp_path / name
        path.write_text(head + "\n".join(blocks), encoding="utf-8")
        kept = words(load_captions(path).cues)
        assert len(kept) >= 0.9 * len(" ".join(said).split()), name
