"""Recognized words grouped into cues: at a sentence's end, a pause, or a cue's limits."""

from __future__ import annotations

from generator.model import Cue
from generator.speech.cues import MAX_CUE_WORDS, Word, cues_from_words


def said(*spoken: tuple[float, str]) -> list[Word]:
    """Words said at the given moments, each lasting 0.3 s."""
    return [Word(at, at + 0.3, f" {text}") for at, text in spoken]


def test_a_sentence_ends_a_cue_and_each_word_keeps_its_time() -> None:
    cues = list(cues_from_words(said((0, "Hello"), (0.4, "there."), (0.8, "Next"), (1.2, "one."))))
    assert cues == [Cue(0, 0.7, "Hello there."), Cue(0.8, 1.5, "Next one.")]
    assert [c.words for c in cues] == [(0, 0.4), (0.8, 1.2)]


def test_a_pause_ends_a_cue() -> None:
    cues = list(cues_from_words(said((0, "and"), (0.4, "then"), (2.0, "later"))))
    assert [c.text for c in cues] == ["and then", "later"]


def test_long_speech_without_pauses_is_cut_into_short_cues() -> None:
    words = said(*[(i * 0.35, "word") for i in range(40)])
    cues = list(cues_from_words(words))
    assert sum(len(c.text.split()) for c in cues) == 40
    assert all(len(c.text.split()) <= MAX_CUE_WORDS and c.end - c.start <= 7.0 for c in cues)


def test_blank_words_are_dropped() -> None:
    assert list(cues_from_words([Word(0, 0.2, " "), Word(0.3, 0.5, " Yes.")])) == [
        Cue(0.3, 0.5, "Yes.")
    ]
