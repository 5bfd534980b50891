"""Every sentence of a transcript seeks: each carries its own start, and a click on it sets the
player there. Who speaks, when the captions say, opens each paragraph and is listed on the
lab's home page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from generator.align.paragraphs import paragraphs
from generator.build import build_site
from generator.model import Chapter, Cue
from generator.read.captions import read_captions
from tests.browser import require_browser, serve, wait_for
from tests.labs import VIDEO_ID, notes, write_lab

pytestmark = pytest.mark.xdist_group("browser")

# Captions written by people: whole sentences, several in one cue, two speakers.
VOICED = """WEBVTT

00:00:02.000 --> 00:00:06.000
<v Ada>Welcome to the talk. Today we build a compiler.

00:00:06.000 --> 00:00:10.000
<v Ada>It reads source code and writes machine code for us.

00:00:10.000 --> 00:00:40.000
<v Grace Hopper>One thing. Two things here. Three.
"""
# Where each sentence starts. A cue's sentences share its time by their place in its text:
# "Today…" starts 21 of 47 characters into a 4 s cue, "Two…" 11 and "Three." 28 of 34 into
# a 30 s one.
SENTENCES = [
    [(2.0, "Welcome to the talk."), (3.8, "Today we build a compiler."),
     (6.0, "It reads source code and writes machine code for us.")],
    [(10.0, "One thing."), (19.7, "Two things here."), (34.7, "Three.")],
]  # fmt: skip


def _read(tmp_path: Path, text: str) -> list[Cue]:
    path = tmp_path / "captions.vtt"
    path.write_text(text, encoding="utf-8")
    return list(read_captions(path))


def test_each_sentence_starts_where_it_is_said(tmp_path: Path) -> None:
    found = paragraphs(_read(tmp_path, VOICED), [Chapter(0, 0, "All")])
    assert [[(s.start, s.text) for s in p.sentences] for p in found] == SENTENCES
    assert [p.speaker for p in found] == ["Ada", "Grace Hopper"]
    # The sentences are the paragraph's words, in order.
    assert [p.text for p in found] == [" ".join(t for _, t in group) for group in SENTENCES]


def test_timed_words_give_each_caption_line_its_first_words_time() -> None:
    # Automatic captions: no punctuation, every word timed; each line is a sentence to seek.
    cues = [
        Cue(0.0, 3.0, "so the image is", words=(0.0, 0.5, 1.0, 1.5)),
        Cue(3.0, 6.0, "built in two stages", words=(3.1, 3.4, 3.8, 4.5)),
        Cue(6.2, 9.0, "and then we ship it", words=(6.2, 6.6, 7.0, 7.4, 8.0)),
        Cue(9.0, 10.0, "today", words=(9.1,)),
    ]
    [found] = paragraphs(cues, [Chapter(0, 0, "All")])
    assert [(s.start, s.text) for s in found.sentences] == [
        (0.0, "So the image is"),
        (3.1, "built in two stages"),
        (6.2, "and then we ship it"),
        (9.1, "today"),
    ]


@pytest.fixture(scope="module")
def voiced_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("voiced")
    lab = write_lab(
        base,
        "voiced",
        {"notes.md": notes("0:00 All of it"), f"video/{VIDEO_ID}.en.vtt": VOICED},
    )
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.fail("ffmpeg is needed to make the test video (.ci/run installs it)")
    subprocess.run(
        [ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i",
         "testsrc=size=160x90:rate=10:duration=60", "-c:v", "libvpx", "-b:v", "50k", "-an",
         str(lab / "video" / f"{VIDEO_ID}.webm")],
        check=True,
    )  # fmt: skip
    out = base / "site"
    build_site([lab], out, cache_dir=base / "cache")
    return out


def test_sentences_are_time_links_and_speakers_open_paragraphs(voiced_site: Path) -> None:
    page = (voiced_site / "01-all-of-it" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="ls-say" id="([^"]+)" href="#t=(\d+)" data-seek="([\d.]+)"', page)
    assert [(int(t), float(s)) for _, t, s in links] == [
        (2, 2.0), (4, 3.8), (6, 6.0), (10, 10.0), (20, 19.7), (35, 34.7)
    ]  # fmt: skip
    # Each sentence is an anchor search results can lead to: its id says its moment.
    assert [i for i, _, _ in links] == [
        "p1s1-t-2", "p1s2-t-4", "p1s3-t-6", "p2s1-t-10", "p2s2-t-20", "p2s3-t-35"
    ]  # fmt: skip
    speakers = re.findall(r'<span class="ls-speaker"[^>]*>([^<]+)</span>', page)
    assert speakers == ["Ada:", "Grace Hopper:"]
    home = (voiced_site / "index.html").read_text(encoding="utf-8")
    listed = re.search(r'<p class="ls-speakers">.*?</span> (.*?)</p>', home)
    assert listed is not None and listed.group(1) == "Ada, Grace Hopper"
    handout = (voiced_site / "handout" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<span class="ls-speaker">([^<]+)</span>', handout) == speakers


def test_clicking_a_sentence_seeks_the_player_there(voiced_site: Path, browser: Any) -> None:
    require_browser()
    with serve(voiced_site) as base:
        browser.get(base + "01-all-of-it/")
        video = "document.querySelector('.ls-player video')"
        wait_for(lambda: browser.execute_script(f"return {video}.readyState >= 1"))
        [two] = [
            a
            for a in browser.find_elements("css selector", ".ls-transcript a.ls-say")
            if a.text == "Two things here."
        ]
        two.click()
        wait_for(
            lambda: abs(float(browser.execute_script(f"return {video}.currentTime")) - 19.7) < 0.3,
            what="the video at the sentence",
        )
        assert browser.current_url.endswith("#t=20")
        # The paragraph it is in is the current one.
        current = wait_for(
            lambda: browser.find_elements("css selector", ".ls-transcript p.is-current")
        )
        assert current[0].get_attribute("data-start") == "10.0"
        browser.execute_script(f"{video}.pause();")
