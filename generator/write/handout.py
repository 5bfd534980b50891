"""Write a lab's handout: every chapter's slides and transcript on one page, made to be printed."""

from __future__ import annotations

from collections.abc import Callable

from generator.formats import clock, escape, long_date, markdown_text, moment
from generator.model import Chapter, Lab, PlacedSlide
from generator.write.pages import LabUrls, image_size, lab_length, linker, note, time_range


def handout_page(lab: Lab, urls: LabUrls, page_url: str) -> str:
    """Return the Markdown of a lab's handout page.

    Its text is the chapter pages' again: search leaves it out (`data-pagefind-ignore`, and
    the plugin excludes it from the theme's index), so that results lead to the chapters.
    """
    notes = lab.notes
    link = linker(page_url)
    facts = [notes.presenter, long_date(notes.date) if notes.date else "", lab_length(lab)]
    parts = [
        '<div class="ls-handout" data-pagefind-ignore="all" markdown="1">',
        "",
        f"# {markdown_text(notes.title)}",
        "",
        f'<p class="ls-facts">{escape(" · ".join(f for f in facts if f))}</p>',
        "",
    ]
    if notes.description:
        parts += [f'<p class="ls-description">{escape(notes.description)}</p>', ""]
    if not lab.paragraphs and lab.transcript_problem:
        parts += [f'<p class="ls-note">{note(lab.transcript_problem)}</p>', ""]
    for chapter, url in zip(notes.chapters, urls.chapters, strict=True):
        parts += _chapter(lab, chapter, urls, link, url)
    parts += ["</div>", ""]
    return "\n".join(parts)


def _chapter(
    lab: Lab, chapter: Chapter, urls: LabUrls, link: Callable[[str], str], url: str
) -> list[str]:
    parts = [
        '<section class="ls-handout-chapter" markdown="1">',
        "",
        f"## {markdown_text(chapter.title)}",
        "",
        f'<p class="ls-range">{escape(time_range(lab, chapter))}</p>',
        "",
    ]
    placed = [p for p in lab.placed if p.chapter == chapter.index]
    if placed:
        figures = "".join(_figure(p, urls, link, url) for p in placed)
        parts += [f'<div class="ls-handout-slides">{figures}</div>', ""]
    said = [p for p in lab.paragraphs if p.chapter == chapter.index]
    if said:
        # Each time leads to the chapter's page at that moment.
        body = "\n".join(
            f'<p><a class="ls-time" href="{link(url)}#t={moment(p.start)}">{clock(p.start)}</a> '
            f"{escape(p.text)}</p>"
            for p in said
        )
        parts += [f'<div class="ls-transcript">\n{body}\n</div>', ""]
    return [*parts, "</section>", ""]


def _figure(placed: PlacedSlide, urls: LabUrls, link: Callable[[str], str], url: str) -> str:
    slide = placed.slide
    title = slide.title or f"Slide {slide.number}"
    return (
        f'<figure class="ls-handout-slide">'
        f'<img src="{link(urls.slide_thumb(slide.number))}" alt="Slide {slide.number}: {escape(title)}"'
        f"{image_size(urls, slide.number)}>"
        f'<figcaption>slide {slide.number} · <a class="ls-time" href="{link(url)}#t={moment(placed.seconds)}">'
        f"{clock(placed.seconds)}</a> · {escape(title)}</figcaption></figure>"
    )
