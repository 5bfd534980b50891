"""Paragraphs of the transcript: cut where the speaker pauses and the slide changes."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from generator.align.paragraphs import paragraphs
from generator.model import Chapter, Cue
from generator.read.captions import read_captions

SAMPLE = "captions/youtube-auto-en.vtt"
CHAPTERS = (
    Chapter(0, 0, "Intro"),
    Chapter(1, 95, "Samples"),
    Chapter(2, 200, "Parent body"),
    Chapter(3, 333, "Chemistry"),
    Chapter(4, 480, "Life"),
)
NEAR = 10
"""Words on each side of a break among which its pause must be one of the longest."""
LONGEST = 3
"""How many of the longest pauses near a break count as "one of the longer pauses"."""
SLIDE_CHANGES = (146.0, 262.5, 382.0, 574.0)
SLIDE_WINDOW = 4.0
"""How far (seconds) a break may be from its slide change (the README's promise)."""


def timed_words(path: Path) -> list[tuple[float, str]]:
    """Read (start, word) from the `<c>` lines of YouTube's automatic captions, as written."""
    words = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip("\n").split("\n")
        timing = re.match(r"(\d+):(\d\d):(\d\d)\.(\d{3}) -->", lines[0])
        if timing is None:
            continue
        h, m, s, ms = (int(g) for g in timing.groups())
        for line in lines[1:]:
            if "<c>" not in line:
                continue
            at = h * 3600 + m * 60 + s + ms / 1000
            # "word<00:00:01.240><c> next</c>": each tag gives the start of the word after it.
            for piece in re.split(r"(<\d+:\d\d:\d\d\.\d{3}>)", line):
                tag = re.fullmatch(r"<(\d+):(\d\d):(\d\d)\.(\d{3})>", piece)
                if tag:
                    th, tm, ts, tms = (int(g) for g in tag.groups())
                    at = th * 3600 + tm * 60 + ts + tms / 1000
                    continue
                words += [(at, w) for w in re.sub(r"<[^>]*>", "", piece).split()]
    return words


@pytest.fixture(scope="module")
def sample(shared: Path) -> tuple[tuple[Cue, ...], list[tuple[float, str]]]:
    path = shared / SAMPLE
    return read_captions(path), timed_words(path)


def _breaks(paras: list[list[str]]) -> list[int]:
    """Return the index (in the whole word list) of each paragraph's first word."""
    return list(itertools.accumulate(len(p) for p in paras))[:-1]


@pytest.mark.parametrize("slides", [(), SLIDE_CHANGES], ids=["pauses", "pauses-and-slides"])
def test_breaks_fall_at_the_longer_pauses_near_them(
    sample: tuple[tuple[Cue, ...], list[tuple[float, str]]], slides: tuple[float, ...]
) -> None:
    cues, words = sample
    spoken = [p for p in paragraphs(cues, CHAPTERS, duration=620.0, slide_times=slides)]
    spoken = [p for p in spoken if p.text != "[Music]"]
    texts = [p.text.split() for p in spoken]
    assert [w.casefold() for t in texts for w in t] == [w.casefold() for _, w in words]
    # The pause before word i: from the previous word's start to its own.
    pause = [0.0] + [b[0] - a[0] for a, b in itertools.pairwise(words)]
    chapter_starts = {
        next(i for i, (t, _) in enumerate(words) if t >= c.seconds - 0.5) for c in CHAPTERS[1:]
    }
    checked = 0
    for at in _breaks(texts):
        if at in chapter_starts:
            continue  # the publisher chose where chapters start
        near = sorted(pause[max(1, at - NEAR) : at + NEAR + 1], reverse=True)
        assert pause[at] >= near[LONGEST - 1], (
            f"break before {' '.join(w for _, w in words[at - 4 : at])} | "
            f"{' '.join(w for _, w in words[at : at + 4])}: pause {pause[at]:.2f} s, "
            f"the longest near it {near[:LONGEST]}"
        )
        checked += 1
    assert checked >= 8
    for text in texts:
        assert text[0][0].isupper(), text[:5]


def test_a_paragraph_starts_near_each_slide_change(
    sample: tuple[tuple[Cue, ...], list[tuple[float, str]]],
) -> None:
    cues, _ = sample
    starts = [p.start for p in paragraphs(cues, CHAPTERS, duration=620.0)]
    with_slides = [
        p.start for p in paragraphs(cues, CHAPTERS, duration=620.0, slide_times=SLIDE_CHANGES)
    ]
    for moment in SLIDE_CHANGES:
        assert not any(abs(s - moment) <= SLIDE_WINDOW for s in starts), moment
        assert any(abs(s - moment) <= SLIDE_WINDOW for s in with_slides), moment


def test_automatic_captions_keep_the_time_of_each_word(
    sample: tuple[tuple[Cue, ...], list[tuple[float, str]]],
) -> None:
    cues, words = sample
    timed = [(t, w) for c in cues if c.words for t, w in zip(c.words, c.text.split(), strict=True)]
    assert all(c.words for c in cues if c.text != "[Music]")
    assert timed == words


def test_json3_word_offsets_become_word_times(tmp_path: Path) -> None:
    events = [
        {
            "tStartMs": 1000,
            "dDurationMs": 3000,
            "segs": [{"utf8": "static"}, {"utf8": " images", "tOffsetMs": 400}],
        },
        {"tStartMs": 5000, "dDurationMs": 2000, "segs": [{"utf8": "A whole line, by hand."}]},
    ]
    path = tmp_path / "talk.en.json3"
    path.write_text(json.dumps({"events": events}), encoding="utf-8")
    timed, manual = read_captions(path)
    assert timed.words == (1.0, 1.4)
    assert manual.words == ()


def test_manual_captions_keep_their_sentences_at_slide_changes() -> None:
    # Sentences of 12 words, 4 s each; a slide changes in the middle of the third one.
    sentence = "We keep talking about the images we build for the cluster today."
    cues = [Cue(i * 4.0, i * 4.0 + 3.8, sentence) for i in range(5)]
    paras = paragraphs(cues, [Chapter(0, 0, "Only")], slide_times=[10.0])
    assert [p.start for p in paras] == [0.0, 8.0]
    assert all(p.text.endswith(".") for p in paras)


def test_paragraph_text_starts_with_a_capital_unless_its_word_mixes_cases() -> None:
    cues = [
        Cue(0.0, 1.0, "iPhone builds are slow."),
        Cue(5.0, 6.0, "[Music]"),
        Cue(9.0, 10.0, "so we cache them."),
    ]
    assert [p.text for p in paragraphs(cues, [])] == [
        "iPhone builds are slow.",
        "[Music]",
        "So we cache them.",
    ]


def test_the_slide_a_chapter_opens_with_makes_no_break(
    sample: tuple[tuple[Cue, ...], list[tuple[float, str]]],
) -> None:
    cues, _ = sample
    openings = [float(c.seconds) for c in CHAPTERS]
    assert paragraphs(cues, CHAPTERS, duration=620.0, slide_times=openings) == paragraphs(
        cues, CHAPTERS, duration=620.0
    )
