"""Write a lab's handout: every chapter's slides and transcript on one page, made to be printed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from generator.formats import long_date
from generator.model import Lab, Paragraph
from generator.write.figures import SlideThumb, thumb
from generator.write.markup import DEFAULT, Templates
from generator.write.pages import LabUrls, lab_length, relative, time_range


@dataclass(frozen=True)
class HandoutChapter:
    """A chapter of the handout: where it is, its slides and what is said in it."""

    title: str
    range: str
    page: str
    """The chapter's page, from the handout: each time leads there at that moment."""
    slides: tuple[SlideThumb, ...]
    paragraphs: tuple[Paragraph, ...]


def handout_page(lab: Lab, urls: LabUrls, page_url: str, *, templates: Templates = DEFAULT) -> str:
    """Return the Markdown of a lab's handout page.

    Its text is the chapter pages' again: search leaves it out (`data-pagefind-ignore`, and
    the plugin excludes it from the theme's index), so that results lead to the chapters.
    """
    notes = lab.notes
    facts = [notes.presenter, long_date(notes.date) if notes.date else "", lab_length(lab)]
    chapters = []
    for chapter, url in zip(notes.chapters, urls.chapters, strict=True):
        here = partial(relative, page_url)
        slides = tuple(thumb(p, urls, here) for p in lab.placed if p.chapter == chapter.index)
        said = tuple(p for p in lab.paragraphs if p.chapter == chapter.index)
        page = relative(page_url, url)
        chapters.append(HandoutChapter(chapter.title, time_range(lab, chapter), page, slides, said))
    return templates.render(
        "handout.html",
        title=notes.title,
        facts=" · ".join(f for f in facts if f),
        description=notes.description,
        problem="" if lab.paragraphs else lab.transcript_problem,
        chapters=chapters,
    )
