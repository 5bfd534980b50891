"""Plan the site: where every lab's pages and files go, and the navigation between them."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from generator.errors import InputError
from generator.formats import slugify
from generator.languages import html_language
from generator.model import Lab, Notes
from generator.write import feeds, listings, pages, share
from generator.write.downloads import expected_downloads, lab_downloads
from generator.write.handout import handout_page
from generator.write.markup import DEFAULT, Templates


@dataclass(frozen=True)
class PageOut:
    """A generated Markdown page, written when it is read: a catalog need not hold them all."""

    src_uri: str
    write: Callable[[], str]
    key: str | None = None
    """What the page is made from, when that is known without writing it: a lab's files and
    the page's place. Pages with equal keys are equal; None: always write the page."""
    card: share.Card | None = None
    """What the page says of itself when shared (None: the site's title and description)."""
    lang: str | None = None
    """The language the page is in, when it is known to be its talk's (None: the site's)."""

    @property
    def markdown(self) -> str:
        """Return the page's Markdown."""
        return self.write()


@dataclass(frozen=True)
class FileOut:
    """A file copied or generated into the site: from `source`, or with `content`."""

    uri: str
    source: Path | None = None
    content: bytes | None = None


@dataclass(frozen=True)
class SitePlan:
    """Everything the labs add to the site."""

    pages: tuple[PageOut, ...]
    files: tuple[FileOut, ...]
    nav: list[object]
    lab_homes: frozenset[str] = frozenset()
    """Source URIs of the lab home pages: in a catalog, each heads a navigation section of its own."""
    lab_folders: tuple[tuple[Lab, str, tuple[str, ...]], ...] = ()
    """Each lab, its folder in the site ("" when the site is that lab) and its pages' URIs."""
    handouts: frozenset[str] = frozenset()
    """Source URIs of the labs' handout pages: in the navigation, but not in the chapters'
    previous/next chain nor in search (their text is the chapters' again)."""
    feed: str = feeds.FEED_URI
    """Source URI of the labs' Atom feed."""


CATALOG_PAGE_SIZE = 48
"""Labs per catalog (or tag) page: past it, the list goes on to a numbered next page."""


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """Return the site-relative URL MkDocs gives the page `src_uri`."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        directory = stem.removesuffix("index")
        return directory if use_directory_urls else directory + "index.html"
    return stem + "/" if use_directory_urls else stem + ".html"


def plan_site(
    labs: Sequence[Lab],
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
    check_unique(labs)
    templates = templates or DEFAULT
    planned: list[tuple[Lab, pages.LabUrls, str]] = []
    files: list[FileOut] = []
    for lab in labs:
        prefix = root if single else f"{root}{lab_prefix(lab)}/"
        urls, lab_files = _lab_urls(lab, prefix, use_directory_urls, cache_dir, made_in)
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
    in_nav_order = (
        planned
        if single
        else sorted(planned, key=lambda p: listings.newest_first(p[0]), reverse=True)
    )
    folders = []
    for lab, urls, prefix in in_nav_order:
        lab_pages, lab_nav = _lab_pages(
            lab, urls, prefix, use_directory_urls, catalog_url, offline, templates
        )
        out_pages += lab_pages
        folders.append((lab, prefix.rstrip("/"), tuple(p.src_uri for p in lab_pages)))
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
        nav = [{nav_title(labs[0].notes.linktitle): nav}]
    handouts = frozenset(_handout_uri(prefix) for _, _, prefix in planned)
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


def home_title(lab: Lab) -> str:
    """Return a lab's home in its navigation: "Overview", unless a chapter is called so."""
    taken = {chapter.title.strip().casefold() for chapter in lab.notes.chapters}
    return "About this talk" if "overview" in taken else "Overview"


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


def nav_title(text: str) -> Markup:
    """Return a navigation title that Material's templates show as text.

    Some of its templates print titles raw, others escape them again: escaped text marked
    safe satisfies both.
    """
    return Markup.escape(text)


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


def lab_prefix(lab: Lab) -> str:
    """Return the folder of a lab in a site of several labs: its id, made URL-safe."""
    return slugify(lab.notes.id)


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


def _chapter_uri(prefix: str, index: int, title: str) -> str:
    return f"{prefix}{index + 1:02d}-{slugify(title)}.md"


def _lab_urls(
    lab: Lab, prefix: str, use_directory_urls: bool, cache_dir: Path, made_in: Path | None
) -> tuple[pages.LabUrls, list[FileOut]]:
    files: list[FileOut] = []

    def add(uri: str, source: Path | None) -> str | None:
        if source is None:
            return None
        if made_in is not None:
            source = made_in / (prefix + uri)
            if not source.is_file() or source.is_symlink():
                raise InputError(made_in / prefix, 0, f"the lab's {uri} is missing")
        files.append(FileOut(prefix + uri, source))
        return prefix + uri

    published = lab.files
    for number, image in sorted(published.slides.items()):
        add(f"slides/{number:03d}-thumb.webp", image.thumb)
        add(f"slides/{number:03d}.webp", image.full)
    deck = add("deck.pdf", published.deck)
    thumbnail = published.thumbnail
    thumbnail_uri = add(f"video/thumbnail{thumbnail.suffix}", thumbnail) if thumbnail else None
    media = (
        add(f"video/video{published.media.suffix}", published.media) if published.media else None
    )
    made = lab_downloads(lab, cache_dir) if made_in is None else expected_downloads(lab)
    captions = add("video/transcript.vtt", made.track)
    transcript_srt = add("video/transcript.srt", made.srt)
    transcript_text = add("video/transcript.txt", made.text)
    demo_zip = None
    if made.demo_zip is not None:
        name, stored = made.demo_zip
        demo_zip = add(f"{slugify(lab.notes.id)}-{name}.zip", stored)
    urls = pages.LabUrls(
        home=page_url(prefix + "index.md", use_directory_urls),
        chapters=tuple(
            page_url(_chapter_uri(prefix, c.index, c.title), use_directory_urls)
            for c in lab.notes.chapters
        ),
        deck=deck,
        thumbnail=thumbnail_uri,
        media=media,
        captions=captions,
        demo_zip=demo_zip,
        transcript_text=transcript_text,
        transcript_srt=transcript_srt,
        handout=page_url(_handout_uri(prefix), use_directory_urls),
        slide_thumb=lambda n: f"{prefix}slides/{n:03d}-thumb.webp",
        slide_full=lambda n: f"{prefix}slides/{n:03d}.webp",
        thumb_sizes={n: image.thumb_size for n, image in published.slides.items()},
    )
    return urls, files


def _lab_pages(
    lab: Lab,
    urls: pages.LabUrls,
    prefix: str,
    use_directory_urls: bool,
    catalog_url: str | None,
    offline: bool,
    templates: Templates,
) -> tuple[list[PageOut], list[object]]:
    def key(uri: str) -> str | None:
        if not lab.key:
            return None
        place = f"{lab.key}\0{uri}\0{use_directory_urls}\0{catalog_url}\0{offline}"
        return hashlib.sha256(place.encode()).hexdigest()

    # Search indexes a page by its language: a talk's is its transcript's.
    lang = html_language(lab.language) if lab.language else None
    home_uri = prefix + "index.md"
    home = functools.partial(
        pages.lab_home, lab, urls, urls.home, catalog_url, offline=offline, templates=templates
    )
    out = [PageOut(home_uri, home, key(home_uri), share.lab_card(lab, urls), lang)]
    nav: list[object] = [{home_title(lab): home_uri}]
    for chapter, url in zip(lab.notes.chapters, urls.chapters, strict=True):
        uri = _chapter_uri(prefix, chapter.index, chapter.title)
        write = functools.partial(
            pages.chapter_page, lab, urls, chapter, url, offline=offline, templates=templates
        )
        out.append(PageOut(uri, write, key(uri), share.chapter_card(lab, urls, chapter), lang))
        nav.append({nav_title(chapter.title): uri})
    handout_uri = _handout_uri(prefix)
    write = functools.partial(handout_page, lab, urls, urls.handout, templates=templates)
    out.append(PageOut(handout_uri, write, key(handout_uri), share.handout_card(lab, urls), lang))
    nav.append({"Handout": handout_uri})
    return out, nav


def _handout_uri(prefix: str) -> str:
    return f"{prefix}handout.md"


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
