"""A chapter begins at its start: a caption said across a chapter's start is cut there, so that
the chapter's page opens with the words said from that moment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.align.paragraphs import paragraphs
from generator.model import Chapter, Cue
from generator.read.captions import read_captions
from generator.read.notes import read_notes
from tests.workshop import WORKSHOP, chapter_page, workshop_site

TWO = [Chapter(0, 0, "Setting up"), Chapter(1, 25, "Building")]


def test_a_caption_across_a_chapter_start_is_cut_at_the_nearest_sentence_end() -> None:
    # 30 s for 71 characters: "Then…" starts at 21.4 s, "Finally…" at 32.0 s; the chapter
    # starts at 25 s, nearer the first.
    cue = Cue(10.0, 40.0, "First we set up the tools. Then we build the image. Finally we ship it.")
    found = paragraphs([cue], TWO)
    assert [(p.chapter, p.start, p.end, p.text) for p in found] == [
        (0, 10.0, 25.0, "First we set up the tools."),
        (1, 25.0, 40.0, "Then we build the image. Finally we ship it."),
    ]


def test_without_a_sentence_end_near_it_the_cut_is_at_the_word_said_then() -> None:
    # "foxtrot" is 31 of 62 characters in: said at 25.0 s, when the chapter starts.
    cue = Cue(10.0, 40.0, "alpha bravo charlie delta echo foxtrot golf hotel india juliet")
    found = paragraphs([cue], TWO)
    assert [(p.chapter, p.start, p.text) for p in found] == [
        (0, 10.0, "Alpha bravo charlie delta echo"),
        (1, 25.0, "Foxtrot golf hotel india juliet"),
    ]


def test_a_caption_that_barely_reaches_a_chapter_is_not_cut() -> None:
    cue = Cue(10.0, 25.3, "First we set up the tools. Then we build the image.")
    found = paragraphs([cue], TWO)
    assert [(p.chapter, p.text) for p in found] == [(0, cue.text)]


def test_every_workshop_chapter_opens_at_its_start(shared: Path) -> None:
    lab = shared / WORKSHOP
    chapters = read_notes(lab / "notes.md", lab_id="workshop").chapters
    cues = read_captions(lab / "video" / "SnbGD677_u0.en.vtt")
    found = paragraphs(cues, chapters)
    firsts = {c.index: next(p for p in found if p.chapter == c.index) for c in chapters}
    straddled = [c for c in chapters if any(q.start + 0.5 < c.seconds < q.end - 0.5 for q in cues)]
    # The captions are half-minute blocks: most chapters start inside one.
    assert len(straddled) >= 20
    assert {c.index: firsts[c.index].start for c in straddled} == {
        c.index: float(c.seconds) for c in straddled
    }
    # 26:30, "Issues with Human Evaluations": the caption from 26:16 to 26:45 says two
    # sentences; the second, from about 26:23, is the chapter's.
    issues = firsts[9]
    assert issues.text.startswith("So one of the projects I have… talked about intermittently")
    before = [p for p in found if p.chapter == 8][-1]
    assert before.end == 1590.0
    assert before.text.endswith("the thing that seems like the most reliable can still fail.")


def test_the_chapter_page_opens_at_the_chapters_start(
    shared: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    page = chapter_page(workshop_site(shared, tmp_path_factory), 10)
    transcript = page[page.index('<div class="ls-transcript"') :]
    times = re.findall(r'<a class="ls-time" href="#t=(\d+)"[^>]*>([\d:]+)</a>', transcript)
    assert times[0] == ("1590", "26:30")
