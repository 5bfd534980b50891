"""Plan the site: where every lab's pages and files go, and the navigation between them."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import InputError
from generator.formats import slugify
from generator.model import HeldLab, Lab, Notes
from generator.write import feeds, listings, pages, share
from generator.write.labplan import (
    FileOut,
    PageOut,
    handout_uri,
    lab_pages,
    lab_prefix,
    lab_urls,
    nav_title,
    page_url,
)
from generator.write.markup import DEFAULT, Templates


@dataclass(frozen=True)
class SitePlan:
    """Everything the labs add to the site."""

    pages: tuple[PageOut, ...]
    files: tuple[FileOut, ...]
    nav: list[object]
    lab_homes: frozenset[str] = frozenset()
    """Source URIs of the lab home pages: in a catalog, each heads a navigation section of its own."""
    lab_folders: tuple[tuple[HeldLab, str, tuple[str, ...]], ...] = ()
    """Each lab, its folder in the site ("" when the site is that lab) and its pages' URIs."""
    handouts: frozenset[str] = frozenset()
    """Source URIs of the labs' handout pages: in the navigation, but not in the chapters'
    previous/next chain nor in search (their text is the chapters' again)."""
    feed: str = feeds.FEED_URI
    """Source URI of the labs' Atom feed."""


CATALOG_PAGE_SIZE = 48
"""Labs per catalog (or tag) page: past it, the list goes on to a numbered next page."""


def plan_site(
    labs: Sequence[HeldLab],
    *,
    use_directory_urls: bool,
    catalog_title: str,
    cache_dir: Path,
    offline: bool = False,
    site_url: str | None = None,
    root: str = "",
    templates: Templates | None = None,
    single: bool | None = None,
    made_in: Path | None = None,
) -> SitePlan:
    """Lay out the pages, files and navigation of a site of one or more labs.

    Everything goes under the folder `root` ("" or a path ending in "/"): a site of its own
    pages may hold the labs in `talks/`. With `site_url` (where the site will be hosted) the
    site also gets a video sitemap (and, at the site's root, a robots.txt that names it), and
    links in the feed are absolute. The pages are made from `templates` (the package's
    when None).

    `single`: whether the site is one lab, at its root (None: when there is one lab; a shard
    of a catalog that holds one lab is still laid out as the catalog). `made_in`: a site
    folder that already holds the labs' files (the joined parts of a sharded build): they
    are taken from there, nothing is made from the labs' folders or the cache.
    """
    if root and not root.endswith("/"):
        raise ValueError(f"the labs' folder must end with '/': {root!r}")
    single = len(labs) == 1 if single is None else single
    check_unique([held.outline for held in labs])
    templates = templates or DEFAULT
    planned: list[tuple[Lab, pages.LabUrls, str]] = []
    files: list[FileOut] = []
    for held in labs:
        lab = held.outline
        prefix = root if single else f"{root}{lab_prefix(lab)}/"
        urls, lab_files = lab_urls(held, prefix, use_directory_urls, cache_dir, made_in)
        planned.append((lab, urls, prefix))
        files += lab_files
    videos = [share.video_facts(lab, urls) for lab, urls, _ in planned]
    feed_uri = root + feeds.FEED_URI
    files.append(FileOut(feed_uri, content=_feed(planned, catalog_title, site_url, feed_uri)))
    if site_url and not offline:
        sitemap = feeds.video_sitemap([v for v in videos if v is not None], site_url=site_url)
        files.append(FileOut(root + feeds.VIDEO_SITEMAP_URI, content=sitemap))
        if not root:  # robots.txt is the site's own business when the labs are its guests
            files.append(FileOut(feeds.ROBOTS_URI, content=feeds.robots(site_url)))

    catalog_uri = None if single else f"{root}index.md"
    catalog_url = None if catalog_uri is None else page_url(catalog_uri, use_directory_urls)
    out_pages: list[PageOut] = []
    nav: list[object] = []
    tag_nav: list[object] = []
    if catalog_uri:
        pairs = [(s, u) for s, u, _ in planned]
        tags = sorted({tag for s, _ in pairs for tag in s.notes.tags})
        tag_uris = {tag: f"{root}tags/{slug}.md" for tag, slug in unique_slugs(tags, "tag").items()}
        tag_urls = {tag: page_url(uri, use_directory_urls) for tag, uri in tag_uris.items()}
        out_pages += _listing(
            pairs, catalog_uri, catalog_title, tag_urls, "", use_directory_urls, templates
        )
        nav.append({nav_title(catalog_title): catalog_uri})
        if tags:
            tags_uri = f"{root}tags/index.md"
            tags_url = page_url(tags_uri, use_directory_urls)
            out_pages.append(
                PageOut(
                    tags_uri,
                    functools.partial(
                        listings.tags_page, tag_urls, tags_url, pairs, templates=templates
                    ),
                )
            )
            tag_nav.append({"All tags": tags_uri})
        for tag in tags:
            tagged = [(s, u) for s, u in pairs if tag in s.notes.tags]
            intro = (
                f"{len(tagged)} lab{'s' if len(tagged) != 1 else ''} tagged “{tag}”, newest first."
            )
            out_pages += _listing(
                tagged, tag_uris[tag], f"Tag: {tag}", tag_urls, intro, use_directory_urls, templates
            )
            tag_nav.append({nav_title(tag): tag_uris[tag]})
    held_planned = [
        (held, urls, prefix) for held, (_, urls, prefix) in zip(labs, planned, strict=True)
    ]
    in_nav_order = (
        held_planned
        if single
        else sorted(held_planned, key=lambda p: listings.newest_first(p[0].outline), reverse=True)
    )
    folders = []
    for held, urls, prefix in in_nav_order:
        lab = held.outline
        made, lab_nav = lab_pages(
            held, urls, prefix, use_directory_urls, catalog_url, offline, templates
        )
        out_pages += made
        folders.append((held, prefix.rstrip("/"), tuple(p.src_uri for p in made)))
        if single:
            nav += lab_nav
        else:
            nav.append({nav_title(lab.notes.linktitle): lab_nav})
    if tag_nav:
        nav.append({"Tags": tag_nav})
    # A site that is one lab has no lab sections; a lab that is a guest in a site has one.
    homes = frozenset(
        () if single and not root else (f"{prefix}index.md" for _, _, prefix in planned)
    )
    if single and root:
        nav = [{nav_title(labs[0].outline.notes.linktitle): nav}]
    handouts = frozenset(handout_uri(prefix) for _, _, prefix in planned)
    return SitePlan(tuple(out_pages), tuple(files), nav, homes, tuple(folders), handouts, feed_uri)


def _listing(
    labs: Sequence[tuple[Lab, pages.LabUrls]],
    first_uri: str,
    title: str,
    tag_urls: Mapping[str, str],
    intro: str,
    use_directory_urls: bool,
    templates: Templates,
) -> list[PageOut]:
    """Return a catalog of `labs` as pages of at most `CATALOG_PAGE_SIZE` labs, newest first.

    The first page keeps `first_uri`; the others follow it as `<first>/2.md`, `<first>/3.md`…
    (`page/2.md`… for the site's index), so that every page stays small as the archive grows.
    """
    ordered = sorted(labs, key=lambda pair: listings.newest_first(pair[0]), reverse=True)
    chunks = [
        ordered[start : start + CATALOG_PAGE_SIZE]
        for start in range(0, len(ordered), CATALOG_PAGE_SIZE)
    ] or [[]]
    stem = first_uri.removesuffix(".md")
    folder = stem.removesuffix("index") + "page" if stem.endswith("index") else stem
    uris = [first_uri] + [f"{folder}/{number}.md" for number in range(2, len(chunks) + 1)]
    urls = [page_url(uri, use_directory_urls) for uri in uris]
    listing = []
    for number, (chunk, uri, url) in enumerate(zip(chunks, uris, urls, strict=True), start=1):
        write = functools.partial(
            listings.catalog_page,
            chunk,
            url,
            title,
            tag_urls,
            intro,
            total=len(ordered),
            pager=listings.ListingPager(number, tuple(urls)),
            templates=templates,
        )
        listing.append(PageOut(uri, write))
    return listing


def series_title(labs: Sequence[Notes]) -> str | None:
    """Return what the labs are called together: the first tag they all carry (their series),
    else the title of the only one; None for several labs with no tag in common."""
    if not labs:
        return None
    shared = set.intersection(*({t.casefold() for t in notes.tags} for notes in labs))
    series = [t for t in labs[0].tags if t.casefold() in shared]
    if series:
        return series[0]
    return labs[0].title if len(labs) == 1 else None


def unique_slugs(names: Sequence[str], fallback: str) -> dict[str, str]:
    """Give each name a slug no other name has ("C" and "C++" must not share a page)."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        base = slugify(name, fallback=fallback)
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        slugs[name] = slug
    return slugs


def check_unique(labs: Sequence[Lab]) -> None:
    """Raise `InputError` when two labs would get the same place in the site."""
    seen: dict[str, str] = {}
    for lab in labs:
        lab_id = lab_prefix(lab)
        if lab_id in seen:
            raise InputError(
                lab.directory, 0, f"two labs are named {lab_id!r} (also {seen[lab_id]})"
            )
        seen[lab_id] = lab.directory


def _feed(
    planned: Sequence[tuple[Lab, pages.LabUrls, str]],
    title: str,
    site_url: str | None,
    feed_uri: str,
) -> bytes:
    entries = [
        feeds.FeedEntry(
            lab_id=lab.notes.id,
            title=lab.notes.title,
            summary=share.lab_summary(lab),
            date=lab.notes.date,
            author=lab.notes.presenter,
            page=urls.home,
        )
        for lab, urls, _ in planned
    ]
    return feeds.atom(entries, title=title, site_url=site_url, feed_uri=feed_uri)
