"""One lab's place in the site: the URLs of its files, and its pages written when read."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from generator.errors import InputError
from generator.formats import slugify
from generator.languages import html_language
from generator.model import HeldLab, Lab
from generator.write import pages, share
from generator.write.downloads import expected_downloads, lab_downloads
from generator.write.handout import handout_page
from generator.write.held import whole_lab
from generator.write.markup import Templates


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


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """Return the site-relative URL MkDocs gives the page `src_uri`."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        directory = stem.removesuffix("index")
        return directory if use_directory_urls else directory + "index.html"
    return stem + "/" if use_directory_urls else stem + ".html"


def home_title(lab: Lab) -> str:
    """Return a lab's home in its navigation: "Overview", unless a chapter is called so."""
    taken = {chapter.title.strip().casefold() for chapter in lab.notes.chapters}
    return "About this talk" if "overview" in taken else "Overview"


def nav_title(text: str) -> Markup:
    """Return a navigation title that Material's templates show as text.

    Some of its templates print titles raw, others escape them again: escaped text marked
    safe satisfies both.
    """
    return Markup.escape(text)


def lab_prefix(lab: Lab) -> str:
    """Return the folder of a lab in a site of several labs: its id, made URL-safe."""
    return slugify(lab.notes.id)


def chapter_uri(prefix: str, index: int, title: str) -> str:
    return f"{prefix}{index + 1:02d}-{slugify(title)}.md"


def lab_urls(
    held: HeldLab, prefix: str, use_directory_urls: bool, cache_dir: Path, made_in: Path | None
) -> tuple[pages.LabUrls, list[FileOut]]:
    lab = held.outline
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
    made = lab_downloads(held, cache_dir) if made_in is None else expected_downloads(held)
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
            page_url(chapter_uri(prefix, c.index, c.title), use_directory_urls)
            for c in lab.notes.chapters
        ),
        deck=deck,
        thumbnail=thumbnail_uri,
        media=media,
        captions=captions,
        demo_zip=demo_zip,
        transcript_text=transcript_text,
        transcript_srt=transcript_srt,
        handout=page_url(handout_uri(prefix), use_directory_urls),
        slide_thumb=lambda n: f"{prefix}slides/{n:03d}-thumb.webp",
        slide_full=lambda n: f"{prefix}slides/{n:03d}.webp",
        thumb_sizes={n: image.thumb_size for n, image in published.slides.items()},
    )
    return urls, files


def lab_pages(
    held: HeldLab,
    urls: pages.LabUrls,
    prefix: str,
    use_directory_urls: bool,
    catalog_url: str | None,
    offline: bool,
    templates: Templates,
) -> tuple[list[PageOut], list[object]]:
    lab = held.outline

    def key(uri: str) -> str | None:
        if not lab.key:
            return None
        place = f"{lab.key}\0{uri}\0{use_directory_urls}\0{catalog_url}\0{offline}"
        return hashlib.sha256(place.encode()).hexdigest()

    # Search indexes a page by its language: a talk's is its transcript's.
    lang = html_language(lab.language) if lab.language else None
    home_uri = prefix + "index.md"
    home = functools.partial(
        _written(pages.lab_home),
        held,
        urls,
        urls.home,
        catalog_url,
        offline=offline,
        templates=templates,
    )
    out = [PageOut(home_uri, home, key(home_uri), share.lab_card(lab, urls), lang)]
    nav: list[object] = [{home_title(lab): home_uri}]
    for chapter, url in zip(lab.notes.chapters, urls.chapters, strict=True):
        uri = chapter_uri(prefix, chapter.index, chapter.title)
        write = functools.partial(
            _written(pages.chapter_page),
            held,
            urls,
            chapter,
            url,
            offline=offline,
            templates=templates,
        )
        out.append(PageOut(uri, write, key(uri), share.chapter_card(lab, urls, chapter), lang))
        nav.append({nav_title(chapter.title): uri})
    handout = handout_uri(prefix)
    write = functools.partial(_written(handout_page), held, urls, urls.handout, templates=templates)
    out.append(PageOut(handout, write, key(handout), share.handout_card(lab, urls), lang))
    nav.append({"Handout": handout})
    return out, nav


def _written(page: Callable[..., str]) -> Callable[..., str]:
    """Return `page` called with the whole lab in place of the held one."""

    def write(held: HeldLab, *args: object, **kwargs: object) -> str:
        return page(whole_lab(held), *args, **kwargs)

    return write


def handout_uri(prefix: str) -> str:
    return f"{prefix}handout.md"
