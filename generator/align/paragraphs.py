"""Group caption cues into paragraphs a reader can follow.

A paragraph ends where the speaker pauses, where the slide changes and, for captions
written by people, where a sentence ends; never inside a chapter's neighbour, and always
where another speaker takes over (when the captions say who speaks). Automatic
captions have no punctuation but time every word: the longest pause among the words near
a break is where the phrase ends. Captions without word timings (written by people) keep
their own sentences: a paragraph only ends after one.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

from generator.align.sentences import Unit, cut_at, sentences
from generator.model import Chapter, Cue, Paragraph

PAUSE = 2.0
"""A silence this long (seconds) ends a paragraph."""
MIN_WORDS = 40
"""Paragraphs are cut at pauses or sentence ends once they have this many words."""
MAX_WORDS = 90
"""Past this many words a paragraph is cut at the best boundary inside it."""
PAUSE_MIN_WORDS = 10
"""A paragraph cut at a silence or a slide change has at least this many words on each side."""
SLIDE_WINDOW = 4.0
"""How far (seconds) a paragraph break may move from a slide change to land on a pause."""

_ANNOTATION = re.compile(r"^(\[[^\]]*\]|\([^)]*\)|♪+)$")
_SENTENCE_END = re.compile(r"[.!?…][\"'\u201d\u2019)\]]*$")


def paragraphs(
    cues: Sequence[Cue],
    chapters: Sequence[Chapter],
    *,
    duration: float | None = None,
    slide_times: Sequence[float] = (),
) -> tuple[Paragraph, ...]:
    """Group cues into readable paragraphs, cut at pauses, slide changes and chapter starts."""
    result: list[Paragraph] = []
    for run in _runs(_units(cues, chapters, duration)):
        if is_annotation(run[0].text):
            result.append(_annotation(run))
        else:
            result += [_paragraph(group) for group in _split_run(run, slide_times)]
    return tuple(result)


def is_annotation(text: str) -> bool:
    """Tell whether a cue only describes a sound: "[Music]", "(applause)", "♪"."""
    return bool(_ANNOTATION.match(text))


def capitalised(text: str) -> str:
    """Return text with its first letter in upper case, unless its first word mixes cases."""
    first = text.split(" ", 1)[0]
    if first[:1].islower() and first == first.lower():
        return text[0].upper() + text[1:]
    return text


def _units(cues: Sequence[Cue], chapters: Sequence[Chapter], duration: float | None) -> list[Unit]:
    """Return the cues as words (when timed) or whole cues, each in the chapter it is said in.

    A cue without word timings that runs across a chapter's start is cut there (see
    `sentences.cut_at`), so that each chapter opens with what is said from its start.
    """
    ordered = sorted(chapters, key=lambda c: c.seconds)
    starts = [c.seconds for c in ordered]
    units = []
    for cue in cues:
        words = cue.text.split()
        timed = len(cue.words) == len(words) > 0 and not is_annotation(cue.text)
        if timed:
            ends = [*cue.words[1:], cue.end]
            pieces = [
                (t, max(t, end), word) for t, end, word in zip(cue.words, ends, words, strict=True)
            ]
        else:
            pieces = [(cue.start, cue.end, cue.text)]
            if not is_annotation(cue.text):
                for moment in (s for s in starts if cue.start < s < cue.end):
                    pieces = [*pieces[:-1], *cut_at(*pieces[-1], float(moment))]
        for number, (start, end, text) in enumerate(pieces):
            if duration is not None and start >= duration:
                continue
            # Chapter times are whole seconds, so a word a fraction early still belongs to it.
            position = max(0, bisect.bisect_right(starts, start + 0.5) - 1)
            limit = float(starts[position + 1]) if position + 1 < len(starts) else duration
            chapter = ordered[position].index if ordered else 0
            end = end if limit is None else min(end, limit)
            opens = number == 0 or not timed
            units.append(Unit(start, end, text, chapter, timed, cue.speaker, opens))
    return units


def _runs(units: Sequence[Unit]) -> list[list[Unit]]:
    """Split units where the chapter or the speaker changes, or speech turns into a sound
    annotation."""
    runs: list[list[Unit]] = []
    for unit in units:
        if (
            runs
            and runs[-1][-1].chapter == unit.chapter
            and (runs[-1][-1].speaker == unit.speaker or is_annotation(unit.text))
            and is_annotation(runs[-1][-1].text) == is_annotation(unit.text)
        ):
            runs[-1].append(unit)
        else:
            runs.append([unit])
    return runs


def _annotation(run: Sequence[Unit]) -> Paragraph:
    """Return a run of annotations as one paragraph, each repeated one said once."""
    texts = [text for text, _ in itertools.groupby(u.text for u in run)]
    # A sound is nobody's words: it has no speaker.
    return Paragraph(run[0].chapter, run[0].start, max(run[-1].end, run[0].start), " ".join(texts))


def _split_run(run: Sequence[Unit], slide_times: Sequence[float]) -> list[Sequence[Unit]]:
    """Cut a chapter's speech at silences and slide changes, then into paragraphs of fair size."""
    cuts = [0, *_hard_breaks(run, slide_times), len(run)]
    groups: list[Sequence[Unit]] = []
    for start, end in itertools.pairwise(cuts):
        part = run[start:end]
        timed = 2 * sum(u.timed for u in part) > len(part)
        groups += _split_at_pauses(part) if timed else _split_at_sentences(part)
    return groups


def _gap(units: Sequence[Unit], i: int) -> float:
    """Return the pause before unit `i`.

    A timed word's end is not known, so for words this is the time from one word's start
    to the next: the word's own length plus the silence after it.
    """
    before, unit = units[i - 1], units[i]
    return unit.start - (before.start if before.timed and unit.timed else before.end)


def _counts(units: Sequence[Unit]) -> list[int]:
    """Return how many words come before each unit, and in all (the last element)."""
    return [0, *itertools.accumulate(u.words for u in units)]


def _hard_breaks(run: Sequence[Unit], slide_times: Sequence[float]) -> list[int]:
    """Return where a paragraph must start: after a silence, or near where a slide changes."""
    before = _counts(run)
    total = before[-1]
    kinds = {i: "pause" for i in range(1, len(run)) if _gap(run, i) >= PAUSE}
    for moment in slide_times:
        # Slides a chapter opens or ends with change where the chapter does.
        if not run[0].start + SLIDE_WINDOW < moment < run[-1].end - SLIDE_WINDOW:
            continue
        near = [
            i
            for i in range(1, len(run))
            if abs(run[i].start - moment) <= SLIDE_WINDOW
            # Captions written by people keep their sentences whole.
            and (run[i].timed or _SENTENCE_END.search(run[i - 1].text))
        ]
        if near:
            kinds[max(near, key=lambda i: (_gap(run, i), -abs(run[i].start - moment)))] = "slide"
    breaks: list[int] = []
    for i in sorted(kinds):
        last = breaks[-1] if breaks else 0
        if before[i] - before[last] < PAUSE_MIN_WORDS:
            continue
        if kinds[i] == "slide" and total - before[i] < PAUSE_MIN_WORDS:
            continue
        breaks.append(i)
    return breaks


def _split_at_pauses(units: Sequence[Unit]) -> list[Sequence[Unit]]:
    """Cut timed words into paragraphs of MIN_WORDS to MAX_WORDS at the longest pauses."""
    before = _counts(units)
    total = before[-1]
    groups: list[Sequence[Unit]] = []
    start = 0
    while total - before[start] > MAX_WORDS:
        fits = [
            i
            for i in range(start + 1, len(units))
            if MIN_WORDS <= before[i] - before[start] <= MAX_WORDS
            and total - before[i] >= MIN_WORDS
        ]
        if not fits:
            break
        cut = max(fits, key=lambda i: (_gap(units, i), -i))
        groups.append(units[start:cut])
        start = cut
    groups.append(units[start:])
    return groups


def _split_at_sentences(units: Sequence[Unit]) -> list[Sequence[Unit]]:
    """Close a paragraph at the first sentence end past MIN_WORDS; cut overlong ones."""
    groups: list[Sequence[Unit]] = []
    group: list[Unit] = []
    for unit in units:
        group.append(unit)
        count = sum(u.words for u in group)
        if count > MAX_WORDS:
            keep = _split_point(group)
            groups.append(group[:keep])
            group = group[keep:]
        elif count >= MIN_WORDS and _SENTENCE_END.search(unit.text):
            groups.append(group)
            group = []
    if group and groups and sum(u.words for u in group) < PAUSE_MIN_WORDS:
        groups[-1] = [*groups[-1], *group]  # a few words after a sentence end join it
    elif group:
        groups.append(group)
    return groups


def _split_point(group: Sequence[Unit]) -> int:
    """Return how many units of an overlong group form the paragraph: cut at the best boundary."""
    best, best_score, count = len(group), -1.0, 0
    for i in range(1, len(group)):
        count += group[i - 1].words
        if count < MIN_WORDS:
            continue
        ends = PAUSE if _SENTENCE_END.search(group[i - 1].text) else 0.0
        score = _gap(group, i) + ends
        if score >= best_score:
            best, best_score = i, score
    return best


def _paragraph(group: Sequence[Unit]) -> Paragraph:
    said = sentences(group)
    if said:
        said = (replace(said[0], start=group[0].start, text=capitalised(said[0].text)), *said[1:])
    text = " ".join(sentence.text for sentence in said)
    end = max(group[-1].end, group[0].start)
    return Paragraph(group[0].chapter, group[0].start, end, text, group[0].speaker, said)
