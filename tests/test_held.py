"""How a build holds a lab: a small outline at hand, the whole lab read back when its pages are written."""

from __future__ import annotations

from pathlib import Path

import pytest
from models import cue, deck, lab, paragraph, placed, slide

from generator import cache
from generator.errors import GeneratorError
from generator.model import hold, outline_of
from generator.write.held import whole_lab


def _talk():
    shown = slide(
        2, "Static images", "FROM cgr.dev/chainguard/static " * 20, commands=("go build",)
    )
    return lab(
        (0, "Opening words"),
        (60, "Static binaries"),
        deck=deck(slide(1, "Welcome", "hello"), shown),
        placed=(placed(shown, 1, 61.0, ((61.0, 90.0),)),),
        cues=(cue(0, 4, "Hello and welcome."), cue(61, 65, "Now static binaries.")),
        paragraphs=(
            paragraph(0, 0, "Hello and welcome.", sentences=((0, "Hello and welcome."),)),
            paragraph(0, 30, "Today we build images."),
            paragraph(1, 61, "Now static binaries."),
            paragraph(1, 90, "They need no libc."),
        ),
        key="k1",
    )


def test_the_outline_keeps_what_lists_and_describes_a_lab() -> None:
    whole = _talk()
    outline = outline_of(whole)
    assert outline.notes == whole.notes
    assert (outline.duration, outline.files, outline.key) == (whole.duration, whole.files, "k1")
    # Each chapter's opening paragraph, which its card quotes; not the rest.
    assert [(p.chapter, p.text) for p in outline.paragraphs] == [
        (0, "Hello and welcome."),
        (1, "Now static binaries."),
    ]
    # Where each slide is, and its title: not its text.
    [kept] = outline.placed
    assert (kept.slide.number, kept.slide.title, kept.chapter, kept.seconds) == (
        2,
        "Static images",
        1,
        61.0,
    )
    assert kept.shown == ((61.0, 90.0),)
    assert kept.slide.text == "" and kept.slide.commands == ()
    assert (outline.cues, outline.deck, outline.snippets) == ((), None, ())


def test_holding_counts_the_words_and_knows_the_captions() -> None:
    whole = _talk()
    held = hold(whole)
    # Transcript 3 + 4 + 3 + 4, intro, chapter titles 2 + 2, slide title 2 and text 2 × 20.
    intro = len(whole.notes.intro.split())
    assert held.words == 14 + intro + 4 + 42
    assert held.captions
    assert not hold(lab()).captions
    assert held.whole is whole and whole_lab(held) is whole


def test_a_lab_kept_in_the_cache_is_read_back_whole(tmp_path: Path) -> None:
    whole = _talk()
    entry = tmp_path / "labs" / "one.json"
    cache.put_data(entry, whole)
    held = hold(whole, str(entry))
    assert held.whole is None
    assert whole_lab(held) == whole
    assert whole_lab(held).paragraphs == whole.paragraphs


def test_a_lost_entry_says_which_lab_cannot_be_made(tmp_path: Path) -> None:
    whole = _talk()
    entry = tmp_path / "labs" / "gone.json"
    cache.put_data(entry, whole)
    held = hold(whole, str(entry))
    entry.unlink()
    with pytest.raises(GeneratorError, match=r"labs/ll1: the lab's pages cannot be made here"):
        whole_lab(held)
    elsewhere = hold(whole, "")
    elsewhere = type(elsewhere)(elsewhere.outline, elsewhere.words, elsewhere.captions)
    with pytest.raises(GeneratorError, match="built elsewhere"):
        whole_lab(elsewhere)
