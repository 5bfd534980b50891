"""The model every stage shares: plain, typed, frozen dataclasses.

Times are seconds (numbers) here; they are formatted only when written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date as Date
from pathlib import Path
from typing import Literal

from generator.errors import Diagnostic

MAX_CHAPTERS = 300
"""Most chapters a lab may have: each is a page that lists them all, so pages grow with it."""
MAX_SECONDS = 7 * 24 * 3600
"""Longest video a lab may have (a week): a longer time in its files is a mistake or an attack."""

NO_SLIDES = "The slides of this talk are not available."
"""What a lab's pages say where its deck is missing and nothing more precise is known."""

SnippetSource = Literal["notes", "demo", "slide"]


@dataclass(frozen=True)
class Chapter:
    """One timestamped section of the video."""

    index: int
    """0-based position in the lab's chapter list."""
    seconds: int
    """Start of the chapter in the video, in whole seconds."""
    title: str
    line: int = 0
    """Line of the notes file the chapter was read from (0 when not from a file)."""


@dataclass(frozen=True)
class Snippet:
    """A piece of code a chapter carries: a demo file, a notes code block or a slide command."""

    source: SnippetSource
    lang: str
    code: str
    chapter: int | None
    """0-based index of the chapter the snippet belongs to, or None."""
    title: str = ""
    """A file name or a heading that names the snippet."""
    path: str | None = None
    """For demo files: the path relative to the lab directory."""
    line: int = 0
    """Where the snippet starts in its source file (notes line, or 0)."""
    heading: str = ""
    """For notes code blocks: the heading the block sits under."""


@dataclass(frozen=True)
class CodeBlock:
    """A fenced code block of the notes and the headings it sits under (outermost first)."""

    info: str
    """The fence's info string: a language, a file name, or nothing."""
    code: str
    line: int
    headings: tuple[str, ...]


@dataclass(frozen=True)
class Resource:
    """A link from the notes' resources list."""

    title: str
    url: str


@dataclass(frozen=True)
class VideoSource:
    """Where a talk's recording is: a video on a host, or a media file."""

    host: str
    """"youtube", "vimeo", "peertube" or "file" (a media file or an HLS playlist)."""
    id: str | None
    """The host's id of the video (None for a file)."""
    url: str
    """The video's page on its host, or the file's address (relative: in the lab folder)."""


@dataclass(frozen=True)
class Notes:
    """Everything read from a lab's notes page."""

    path: str
    id: str
    """The lab's short id, e.g. "ll202509" (the notes file's or the lab directory's name)."""
    title: str
    linktitle: str
    description: str
    date: Date | None
    tags: tuple[str, ...]
    weight: int | None
    presenter: str
    video_id: str | None
    deck_url: str | None
    intro: str
    """The prose before the Sections list, as Markdown with shortcodes removed."""
    chapters: tuple[Chapter, ...]
    code_blocks: tuple[CodeBlock, ...]
    """Code blocks in the order of the page; `snippets.assign_chapters` maps them to chapters."""
    resources: tuple[Resource, ...]
    warnings: tuple[Diagnostic, ...] = ()
    video: VideoSource | None = None
    """The recording the page embeds (for YouTube, the same video as `video_id`)."""


@dataclass(frozen=True)
class Slide:
    """One page of the slide deck."""

    number: int
    """1-based page number."""
    title: str
    text: str
    """The slide's text without its title, footer and repeated page furniture."""
    has_text: bool = True
    """False for slides whose PDF page has no text (screenshots)."""
    ocr: bool = False
    """True when ``title``/``text`` were recognised from the rendered image."""
    commands: tuple[str, ...] = ()
    """Shell commands printed on the slide (lines starting with "$ "), without the prompt."""
    title_confident: bool = True
    """False when the title was read by OCR and the reading is doubtful (garbled symbols, low
    confidence): pages then call the slide "Slide N" and show the reading with its text."""

    @property
    def heading(self) -> str:
        """Return the title pages show: the slide's own when sure of it, else "Slide N"."""
        return self.title if self.title and self.title_confident else f"Slide {self.number}"

    @property
    def shown_text(self) -> str:
        """Return the text pages show under the heading: a doubtful title's reading first."""
        if self.title and not self.title_confident:
            return f"{self.title}\n{self.text}" if self.text else self.title
        return self.text


@dataclass(frozen=True)
class Deck:
    """A slide deck as read from its PDF."""

    path: str
    sha256: str
    slides: tuple[Slide, ...]


@dataclass(frozen=True)
class RenderedSlide:
    """The two images of one rendered slide (in the cache) and their pixel sizes."""

    thumb: Path
    full: Path
    thumb_size: tuple[int, int]
    full_size: tuple[int, int]
    placeholder: str | None = None
    """Why the page could not be drawn, when the images are a placeholder."""
    grey: Path | None = None
    """A lossless grey copy at the full width, kept for OCR when it was asked for."""


@dataclass(frozen=True)
class Cue:
    """One caption: a span of the video and the words said in it."""

    start: float
    end: float
    text: str
    words: tuple[float, ...] = field(default=(), compare=False, repr=False)
    """When each word of `text` starts, for captions that time their words (YouTube's
    automatic ones); empty otherwise. Timings refine a cue: they do not make it another."""
    speaker: str = ""
    """Who speaks, when the captions say (WebVTT `<v Name>`, a `Name:` prefix); "" otherwise."""


@dataclass(frozen=True)
class Paragraph:
    """Transcript cues grouped into a readable paragraph inside one chapter."""

    chapter: int
    start: float
    end: float
    text: str
    speaker: str = ""
    """Who speaks in the paragraph, when the captions say; "" otherwise."""
    sentences: tuple[Sentence, ...] = field(default=(), compare=False)
    """The paragraph's text as sentences (or caption lines), each with its own start; they
    refine the paragraph's words, they do not make it another."""


@dataclass(frozen=True)
class Translation:
    """The transcript in another language than the lab's own, from captions given in it."""

    lang: str
    """Its language, as the captions' file names it (`de`, `pt-BR`)."""
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Sentence:
    """A sentence (or caption line) of a paragraph and when it is said."""

    start: float
    """When it starts: its first word's time, or an estimate inside a caption that holds
    several sentences (by its place in the caption's text)."""
    text: str


@dataclass(frozen=True)
class PlacedSlide:
    """A slide placed in a chapter at the moment it appears."""

    slide: Slide
    chapter: int
    seconds: float
    shown: tuple[tuple[float, float], ...] = ()
    """Every stretch of the chapter with this slide on screen, as the recording showed it
    (from a slide timeline); empty when the moment was inferred from the text."""


@dataclass(frozen=True)
class LabFiles:
    """The files of a lab that its site publishes, where they are now (lab folder or cache)."""

    deck: Path | None = None
    thumbnail: Path | None = None
    media: Path | None = None
    slides: Mapping[int, RenderedSlide] = field(default_factory=dict)
    """The rendered image of each slide, by 1-based number."""
    demo: Path | None = None
    """A folder of the lab offered as a zip download."""

    def paths(self) -> list[Path]:
        """Return every file listed (a cached lab whose files are gone must be loaded again)."""
        found = [self.deck, self.thumbnail, self.media]
        found += [p for image in self.slides.values() for p in (image.thumb, image.full)]
        return [path for path in found if path is not None]


@dataclass(frozen=True)
class Lab:
    """A lab ready to be written: notes plus what was aligned to them, and its files."""

    notes: Notes
    directory: str
    duration: float | None
    """Length of the video in seconds, when known (info JSON), else None."""
    deck: Deck | None = None
    deck_problem: str | None = None
    """Why there are no slides, when there are none (what readers see)."""
    placed: tuple[PlacedSlide, ...] = ()
    carried: tuple[PlacedSlide, ...] = ()
    """For each chapter with no slide of its own, the slide still on screen as it starts: in
    that chapter, at the moment it came on screen (before the chapter's start)."""
    cues: tuple[Cue, ...] = ()
    """The captions as read, for the downloads and the player's track; without their words' times
    (`Cue.words`), which have made the paragraphs' sentences."""
    paragraphs: tuple[Paragraph, ...] = ()
    transcript_problem: str | None = None
    transcript_automatic: bool = False
    """True when the transcript was made by speech recognition (`transcribe`), not given."""
    language: str | None = None
    """The language of the transcript (`paragraphs`), as its captions say; None: unknown."""
    translations: tuple[Translation, ...] = ()
    """The transcript in the other languages captions were given in."""
    snippets: tuple[Snippet, ...] = ()
    site: str = ""
    """Where relative links of the notes resolve (lab.yml's `site`)."""
    files: LabFiles = field(default_factory=LabFiles)
    diagnostics: tuple[Diagnostic, ...] = ()
    """What loading found: warnings for the build's log, notices for its summary."""
    timeline: SlideTimeline | None = None
    """Which page was on screen when, read from the recording (`sync`); None: not synced."""
    heard_until: float | None = None
    """Where the talk is last heard or seen (its last cue's end, or its timeline's): the best
    end there is when the video's length is unknown."""
    key: str = ""
    """A hash of every file the lab was loaded from and of the code that loaded it ("": unknown)."""

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """Return the diagnostics that cost the site something."""
        return tuple(d for d in self.diagnostics if d.severity != "notice")

    @property
    def notices(self) -> tuple[Diagnostic, ...]:
        """Return what the publisher may want to know that costs the site nothing."""
        return tuple(d for d in self.diagnostics if d.severity == "notice")


@dataclass(frozen=True)
class HeldLab:
    """A loaded lab as a catalog's build holds it: its outline at hand, the whole lab kept aside.

    A build of thousands of labs cannot hold every talk's transcript for the whole build. The
    outline (`outline_of`) is what places, lists and describes the lab; its pages are written
    from the whole lab, read back from the cache entry `entry` while they are (or `whole`,
    when it is held in memory).
    """

    outline: Lab
    words: int
    """About how many words the lab's pages hold (transcript, slides, titles, intro)."""
    captions: bool
    """Whether the lab has captions (the player's track and the transcript's downloads)."""
    entry: str = ""
    """The cache entry that holds the whole lab ("": none; it is `whole`)."""
    whole: Lab | None = field(default=None, compare=False, repr=False)
    """The whole lab, when it is held in memory (a single lab, a test); else None."""


def outline_of(lab: Lab) -> Lab:
    """Return the lab without what only its own pages show.

    It keeps the notes, files, times and problems; each chapter's opening paragraph (what the
    chapter's card says); the placed slides without their text. It drops the captions,
    the translations, the deck's text and the rest of the transcript: most of a loaded lab.
    """
    openings: dict[int, Paragraph] = {}
    for paragraph in lab.paragraphs:
        openings.setdefault(paragraph.chapter, replace(paragraph, sentences=()))

    def bare(placed: tuple[PlacedSlide, ...]) -> tuple[PlacedSlide, ...]:
        return tuple(replace(p, slide=replace(p.slide, text="", commands=())) for p in placed)

    return replace(
        lab,
        deck=None,
        placed=bare(lab.placed),
        carried=bare(lab.carried),
        cues=(),
        paragraphs=tuple(openings.values()),
        translations=(),
        snippets=(),
        timeline=None,
    )


def hold(lab: Lab, entry: str = "") -> HeldLab:
    """Return how a build holds `lab`: in memory unless `entry` is where it is kept."""
    texts = [p.text for p in lab.paragraphs] + [lab.notes.intro]
    texts += [c.title for c in lab.notes.chapters]
    texts += [f"{p.slide.title} {p.slide.text}" for p in lab.placed]
    return HeldLab(
        outline=outline_of(lab),
        words=sum(len(text.split()) for text in texts),
        captions=bool(lab.cues),
        entry=entry,
        whole=None if entry else lab,
    )


@dataclass(frozen=True)
class TimelineEntry:
    """A stretch of the video with one thing on screen: a page of the deck, or none."""

    start: float
    end: float
    slide: int | None
    """1-based page of the deck on screen; None for anything else (speaker, demo, another page)."""


@dataclass(frozen=True)
class SlideTimeline:
    """Which page of a deck is on screen over the whole of a video, read from its frames."""

    deck_sha256: str
    video_sha256: str
    duration: float
    entries: tuple[TimelineEntry, ...]
    """Sorted, covering 0 to `duration` without gaps; neighbours never show the same thing."""
