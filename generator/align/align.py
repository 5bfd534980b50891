"""Align slides with chapters and place them in time; pure functions, no I/O."""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.model import Chapter, Cue, PlacedSlide, Slide

_STOPWORD_LIST = """a an the and or of for to in on at by with from as is are be been was were it its this
    that these those your you we our my me us they their them which who will can do does did
    into about over via vs versus so if then than there all any some much very just also let
    lets not s t re ll ve d m http https www com org html"""
_STOPWORDS = frozenset(_STOPWORD_LIST.split())

# Words a talk uses for its own structure; each group becomes one token so that "Q&A" on a slide
# matches a "Questions" chapter and "Thank you!" matches "Closing notes".
_CONCEPTS: tuple[tuple[str, str], ...] = (
    (r"\bq\s*(?:&|and)\s*a\b|\bquestions?\b|\bama\b", "qa"),
    (
        r"\bthank(?:s| you)\b|\bclosing\b|\bwrap(?:ping)?[\s-]*up\b|\bgoodbye\b|\bfarewell\b",
        "closing",
    ),
    (r"\bsummary\b|\brecap\b|\b(?:key )?takeaways?\b|\bconclusions?\b", "summary"),
    (r"\bwhat'?s next\b|\bnext up\b|\bup next\b|\bupcoming\b|\bcoming up\b|\bnext\b", "next"),
    (r"\broadmap\b|\bfuture\b|\bcoming soon\b", "future"),
    (r"\bagenda\b|\boutline\b|\bwhat we'?ll (?:talk|cover)\w*(?: about)?\b", "agenda"),
    (
        r"\bintro(?:duction|ductions)?\b|\bwelcome\b|\babout me\b|\bmeet (?:your|the)\b"
        r"|\bwho am i\b|\bwhoami\b|\bhi,? i'?m\b",
        "intro",
    ),
    (r"\bwho (?:are we|we are)\b|\babout us\b", "about"),
    (r"\bset(?:ting)?[\s-]*up\b|\bsetup\b|\bgetting started\b|\bquick[\s-]*start\b", "setup"),
    (r"\bresources?\b|\bfurther reading\b|\blearn more\b|\breferences\b", "resources"),
    (r"\bdemo(?:e?s|nstration|nstrations)?\b|\blive\b", "demo"),
)
_CONCEPT_PATTERNS = tuple((re.compile(pattern), f" @{name} ") for pattern, name in _CONCEPTS)
_SPLIT = re.compile(r"[^a-z0-9@]+")
# Kinds of section a slide title can name; a slide of one kind opens a chapter of that kind.
_KINDS = frozenset({"@qa", "@closing", "@summary", "@agenda", "@resources", "@demo"})
# Sections that go on live, with no slide of their own.
_LIVE = frozenset({"@demo", "@qa"})
# Labels whose number tells sections apart: "Demo 2" is not "Demo 3".
_NUMBERED = frozenset({"@demo", "part", "step", "lab", "module", "exercise", "section", "chapter"})

BODY_WEIGHT = 0.5
"""How much a word in a slide's body counts against a word in its title."""
AGENDA_BODY_WEIGHT = 0.1
"""Body weight of a slide that mentions many chapters (an agenda or a recap)."""
TITLE_PRECISION = 0.5
"""Weight of "the slide's title is about this chapter" next to "the chapter is on this slide"."""
SEGMENT_WEIGHT = 0.5
"""Weight of the fit of every slide in a chapter's range, next to the fit of its first slide."""
NO_SLIDE = 0.12
"""Score of a live chapter (demo, Q&A) without a slide of its own; a first slide must beat it."""
NO_SLIDE_OTHER = -0.05
"""Score of any other chapter without a slide of its own."""
POSITION_WEIGHT = 0.15
"""Penalty per unit of distance between a chapter's share of the video and a slide's of the deck."""
DEFAULT_SLIDE_SECONDS = 60.0
"""Time a slide stays on screen when nothing else tells, e.g. in the last chapter."""
CUE_WINDOW = 3
"""Captions read together when looking for a slide's words in the transcript."""
MIN_EVIDENCE = 6.0
"""Transcript evidence (weighted rare words) needed to move a slide away from its estimate."""
DRIFT = 2.0
"""Evidence lost per chapter length of distance between the transcript match and the estimate."""
MISMATCH = 0.5
"""Penalty when chapter and slide carry different numbers for one label (Demo 1 against DEMO 2)."""
KIND_MISMATCH = 0.4
"""Factor on the fit of a slide whose title names a kind of section the chapter's title does not."""
KIND_MATCH = 0.2
"""Bonus for a slide whose title names the kind of section the chapter's title names."""
LOOKAHEAD = 0.8
"""Factor on the fit of the slide after a divider, for a chapter opening on the divider."""
CONTRAST = 0.25
"""Weight of the fit of a slide to the neighbouring chapters, taken off its fit as a first slide."""
DIVIDER_END = 0.5
"""Penalty, times its fit to the next chapter, for ending a range on the divider that opens it."""
DIVIDER_WORDS = 10
"""A slide with a title and at most this many other words is a section divider."""


def tokens(text: str) -> list[str]:
    """Return the normalised, stemmed content words of a text, in order."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")
    for pattern, replacement in _CONCEPT_PATTERNS:
        text = pattern.sub(replacement, text)
    words = []
    for word in _SPLIT.split(text):
        if not word or word in _STOPWORDS or (len(word) == 1 and not word.isdigit()):
            continue
        words.append(word if word.startswith("@") else stem(word))
    labelled = [
        f"{word}#{after}"
        for word, after in itertools.pairwise(words)
        if word in _NUMBERED and after.isdigit()
    ]
    return words + labelled


def stem(word: str) -> str:
    """Strip plural and verb endings so that "remediation", "remediated" and "remediate" meet."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ation", "ating", "ated", "ate", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            # "scanning" and "scan": undo the doubled consonant before the ending.
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


@dataclass(frozen=True)
class _SlideWords:
    title: frozenset[str]
    body: frozenset[str]
    body_weight: float


class _Scorer:
    """Similarity of chapter titles and slides, weighted by how rare each word is in the deck."""

    def __init__(self, chapters: Sequence[Chapter], slides: Sequence[Slide]) -> None:
        self.chapters = [frozenset(tokens(chapter.title)) for chapter in chapters]
        words = [(frozenset(tokens(s.title)), frozenset(tokens(s.text))) for s in slides]
        frequency: Counter[str] = Counter()
        for title, body in words:
            frequency.update(title | body)
        size = len(slides)
        self.idf = {word: math.log((size + 1) / (count + 0.5)) for word, count in frequency.items()}
        self.unseen = math.log((size + 1) / 0.5)
        # A word in many chapter titles ("Chainguard", the product's name) cannot tell those
        # chapters apart, so it counts less when matching them.
        named: Counter[str] = Counter()
        for title_words in self.chapters:
            named.update(title_words)
        chapters_count = len(chapters)
        unique = math.log((chapters_count + 1) / 1.5)
        self.spread = {
            word: min(1.0, math.log((chapters_count + 1) / (count + 0.5)) / unique)
            if unique > 0
            else 1.0
            for word, count in named.items()
        }
        self.slides = [_SlideWords(title, body - title, BODY_WEIGHT) for title, body in words]
        # A slide whose body covers many chapters lists them (agenda, recap): it must not
        # pull every chapter to itself, so its body counts for little.
        for index, slide in enumerate(self.slides):
            covered = sum(
                1 for c in range(chapters_count) if self._coverage(c, slide, body_only=True) >= 0.3
            )
            if "@agenda" in slide.title or covered >= max(3, min(5, 0.3 * chapters_count)):
                self.slides[index] = _SlideWords(slide.title, slide.body, AGENDA_BODY_WEIGHT)

    def weight(self, word: str) -> float:
        """Return how much a word says: rare in the deck and in few chapter titles."""
        return self.idf.get(word, self.unseen) * self.spread.get(word, 1.0)

    def _coverage(self, chapter: int, slide: _SlideWords, *, body_only: bool = False) -> float:
        wanted = self.chapters[chapter]
        total = sum(self.weight(word) for word in wanted)
        if not total:
            return 0.0
        found = 0.0
        for word in wanted:
            if word in slide.title and not body_only:
                found += self.weight(word)
            elif word in slide.body or (body_only and word in slide.title):
                found += self.weight(word) * (1.0 if body_only else slide.body_weight)
        return found / total

    def similarity(self, chapter: int, slide: int) -> float:
        """Return how well a slide fits a chapter title, from 0 to 1 (less for a mismatch)."""
        words = self.slides[slide]
        wanted = self.chapters[chapter]
        coverage = self._coverage(chapter, words)
        title_total = sum(self.idf.get(word, self.unseen) for word in words.title)
        shared = sum(self.idf.get(word, self.unseen) for word in words.title & wanted)
        precision = shared / title_total if title_total else 0.0
        score = (coverage + TITLE_PRECISION * precision) / (1 + TITLE_PRECISION)
        # A slide titled as a demo, Q&A or closing slide belongs to a chapter of that kind.
        kinds = words.title & _KINDS
        if kinds - wanted:
            score *= KIND_MISMATCH
        elif kinds:
            score += KIND_MATCH
        return score - MISMATCH * self._mismatch(chapter, words)

    def _mismatch(self, chapter: int, slide: _SlideWords) -> float:
        ours = {word.split("#")[0]: word for word in self.chapters[chapter] if "#" in word}
        theirs = {word.split("#")[0]: word for word in slide.title | slide.body if "#" in word}
        return float(any(ours[label] != theirs[label] for label in ours.keys() & theirs.keys()))


def align_slides(
    chapters: Sequence[Chapter],
    slides: Sequence[Slide],
    pins: Mapping[int, int] | None = None,
) -> tuple[tuple[int, ...], ...]:
    """Assign each chapter a contiguous run of 1-based slide numbers; () for no slide of its own.

    Raise ValueError when pins name unknown chapters or slides, or are out of order.
    """
    pins = dict(pins or {})
    _check_pins(pins, len(chapters), len(slides))
    if not chapters:
        return ()
    if not slides:
        return tuple(() for _ in chapters)
    scorer = _Scorer(chapters, slides)
    fit = [[scorer.similarity(c, s) for s in range(len(slides))] for c in range(len(chapters))]
    dividers = [is_divider(slide) for slide in slides]
    # Demos and Q&A go on without slides; other chapters rarely have none of their own.
    no_slide = [NO_SLIDE if words & _LIVE else NO_SLIDE_OTHER for words in scorer.chapters]
    starts = _best_starts(chapters, fit, dividers, no_slide, pins)
    return _ranges(starts, len(slides))


def is_divider(slide: Slide) -> bool:
    """Tell whether a slide only announces a section: a title and a short line at most."""
    return bool(slide.title) and not slide.commands and len(slide.text.split()) <= DIVIDER_WORDS


def _check_pins(pins: Mapping[int, int], chapters: int, slides: int) -> None:
    last = 0
    for chapter in sorted(pins):
        slide = pins[chapter]
        if not 0 <= chapter < chapters:
            raise ValueError(f"pin for chapter {chapter}: there are {chapters} chapters")
        if not 0 <= slide <= slides:
            raise ValueError(
                f"pin for chapter {chapter}: slide {slide} is not in a deck of {slides}"
            )
        if slide and slide <= last:
            raise ValueError(
                f"pin for chapter {chapter}: slide {slide} comes before an earlier pin"
            )
        last = max(last, slide)


def _position_prior(chapters: Sequence[Chapter], count: int) -> list[list[float]]:
    """Penalise putting a chapter far from where its start time says it is in the deck."""
    starts = [chapter.seconds for chapter in chapters]
    gaps = [b - a for a, b in itertools.pairwise(starts) if b > a]
    length = starts[-1] + (sum(gaps) / len(gaps) if gaps else 60.0)
    origin = starts[0]
    span = max(length - origin, 1.0)
    return [
        [-POSITION_WEIGHT * abs((start - origin) / span - s / count) for s in range(count)]
        for start in starts
    ]


def _best_starts(
    chapters: Sequence[Chapter],
    fit: list[list[float]],
    dividers: Sequence[bool],
    no_slide: Sequence[float],
    pins: Mapping[int, int],
) -> list[int | None]:
    """Choose each chapter's first slide (0-based) or None, maximising the total score.

    A state is (chapter, first slide) for a chapter that has slides. The step to the next
    chapter with slides credits the earlier chapter with the fit of every slide in its range,
    and each chapter skipped on the way with the score of having no slide.
    """
    m, count = len(chapters), len(dividers)
    prior = _position_prior(chapters, count)
    # A first slide should tell its chapter apart from the neighbouring ones, not merely fit it.
    start_score = [
        [
            max(fit[c][s], LOOKAHEAD * fit[c][s + 1] if dividers[s] and s + 1 < count else 0.0)
            + prior[c][s]
            - CONTRAST * max([0.0] + [fit[n][s] for n in (c - 1, c + 1) if 0 <= n < m])
            for s in range(count)
        ]
        for c in range(m)
    ]
    # segment[c][k]: the weighted fit of slides 0..k-1 to chapter c, to sum ranges in O(1).
    segment = [[0.0] * (count + 1) for _ in range(m)]
    for c in range(m):
        for s in range(count):
            segment[c][s + 1] = segment[c][s] + SEGMENT_WEIGHT * fit[c][s]
    # The opening chapter shows the title slide; pinned chapters cannot be skipped.
    opening = 0 not in pins and 1 not in pins.values()
    blocked = [bool(pins.get(c, 0)) or (c == 0 and opening) for c in range(m)]
    blocked_before = [0] * (m + 1)
    no_slide_before = [0.0] * (m + 1)
    for c in range(m):
        blocked_before[c + 1] = blocked_before[c] + blocked[c]
        no_slide_before[c + 1] = no_slide_before[c] + no_slide[c]

    def skipped(first: int, end: int) -> float:
        """Score chapters first..end-1 having no slide of their own."""
        if blocked_before[end] > blocked_before[first]:
            return -math.inf
        return no_slide_before[end] - no_slide_before[first]

    def allowed(c: int, s: int) -> bool:
        return c not in pins or pins[c] == s + 1

    best = [[-math.inf] * count for _ in range(m)]
    back: list[list[tuple[int, int] | None]] = [[None] * count for _ in range(m)]
    for c in range(m):
        # The first chapter with slides opens on the first slide unless a pin says otherwise.
        first = pins.get(c, 1) - 1
        if first >= 0 and allowed(c, first):
            best[c][first] = skipped(0, c) + start_score[c][first]
    for c in range(m):
        for later in range(c + 1, m):
            between = skipped(c + 1, later)
            if between == -math.inf:
                break
            running, running_origin = -math.inf, -1
            for s in range(1, count):
                # A range of two slides or more should not end on a divider that opens the next.
                longer = running - (
                    DIVIDER_END * max(fit[later][s - 1], 0.0) if dividers[s - 1] else 0.0
                )
                single = best[c][s - 1] - segment[c][s - 1]
                value, origin = (single, s - 1) if single >= longer else (longer, running_origin)
                if value > -math.inf and allowed(later, s):
                    value += segment[c][s] + between + start_score[later][s]
                    if value > best[later][s]:
                        best[later][s] = value
                        back[later][s] = (c, origin)
                if single > running:
                    running, running_origin = single, s - 1
    final, state = -math.inf, None
    for c in range(m):
        tail = skipped(c + 1, m)
        for s in range(count):
            value = best[c][s] + segment[c][count] - segment[c][s] + tail
            if value > final:
                final, state = value, (c, s)
    if state is None:
        if not any(pins.values()):
            return [None] * m  # every chapter is pinned to "no slide": the deck goes unused
        raise ValueError("the pins leave no way to place the slides")
    starts: list[int | None] = [None] * m
    while state is not None:
        c, s = state
        starts[c] = s
        state = back[c][s]
    return starts


def _ranges(starts: Sequence[int | None], count: int) -> tuple[tuple[int, ...], ...]:
    """Turn first slides (0-based) into 1-based ranges that run up to the next chapter's start."""
    ends: list[int] = []
    following = count
    for start in reversed(starts):
        ends.append(following)
        if start is not None:
            following = start
    ends.reverse()
    return tuple(
        () if start is None else tuple(range(start + 1, end + 1))
        for start, end in zip(starts, ends, strict=True)
    )


def place_slides(
    chapters: Sequence[Chapter],
    assignment: Sequence[Sequence[int]],
    slides: Sequence[Slide],
    *,
    duration: float | None,
    cues: Sequence[Cue] = (),
) -> tuple[PlacedSlide, ...]:
    """Place each assigned slide at the moment it likely appears in the video.

    A chapter's first slide appears when the chapter starts; the others share the chapter's
    time by the amount of text they carry. With a transcript, a slide moves to where its
    words are said, keeping the order of the slides.
    """
    by_number = {slide.number: slide for slide in slides}
    spans = _chapter_spans(chapters, assignment, duration)
    placed: list[PlacedSlide] = []
    for chapter, numbers, (start, end) in zip(chapters, assignment, spans, strict=True):
        group = [by_number[number] for number in numbers if number in by_number]
        if not group:
            continue
        times = _spread(group, start, end)
        inside = [cue for cue in cues if start <= cue.start < end]
        if inside and len(group) > 1:
            times = _follow_transcript(group, times, inside, start, end)
        placed.extend(
            PlacedSlide(slide=slide, chapter=chapter.index, seconds=round(time, 2))
            for slide, time in zip(group, times, strict=True)
        )
    return tuple(placed)


def _chapter_spans(
    chapters: Sequence[Chapter], assignment: Sequence[Sequence[int]], duration: float | None
) -> list[tuple[float, float]]:
    """Return each chapter's start and end; the last ends with the video or after a default."""
    starts = [float(chapter.seconds) for chapter in chapters]
    ends: list[float | None] = [b if b > a else None for a, b in itertools.pairwise(starts)]
    ends.append(None)
    timed = [
        (end - start, len(numbers))
        for start, end, numbers in zip(starts, ends, assignment, strict=True)
        if end is not None and numbers
    ]
    per_slide = (
        sum(seconds for seconds, _ in timed) / sum(count for _, count in timed)
        if timed
        else DEFAULT_SLIDE_SECONDS
    )
    spans = []
    for start, end, numbers in zip(starts, ends, assignment, strict=True):
        if end is None:
            fallback = start + per_slide * max(1, len(numbers))
            end = duration if duration is not None and duration > start else fallback
        spans.append((start, end))
    return spans


def _spread(group: Sequence[Slide], start: float, end: float) -> list[float]:
    """Share a chapter's time among its slides by how much text each carries."""
    weights = [
        1.0 + min(len(slide.title.split()) + len(slide.text.split()), 120) / 30 for slide in group
    ]
    total = sum(weights)
    times, elapsed = [], 0.0
    for weight in weights:
        times.append(start + (end - start) * elapsed / total)
        elapsed += weight
    return times


def _follow_transcript(
    group: Sequence[Slide],
    estimates: Sequence[float],
    cues: Sequence[Cue],
    start: float,
    end: float,
) -> list[float]:
    """Move slides after the first to where the transcript says their words, in order."""
    said = [set(tokens(cue.text)) for cue in cues]
    counts: Counter[str] = Counter(word for words in said for word in words)
    rarity = {word: math.log((len(cues) + 1) / (count + 0.5)) for word, count in counts.items()}
    span = max(end - start, 1.0)
    # Candidates per slide: (time, evidence); the estimate is always one, with no evidence.
    choices: list[list[tuple[float, float]]] = []
    for slide, estimate in zip(group[1:], estimates[1:], strict=True):
        wanted = {word: 2.0 for word in tokens(slide.title)}
        for word in tokens(slide.text):
            wanted.setdefault(word, 1.0)
        evidence_at: dict[float, float] = {}
        for index in range(len(cues)):
            window = range(index, min(index + CUE_WINDOW, len(cues)))
            hits = [i for i in window if any(word in said[i] for word in wanted)]
            if not hits:
                continue
            # The slide appears when its first word in the window is said.
            time = cues[hits[0]].start
            heard = set().union(*(said[i] for i in window))
            evidence = sum(weight * rarity[w] for w, weight in wanted.items() if w in heard)
            evidence -= DRIFT * abs(time - estimate) / span
            if evidence >= MIN_EVIDENCE:
                evidence_at[time] = max(evidence, evidence_at.get(time, evidence))
        options = [(estimate, 0.0), *evidence_at.items()]
        choices.append(sorted(options))
    # Paths of strictly increasing times, one per slide; keep the best path ending at each option.
    frontier: list[tuple[float, float, tuple[float, ...]]] = [(start, 0.0, ())]
    for options in choices:
        step = []
        for time, evidence in options:
            reachable = [(score, times) for before, score, times in frontier if before < time]
            if reachable:
                score, times = max(reachable)
                step.append((time, score + evidence, (*times, time)))
        if not step:
            return list(estimates)
        frontier = step
    return [estimates[0], *max(frontier, key=lambda path: path[1])[2]]
