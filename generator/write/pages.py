"""Write the Markdown of a lab's pages: the lab home, one page per chapter, the catalog."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from generator.formats import (
    clock,
    duration,
    escape,
    long_date,
    markdown_text,
    moment,
    shorten,
    slugify,
)
from generator.load import NO_SLIDES
from generator.model import Chapter, Lab, Paragraph, PlacedSlide, Snippet
from generator.write import sanitize
from generator.write.player import player


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


def chapter_page(
    lab: Lab, urls: LabUrls, chapter: Chapter, page_url: str, *, offline: bool = False
) -> str:
    """Return the Markdown of one chapter's page."""
    link = linker(page_url)
    parts = [
        f"# {markdown_text(chapter.title)}",
        "",
        f'<p class="ls-range" data-pagefind-meta="lab:{escape(lab.notes.title)}">'
        f"{escape(time_range(lab, chapter))}</p>",
        "",
        stage(
            player(lab, urls, chapter.seconds, chapter_end(lab, chapter), link, offline=offline),
            ("slides", "Slides", _slides_section(lab, chapter, urls, link)),
            ("transcript", "Transcript", _transcript_section(lab, chapter)),
        ),
        _snippets_section(lab, chapter),
        _pager(lab, chapter, urls, link),
    ]
    return "\n".join(p for p in parts if p is not None) + "\n"


def lab_home(
    lab: Lab, urls: LabUrls, page_url: str, catalog: str | None, *, offline: bool = False
) -> str:
    """Return the Markdown of a lab's home page: facts, video, chapter list, slides overview."""
    notes = lab.notes
    link = linker(page_url)
    facts = [f"<strong>{escape(notes.presenter)}</strong>"] if notes.presenter else []
    if notes.date:
        facts.append(f'<time datetime="{notes.date.isoformat()}">{long_date(notes.date)}</time>')
    length = lab_length(lab)
    facts.append(f"{len(notes.chapters)} chapters" + (f", {length}" if length else ""))
    parts = [
        f"# {markdown_text(notes.title)}",
        "",
        f'<p class="ls-facts">{" · ".join(facts)}</p>',
        "",
    ]
    if notes.description:
        parts += [f'<p class="ls-description">{escape(notes.description)}</p>', ""]
    if notes.intro:
        intro = sanitize.notes_html(notes.intro, lab.site)
        parts += [f'<div class="ls-intro">\n{intro}\n</div>', ""]
    first = notes.chapters[0]
    video = player(lab, urls, first.seconds, lab.duration, link, offline=offline)
    parts += [stage(video, ("chapters", "Chapters", _chapter_list(lab, urls, link)))]
    parts += _downloads(lab, urls, link)
    parts += _slides_overview(lab, urls, link)
    if notes.resources:
        site = lab.site
        items = "".join(f"<li>{sanitize.link(r.url, r.title, site)}</li>" for r in notes.resources)
        parts += ["## Resources", "", f'<ul class="ls-resources">{items}</ul>', ""]
    if catalog:
        parts += [f'<p class="ls-back"><a href="{link(catalog)}">All labs</a></p>', ""]
    return "\n".join(parts) + "\n"


def stage(video: str, *sections: tuple[str, str, str]) -> str:
    """Return the player and the sections that go with it (slides, transcript) as one stage.

    Wide screens show the stage as a theatre, the sections beside and under the player;
    narrow screens and the stacked layout show them one under the other. It is HTML as
    written here (Markdown leaves it alone), so each section's heading is HTML too.
    """
    parts = ['<div class="ls-stage">', video]
    for name, title, body in sections:
        parts.append(
            f'<section class="ls-stage-{name}" aria-labelledby="{name}">'
            f'<h2 id="{name}">{title}<a class="headerlink" href="#{name}" title="Permanent link">¶</a></h2>\n'
            f"{body}</section>"
        )
    return "\n".join([*parts, "</div>", ""]) + "\n"


def _chapter_list(lab: Lab, urls: LabUrls, link: Callable[[str], str]) -> str:
    items = []
    for chapter, url in zip(lab.notes.chapters, urls.chapters, strict=True):
        end = chapter_end(lab, chapter)
        length = duration(end - chapter.seconds) if end is not None else ""
        # The times let the page mark the chapter the lab's video is in.
        times = f'data-start="{chapter.seconds}"' + (
            f' data-end="{end:.1f}"' if end is not None else ""
        )
        items.append(
            f'<li {times}><a class="ls-time" href="{link(url)}#t={chapter.seconds}">{clock(chapter.seconds)}</a> '
            f'<a href="{link(url)}">{escape(chapter.title)}</a>'
            + (f' <span class="ls-length">{length}</span>' if length else "")
            + "</li>"
        )
    return "\n".join(['<ol class="ls-chapters">', *items, "</ol>", ""])


def linker(page_url: str) -> Callable[[str], str]:
    """Return a function that makes escaped links from the page at `page_url`."""
    return lambda target: escape(relative(page_url, target))


def _slides_section(lab: Lab, chapter: Chapter, urls: LabUrls, link: Callable[[str], str]) -> str:
    placed = [p for p in lab.placed if p.chapter == chapter.index]
    if lab.deck is None:
        return f'<p class="ls-note">{note(lab.deck_problem or NO_SLIDES)}</p>\n'
    if not placed:
        return (
            '<p class="ls-note">No slide of its own: this part of the video '
            "shows the previous slide, a live demo or the speaker.</p>\n"
        )
    figures = "\n".join(_slide_figure(p, urls, link, lab.notes.id) for p in placed)
    return f'<div class="ls-slides">\n{figures}\n</div>\n'


def _slide_figure(
    placed: PlacedSlide, urls: LabUrls, link: Callable[[str], str], gallery: str
) -> str:
    slide = placed.slide
    title = slide.title or f"Slide {slide.number}"
    alt = f"Slide {slide.number}: {title}"
    # The full text goes in the page (not only in attributes) so that search finds it.
    text = (
        f'<details class="ls-slide-text"><summary data-pagefind-ignore>Slide text</summary> '
        f"{escape(slide.text)}</details>"
        if slide.text
        else ""
    )
    when = clock(placed.seconds)
    # As the recording showed it: every stretch on screen, for the page script and the reader.
    shown = " ".join(f"{start:.1f}-{end:.1f}" for start, end in placed.shown)
    shown_attribute = f' data-shown="{shown}"' if shown else ""
    return (
        f'<figure class="ls-slide" id="slide-{slide.number}-t-{moment(placed.seconds)}" '
        f'data-start="{placed.seconds:.1f}" data-slide="{slide.number}"{shown_attribute}>'
        f'<a class="glightbox" href="{link(urls.slide_full(slide.number))}" data-gallery="{escape(gallery)}" '
        # GLightbox puts these two into the page as HTML: escape them once more.
        f'data-title="{escape(escape(f"Slide {slide.number} · {when} · {title}"))}" '
        f'data-description="{escape(escape(shorten(slide.text, 600)))}">'
        f'<img src="{link(urls.slide_thumb(slide.number))}" alt="{escape(alt)}"{image_size(urls, slide.number)} '
        f'loading="lazy"></a>'
        # Search shows the slide's own words: its number and time are left out of the index.
        f"<figcaption><span data-pagefind-ignore>slide {slide.number} · {_slide_times(placed)}</span> "
        f'<span class="ls-slide-title">{escape(title)}</span> {text}</figcaption></figure>'
    )


def _slide_times(placed: PlacedSlide) -> str:
    """Return the links to the moments a slide is shown: its first, or each stretch seen."""
    starts = [start for start, _ in placed.shown] or [placed.seconds]
    if placed.seconds not in starts:
        starts.insert(0, placed.seconds)
    return ", ".join(
        f'<a class="ls-time" href="#t={moment(t)}" data-seek="{t:.1f}">{clock(t)}</a>'
        for t in starts
    )


def _snippets_section(lab: Lab, chapter: Chapter) -> str | None:
    snippets = [s for s in lab.snippets if s.chapter == chapter.index]
    if not snippets:
        return None
    files = [s for s in snippets if s.source == "demo" and s.heading != "run"]
    runs = [s for s in snippets if s.source == "demo" and s.heading == "run"]
    others = [s for s in snippets if s.source != "demo"]
    parts = ["## Code", ""]
    if files:
        for snippet in files:
            parts += [
                f'=== "{_tab_label(snippet)}"',
                "",
                _indent(_fence(snippet, snippet.path or "")),
                "",
            ]
    for snippet in runs:
        parts += [
            '!!! example "Run this step"',
            "",
            _indent(_fence(snippet, snippet.path or "")),
            "",
        ]
    for snippet in others:
        label = {"notes": "From the notes", "slide": f"Command on {snippet.title.lower()}"}[
            snippet.source
        ]
        where = snippet.heading.split(" › ")[-1] if snippet.heading else ""
        caption = f"{label}" + (f": {where}" if where else "")
        parts += [
            f'<p class="ls-snippet-from">{escape(caption)}</p>',
            "",
            _fence(snippet, snippet.title),
            "",
        ]
    return "\n".join(parts)


def _tab_label(snippet: Snippet) -> str:
    # The tab's label is Markdown: a file name must show as written, never as markup.
    return markdown_text((snippet.title or "file").replace('"', "'").replace("\n", " "))


def _fence(snippet: Snippet, title: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", snippet.code)), default=0)
    fence = "`" * max(3, longest + 1)
    safe_title = re.sub(r'["\n]', "", title)
    # A language is one word; anything else (braces open attribute lists) is dropped.
    lang = snippet.lang if re.fullmatch(r"[\w+#.-]+", snippet.lang) else "text"
    info = lang + (f' title="{safe_title}"' if safe_title else "")
    return f"{fence} {info}\n{snippet.code}\n{fence}"


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line else "" for line in text.split("\n"))


def _transcript_section(lab: Lab, chapter: Chapter) -> str:
    paragraphs = [p for p in lab.paragraphs if p.chapter == chapter.index]
    if not paragraphs:
        reason = lab.transcript_problem or "The video has no captions for this chapter."
        return f'<p class="ls-note">{note(reason)}</p>\n'
    body = "\n".join(_paragraph(p, number) for number, p in enumerate(paragraphs, start=1))
    return f'<div class="ls-transcript">\n{body}\n</div>\n'


def _paragraph(paragraph: Paragraph, number: int) -> str:
    # The id says when the paragraph starts: search results link to that moment.
    return (
        f'<p id="p{number}-t-{moment(paragraph.start)}" data-start="{paragraph.start:.1f}" '
        f'data-end="{paragraph.end:.1f}">'
        f'<a class="ls-time" href="#t={moment(paragraph.start)}" data-seek="{paragraph.start:.1f}" data-pagefind-ignore>'
        f"{clock(paragraph.start)}</a> {escape(paragraph.text)}</p>"
    )


def _pager(lab: Lab, chapter: Chapter, urls: LabUrls, link: Callable[[str], str]) -> str:
    chapters = lab.notes.chapters
    items = []
    if chapter.index > 0:
        before = chapters[chapter.index - 1]
        items.append(
            f'<a class="ls-prev" rel="prev" href="{link(urls.chapters[before.index])}">'
            f"← Previous: {escape(before.title)}</a>"
        )
    else:
        items.append(f'<a class="ls-prev" href="{link(urls.home)}">← Lab overview</a>')
    if chapter.index + 1 < len(chapters):
        after = chapters[chapter.index + 1]
        items.append(
            f'<a class="ls-next" rel="next" href="{link(urls.chapters[after.index])}">'
            f"Next: {escape(after.title)} →</a>"
        )
    return (
        f'<nav class="ls-pager" aria-label="Chapters" data-pagefind-ignore>{"".join(items)}</nav>\n'
    )


def _downloads(lab: Lab, urls: LabUrls, link: Callable[[str], str]) -> list[str]:
    items = []
    if urls.deck:
        items.append(f'- <a href="{link(urls.deck)}" download>Slide deck (PDF)</a>')
    elif lab.notes.deck_url:
        online = sanitize.link(lab.notes.deck_url, "Slide deck (PDF)", lab.site)
        items.append(f"- {online} (online)")
    if urls.demo_zip:
        items.append(f'- <a href="{link(urls.demo_zip)}" download>Demo files (zip)</a>')
    name = slugify(lab.notes.id)
    formats = (
        (urls.transcript_text, "text", "txt"),
        (urls.transcript_srt, "SubRip", "srt"),
        (urls.captions, "WebVTT", "vtt"),
    )
    files = [
        f'<a href="{link(uri)}" download="{escape(name)}-transcript.{ext}">{label} (.{ext})</a>'
        for uri, label, ext in formats
        if uri
    ]
    if files:
        items.append(f"- Transcript: {', '.join(files)}")
    if urls.handout:
        items.append(
            f'- <a href="{link(urls.handout)}">Handout</a>: every chapter\'s slides and '
            "transcript on one page, to print or save as PDF"
        )
    return ["## Downloads", "", *items, ""] if items else []


def _slides_overview(lab: Lab, urls: LabUrls, link: Callable[[str], str]) -> list[str]:
    if not lab.placed:
        return []
    parts = ["## All slides", ""]
    for chapter, url in zip(lab.notes.chapters, urls.chapters, strict=True):
        placed = [p for p in lab.placed if p.chapter == chapter.index]
        if not placed:
            continue
        thumbs = "".join(
            f'<a href="{link(url)}#t={moment(p.seconds)}" title="{escape(p.slide.title)}">'
            f'<img src="{link(urls.slide_thumb(p.slide.number))}" '
            f'alt="Slide {p.slide.number}: {escape(p.slide.title)}"{image_size(urls, p.slide.number)} '
            f'loading="lazy"></a>'
            for p in placed
        )
        parts += [
            f'<section class="ls-overview"><h3><a href="{link(url)}">{escape(chapter.title)}</a></h3>'
            f'<div class="ls-overview-slides">{thumbs}</div></section>',
            "",
        ]
    return parts


def image_size(urls: LabUrls, number: int) -> str:
    """Return the width and height attributes of a slide's thumbnail, when known."""
    size = urls.thumb_sizes.get(number)
    return f' width="{size[0]}" height="{size[1]}"' if size else ""


def note(text: str) -> str:
    """Escape a notice, showing its `commands` as code."""
    return re.sub(r"&#96;(.+?)&#96;", r"<code>\1</code>", escape(text))
