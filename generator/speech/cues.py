"""Group recognized words into caption cues short enough to follow while the video plays."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.model import Cue

MAX_CUE_SECONDS = 7.0
"""Longest a cue lasts: a line of captions, not a paragraph (paragraphs group cues)."""
MAX_CUE_WORDS = 16
"""Most words in one cue."""
PAUSE_SECONDS = 0.8
"""A silence this long between two words ends a cue: the speaker paused."""
SENTENCE_END = (".", "?", "!", "…")


@dataclass(frozen=True)
class Word:
    """One recognized word and when it is said (seconds in the video)."""

    start: float
    end: float
    text: str


def cues_from_words(words: Iterable[Word]) -> Iterator[Cue]:
    """Yield cues of consecutive words, ending each at a sentence's end, a pause or a limit."""
    group: list[Word] = []
    for word in words:
        if not word.text.strip():
            continue
        if group and _breaks(group, word):
            yield _cue(group)
            group = []
        group.append(word)
    if group:
        yield _cue(group)


def _breaks(group: list[Word], word: Word) -> bool:
    """Tell whether `word` starts a new cue after `group`."""
    last = group[-1]
    return (
        last.text.strip().endswith(SENTENCE_END)
        or word.start - last.end >= PAUSE_SECONDS
        or word.end - group[0].start > MAX_CUE_SECONDS
        or len(group) >= MAX_CUE_WORDS
    )


def _cue(group: list[Word]) -> Cue:
    pieces = [" ".join(word.text.split()) for word in group]
    text = " ".join(pieces)
    # Each word's start, when every recognized word is one word of the text.
    starts = tuple(w.start for w, p in zip(group, pieces, strict=True) if len(p.split()) == 1)
    timed = starts if len(starts) == len(text.split()) else ()
    return Cue(group[0].start, max(group[-1].end, group[0].start), text, timed)
