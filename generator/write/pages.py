"""Write the Markdown of a lab's pages: the lab home and one page per chapter.

The functions here decide what a page says (its slides, transcript, code, links); the
templates `labsite/chapter.html` and `labsite/home.html` lay it out. Links in what they are
given are relative to the page; the templates escape every text, so URL rules are kept
here and escaping there.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import quote

from markupsafe import Markup

from generator.formats import clock, duration, slugify
from generator.languages import html_language, language_name
from generator.model import NO_SLIDES, Chapter, Lab, Paragraph, Snippet
from generator.write import sanitize
from generator.write.figures import SlideFigure, SlideThumb, carried_figure, figure, thumb
from generator.write.markup import DEFAULT, Templates
from generator.write.player import Picture, Player, player

NO_CAPTIONS = "The video has no captions for this chapter."


@dataclass(frozen=True)
class LabUrls:
    """Where a lab's pages and files land in the site, as site-relative URIs."""

    home: str
    chapters: tuple[str, ...]
    deck: str | None
    thumbnail: str | None
    media: str | None
    captions: str | None
    demo_zip: str | None
    transcript_text: str | None
    transcript_srt: str | None
    handout: str
    """The page with every chapter's slides and transcript, made to be printed."""
    slide_thumb: Callable[[int], str]
    slide_full: Callable[[int], str]
    thumb_sizes: Mapping[int, tuple[int, int]]
    """Width and height of each slide's thumbnail, so the page does not jump as images load."""


def chapter_end(lab: Lab, chapter: Chapter) -> float | None:
    """Return where a chapter ends: the next one's start, or the talk's end when known."""
    chapters = lab.notes.chapters
    if chapter.index + 1 < len(chapters):
        return chapters[chapter.index + 1].seconds
    end = talk_end(lab)
    if end and end > chapter.seconds:
        return end
    return None  # with neither the video's length nor a transcript, the end is unknown


def talk_end(lab: Lab) -> float | None:
    """Return the talk's end: the video's length, else where it is last heard or seen."""
    return lab.duration or lab.heard_until


def time_range(lab: Lab, chapter: Chapter) -> str:
    """Return "11:46 – 15:01, 3 min 15 s", or "from 47:50" when the end is unknown."""
    end = chapter_end(lab, chapter)
    if end is None:
        return f"from {clock(chapter.seconds)}"
    return f"{clock(chapter.seconds)} – {clock(end)}, {duration(end - chapter.seconds)}"


def lab_length(lab: Lab) -> str:
    """Return the lab's length as text: the video's; else "about 52 min" (where the talk is
    last heard); else "over 47 min 50 s" (its last chapter's start)."""
    if lab.duration:
        return duration(lab.duration)
    last = lab.notes.chapters[-1].seconds if lab.notes.chapters else 0
    if lab.heard_until and lab.heard_until > last:
        return f"about {duration(round(lab.heard_until / 60) * 60)}"
    return f"over {duration(last)}" if lab.notes.chapters else ""


def relative(page_url: str, target: str) -> str:
    """Return the link from the page at `page_url` to the site-relative `target`."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    link = posixpath.relpath("/" + target, "/" + base)
    if (target.endswith("/") or not target) and not link.endswith("/"):
        link += "/"
    return quote(link, safe="/#:=&?.-_~%")


@dataclass(frozen=True)
class CodeBlock:
    """A snippet as a fenced block of Markdown, with its label (a tab's, or a caption)."""

    label: str
    fence: Markup


@dataclass(frozen=True)
class ChapterCode:
    """A chapter's code: the demo's files, its steps to run, the notes' and slides' commands."""

    files: tuple[CodeBlock, ...]
    runs: tuple[CodeBlock, ...]
    others: tuple[CodeBlock, ...]


@dataclass(frozen=True)
class PageLink:
    """A link to another page, by its title."""

    title: str
    page: str


@dataclass(frozen=True)
class ChapterPager:
    """Links to the chapters before and after; the lab's home before the first."""

    previous: PageLink | None
    home: str
    next: PageLink | None


@dataclass(frozen=True)
class ChapterItem:
    """A chapter in the lab's list of chapters."""

    title: str
    seconds: int
    end: float | None
    page: str


@dataclass(frozen=True)
class OverviewChapter:
    """A chapter's slides in the lab's overview of every slide."""

    title: str
    page: str
    slides: tuple[SlideThumb, ...]


@dataclass(frozen=True)
class Downloads:
    """What a lab offers to download; `online_deck` is a link to the deck where it is hosted."""

    deck: str | None
    online_deck: Markup | None
    demo_zip: str | None
    name: str
    """The lab's id as a file name: the transcripts are saved as NAME-transcript.EXT."""
    transcripts: tuple[tuple[str, str, str], ...]
    """Each transcript's link, format and extension."""
    handout: str | None


def chapter_page(
    lab: Lab,
    urls: LabUrls,
    chapter: Chapter,
    page_url: str,
    *,
    offline: bool = False,
    templates: Templates = DEFAULT,
) -> str:
    """Return the Markdown of one chapter's page."""
    link = functools.partial(relative, page_url)
    end = chapter_end(lab, chapter)
    placed = [p for p in lab.placed if p.chapter == chapter.index]
    figures = [figure(p, urls, link, lab.notes.id, n == 0) for n, p in enumerate(placed)]
    if not placed:
        still = [p for p in lab.carried if p.chapter == chapter.index]
        figures = [carried_figure(lab, p, chapter, urls, link) for p in still]
    paragraphs = [p for p in lab.paragraphs if p.chapter == chapter.index]
    language, translations = _languages(lab, chapter)
    return templates.render(
        "chapter.html",
        title=chapter.title,
        lab_title=lab.notes.title,
        speaker=lab.notes.presenter or ", ".join(speakers(lab)),
        range=time_range(lab, chapter),
        video=_chapter_player(
            player(lab, urls, chapter.seconds, end, link, offline=offline), chapter, figures
        ),
        slides=figures,
        missing_slides=(lab.deck_problem or NO_SLIDES) if lab.deck is None else "",
        paragraphs=paragraphs,
        missing_transcript=lab.transcript_problem or NO_CAPTIONS,
        automatic_transcript=lab.transcript_automatic,
        language=language,
        translations=translations,
        code=_code(lab, chapter),
        pager=_pager(lab, chapter, urls, link),
    )


@dataclass(frozen=True)
class TranscriptLanguage:
    """A language a chapter's transcript is offered in, and the chapter's paragraphs in it."""

    code: str
    """As the captions' file names it: what the reader's choice is remembered by."""
    lang: str
    """As HTML names it."""
    name: str
    """As its speakers name it."""
    paragraphs: tuple[Paragraph, ...] = ()


def _languages(
    lab: Lab, chapter: Chapter
) -> tuple[TranscriptLanguage | None, list[TranscriptLanguage]]:
    """Return the transcript's language and the chapter in every other language given."""
    if lab.language is None:
        return None, []
    first = TranscriptLanguage(
        lab.language, html_language(lab.language), language_name(lab.language)
    )
    others = [
        TranscriptLanguage(
            t.lang,
            html_language(t.lang),
            language_name(t.lang),
            tuple(p for p in t.paragraphs if p.chapter == chapter.index),
        )
        for t in lab.translations
    ]
    return first, others


def lab_home(
    lab: Lab,
    urls: LabUrls,
    page_url: str,
    catalog: str | None,
    *,
    offline: bool = False,
    templates: Templates = DEFAULT,
) -> str:
    """Return the Markdown of a lab's home page: facts, video, chapter list, slides overview."""
    notes = lab.notes
    link = functools.partial(relative, page_url)
    chapters = [
        ChapterItem(chapter.title, chapter.seconds, chapter_end(lab, chapter), link(url))
        for chapter, url in zip(notes.chapters, urls.chapters, strict=True)
    ]
    return templates.render(
        "home.html",
        title=notes.title,
        presenter=notes.presenter,
        date=notes.date,
        length=lab_length(lab),
        description=notes.description,
        intro=Markup(sanitize.notes_html(notes.intro, lab.site)) if notes.intro else None,
        video=player(lab, urls, notes.chapters[0].seconds, lab.duration, link, offline=offline),
        chapters=chapters,
        speakers=speakers(lab),
        downloads=_downloads(lab, urls, link),
        overview=_overview(lab, urls, link),
        resources=[Markup(sanitize.link(r.url, r.title, lab.site)) for r in notes.resources],
        catalog=link(catalog) if catalog is not None else None,
    )


def _chapter_player(video: Player, chapter: Chapter, figures: Sequence[SlideFigure]) -> Player:
    """Return a chapter's player as its facade shows it: under the chapter's title and, for a
    video without a thumbnail, on the chapter's first slide rather than on a blank."""
    video = replace(video, title=chapter.title)
    if video.thumbnail or not figures:
        return video
    first = figures[0]
    width = first.size[0] if first.size else 480
    return replace(video, picture=Picture(first.thumb, first.full, width))


def speakers(lab: Lab) -> list[str]:
    """Return who speaks in the talk, as its captions name them, in the order they first speak."""
    return list(dict.fromkeys(p.speaker for p in lab.paragraphs if p.speaker))


def _code(lab: Lab, chapter: Chapter) -> ChapterCode | None:
    snippets = [s for s in lab.snippets if s.chapter == chapter.index]
    if not snippets:
        return None
    files: list[CodeBlock] = []
    runs: list[CodeBlock] = []
    others: list[CodeBlock] = []
    for snippet in snippets:
        if snippet.source == "demo":
            block = CodeBlock(_tab_label(snippet), _fence(snippet, snippet.path or ""))
            (runs if snippet.heading == "run" else files).append(block)
            continue
        label = {"notes": "From the notes", "slide": f"Command on {snippet.title.lower()}"}[
            snippet.source
        ]
        where = snippet.heading.split(" › ")[-1] if snippet.heading else ""
        caption = f"{label}" + (f": {where}" if where else "")
        others.append(CodeBlock(caption, _fence(snippet, snippet.title)))
    return ChapterCode(tuple(files), tuple(runs), tuple(others))


def _tab_label(snippet: Snippet) -> str:
    # The tab's label is Markdown between quotes: a file name must show as written.
    return (snippet.title or "file").replace('"', "'").replace("\n", " ")


def _fence(snippet: Snippet, title: str) -> Markup:
    """Return a snippet as a fenced block: Markdown shows what it holds as code."""
    longest = max((len(m) for m in re.findall(r"`+", snippet.code)), default=0)
    fence = "`" * max(3, longest + 1)
    safe_title = re.sub(r'["\n]', "", title)
    # A language is one word; anything else (braces open attribute lists) is dropped.
    lang = snippet.lang if re.fullmatch(r"[\w+#.-]+", snippet.lang) else "text"
    info = lang + (f' title="{safe_title}"' if safe_title else "")
    # Longer than any run of backticks in the code, the fence holds it all as text.
    return Markup(f"{fence} {info}\n{snippet.code}\n{fence}")


def _pager(lab: Lab, chapter: Chapter, urls: LabUrls, link: Callable[[str], str]) -> ChapterPager:
    chapters = lab.notes.chapters
    before = chapters[chapter.index - 1] if chapter.index > 0 else None
    after = chapters[chapter.index + 1] if chapter.index + 1 < len(chapters) else None
    return ChapterPager(
        previous=PageLink(before.title, link(urls.chapters[before.index])) if before else None,
        home=link(urls.home),
        next=PageLink(after.title, link(urls.chapters[after.index])) if after else None,
    )


def _downloads(lab: Lab, urls: LabUrls, link: Callable[[str], str]) -> Downloads | None:
    online = None
    if not urls.deck and lab.notes.deck_url:
        online = Markup(sanitize.link(lab.notes.deck_url, "Slide deck (PDF)", lab.site))
    formats = (
        (urls.transcript_text, "text", "txt"),
        (urls.transcript_srt, "SubRip", "srt"),
        (urls.captions, "WebVTT", "vtt"),
    )
    downloads = Downloads(
        deck=link(urls.deck) if urls.deck else None,
        online_deck=online,
        demo_zip=link(urls.demo_zip) if urls.demo_zip else None,
        name=slugify(lab.notes.id),
        transcripts=tuple((link(uri), label, ext) for uri, label, ext in formats if uri),
        handout=link(urls.handout) if urls.handout else None,
    )
    offered = (downloads.deck, online, downloads.demo_zip, downloads.transcripts, urls.handout)
    return downloads if any(offered) else None


def _overview(lab: Lab, urls: LabUrls, link: Callable[[str], str]) -> list[OverviewChapter]:
    overview = []
    for chapter, url in zip(lab.notes.chapters, urls.chapters, strict=True):
        slides = tuple(thumb(p, urls, link) for p in lab.placed if p.chapter == chapter.index)
        if slides:
            overview.append(OverviewChapter(chapter.title, link(url), slides))
    return overview
