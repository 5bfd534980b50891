"""Write the Markdown of listing pages: the catalog of labs (paged) and the tag pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from generator.formats import escape, long_date, markdown_text
from generator.model import Lab
from generator.write.pages import LabUrls, lab_length, linker


@dataclass(frozen=True)
class ListingPager:
    """Where one page of a catalog listing stands among its pages."""

    number: int
    """1-based number of this page."""
    urls: tuple[str, ...]
    """Site-relative URL of every page of the listing, in order."""


def catalog_page(
    labs: Sequence[tuple[Lab, LabUrls]],
    page_url: str,
    title: str,
    tag_urls: Mapping[str, str],
    intro: str = "",
    *,
    total: int | None = None,
    pager: ListingPager | None = None,
) -> str:
    """Return the Markdown of a catalog page: the given labs as cards, newest first.

    `total` counts the labs of the whole listing when `labs` is one page of it.
    """
    link = linker(page_url)
    ordered = sorted(labs, key=lambda pair: newest_first(pair[0]), reverse=True)
    count = total if total is not None else len(labs)
    summary = f"{count} lab{'s' if count != 1 else ''}, newest first."
    heading = title
    if pager is not None and len(pager.urls) > 1:
        heading = f"{title} (page {pager.number} of {len(pager.urls)})"
    parts = [
        f"# {markdown_text(heading)}",
        "",
        markdown_text(intro) if intro else summary,  # a tag page's intro names a tag: text
        "",
        '<div class="ls-catalog" data-pagefind-ignore="all">',
    ]
    for lab, urls in ordered:
        parts.append(_card(lab, urls, link, tag_urls))
    parts += ["</div>", ""]
    if pager is not None and len(pager.urls) > 1:
        parts += [_listing_pager(pager, link), ""]
    if tag_urls and not intro and (pager is None or pager.number == 1):
        parts += ["## Tags", "", _tag_list(tag_urls, link), ""]
    return "\n".join(parts)


def tags_page(
    tag_urls: Mapping[str, str],
    page_url: str,
    labs: Sequence[tuple[Lab, LabUrls]],
) -> str:
    """Return the Markdown of the page that lists every tag with its number of labs."""
    link = linker(page_url)
    counts = {tag: sum(tag in s.notes.tags for s, _ in labs) for tag in tag_urls}
    items = "".join(
        f'<li><a href="{link(url)}">{escape(tag)}</a> <span class="ls-count">{counts[tag]}</span></li>'
        for tag, url in sorted(tag_urls.items())
    )
    return f'# Tags\n\n<ul class="ls-tags ls-tag-index">{items}</ul>\n'


def _tag_list(tag_urls: Mapping[str, str], link: Callable[[str], str]) -> str:
    items = "".join(
        f'<li><a href="{link(url)}">{escape(tag)}</a></li>' for tag, url in sorted(tag_urls.items())
    )
    return f'<ul class="ls-tags ls-tag-index">{items}</ul>'


def _listing_pager(pager: ListingPager, link: Callable[[str], str]) -> str:
    """Return links to the other pages of a listing: previous, numbers, next."""
    items = []
    if pager.number > 1:
        items.append(
            f'<a class="ls-prev" rel="prev" href="{link(pager.urls[pager.number - 2])}">← Newer</a>'
        )
    for number, url in enumerate(pager.urls, start=1):
        if number == pager.number:
            items.append(f'<span aria-current="page">{number}</span>')
        else:
            items.append(f'<a href="{link(url)}">{number}</a>')
    if pager.number < len(pager.urls):
        items.append(
            f'<a class="ls-next" rel="next" href="{link(pager.urls[pager.number])}">Older →</a>'
        )
    return f'<nav class="ls-listing-pager" aria-label="Catalog pages" data-pagefind-ignore>{" ".join(items)}</nav>'


def newest_first(lab: Lab) -> tuple[str, str]:
    """Return a sort key that orders labs by date (reverse it for newest first)."""
    return (lab.notes.date.isoformat() if lab.notes.date else "", lab.notes.id)


def _card(lab: Lab, urls: LabUrls, link: Callable[[str], str], tag_urls: Mapping[str, str]) -> str:
    notes = lab.notes
    facts = [
        long_date(notes.date) if notes.date else "",
        notes.presenter,
        f"{len(notes.chapters)} chapters",
        lab_length(lab),
    ]
    # The video's thumbnail, else the title slide, else a quiet placeholder.
    picture = urls.thumbnail or (
        urls.slide_thumb(min(urls.thumb_sizes)) if urls.thumb_sizes else None
    )
    thumb = (
        f'<img src="{link(picture)}" alt="" class="ls-noglb" width="320" height="180" loading="lazy">'
        if picture
        else '<span class="ls-card-blank" aria-hidden="true"></span>'
    )
    tags = "".join(
        f'<li><a href="{link(tag_urls[t])}">{escape(t)}</a></li>'
        if t in tag_urls
        else f"<li>{escape(t)}</li>"
        for t in notes.tags
    )
    return (
        f'<article class="ls-card">{thumb}<h2><a href="{link(urls.home)}">{escape(notes.title)}</a></h2>'
        f"<p>{escape(' · '.join(f for f in facts if f))}</p>"
        + (f'<ul class="ls-tags" aria-label="Tags">{tags}</ul>' if tags else "")
        + "</article>"
    )
