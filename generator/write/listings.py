"""Write the Markdown of listing pages: the catalog of labs (paged) and the tag pages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.formats import long_date
from generator.model import Lab
from generator.write.markup import DEFAULT, Templates
from generator.write.pages import LabUrls, lab_length, relative


@dataclass(frozen=True)
class ListingPager:
    """Where one page of a catalog listing stands among its pages."""

    number: int
    """1-based number of this page."""
    urls: tuple[str, ...]
    """Site-relative URL of every page of the listing, in order."""


@dataclass(frozen=True)
class LabCard:
    """A lab as a listing shows it. Links are relative to the listing's page."""

    title: str
    home: str
    picture: str | None
    """The video's thumbnail, else the title slide; None: a quiet placeholder."""
    facts: str
    tags: tuple[tuple[str, str | None], ...]
    """Each tag and its page (None when it has none)."""


@dataclass(frozen=True)
class PagerLinks:
    """Links to the other pages of a listing: previous, each by number, next."""

    previous: str | None
    pages: tuple[tuple[int, str | None], ...]
    """Each page's number and link; None for the page the links are on."""
    next: str | None


def catalog_page(
    labs: Sequence[tuple[Lab, LabUrls]],
    page_url: str,
    title: str,
    tag_urls: Mapping[str, str],
    intro: str = "",
    *,
    total: int | None = None,
    pager: ListingPager | None = None,
    templates: Templates = DEFAULT,
) -> str:
    """Return the Markdown of a catalog page: the given labs as cards, newest first.

    `total` counts the labs of the whole listing when `labs` is one page of it.
    """
    ordered = sorted(labs, key=lambda pair: newest_first(pair[0]), reverse=True)
    count = total if total is not None else len(labs)
    paged = pager is not None and len(pager.urls) > 1
    heading = f"{title} (page {pager.number} of {len(pager.urls)})" if pager and paged else title
    first = pager is None or pager.number == 1
    return templates.render(
        "catalog.html",
        heading=heading,
        intro=intro,  # a tag page's intro names a tag: text
        summary=f"{count} lab{'s' if count != 1 else ''}, newest first.",
        cards=[_card(lab, urls, page_url, tag_urls) for lab, urls in ordered],
        pager=_pager_links(pager, page_url) if pager and paged else None,
        tags=_tag_links(tag_urls, page_url) if tag_urls and not intro and first else [],
    )


def tags_page(
    tag_urls: Mapping[str, str],
    page_url: str,
    labs: Sequence[tuple[Lab, LabUrls]],
    *,
    templates: Templates = DEFAULT,
) -> str:
    """Return the Markdown of the page that lists every tag with its number of labs."""
    counts = {tag: sum(tag in s.notes.tags for s, _ in labs) for tag in tag_urls}
    tags = [(tag, url, counts[tag]) for tag, url in _tag_links(tag_urls, page_url)]
    return templates.render("tags.html", tags=tags)


def _tag_links(tag_urls: Mapping[str, str], page_url: str) -> list[tuple[str, str]]:
    return [(tag, relative(page_url, url)) for tag, url in sorted(tag_urls.items())]


def _pager_links(pager: ListingPager, page_url: str) -> PagerLinks:
    """Return links to the other pages of a listing: previous, numbers, next."""
    urls = [relative(page_url, url) for url in pager.urls]
    return PagerLinks(
        previous=urls[pager.number - 2] if pager.number > 1 else None,
        pages=tuple(
            (number, None if number == pager.number else url)
            for number, url in enumerate(urls, start=1)
        ),
        next=urls[pager.number] if pager.number < len(urls) else None,
    )


def newest_first(lab: Lab) -> tuple[str, str]:
    """Return a sort key that orders labs by date (reverse it for newest first)."""
    return (lab.notes.date.isoformat() if lab.notes.date else "", lab.notes.id)


def _card(lab: Lab, urls: LabUrls, page_url: str, tag_urls: Mapping[str, str]) -> LabCard:
    notes = lab.notes
    facts = [
        long_date(notes.date) if notes.date else "",
        notes.presenter,
        f"{len(notes.chapters)} chapters",
        lab_length(lab),
    ]
    picture = urls.thumbnail or (
        urls.slide_thumb(min(urls.thumb_sizes)) if urls.thumb_sizes else None
    )
    return LabCard(
        title=notes.title,
        home=relative(page_url, urls.home),
        picture=relative(page_url, picture) if picture else None,
        facts=" · ".join(f for f in facts if f),
        tags=tuple(
            (t, relative(page_url, tag_urls[t]) if t in tag_urls else None) for t in notes.tags
        ),
    )
