"""Plan the site: where every lab's pages and files go, and the navigation between them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator import pages
from generator.errors import InputError
from generator.formats import escape, slugify
from generator.lab import LabSources

# Zip entries get this fixed time so that two builds give the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class PageOut:
    """A generated Markdown page."""

    src_uri: str
    markdown: str


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


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """Return the site-relative URL MkDocs gives the page `src_uri`."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        directory = stem.removesuffix("index")
        return directory if use_directory_urls else directory + "index.html"
    return stem + "/" if use_directory_urls else stem + ".html"


def plan_site(
    labs: Sequence[LabSources],
    *,
    use_directory_urls: bool,
    catalog_title: str,
    offline: bool = False,
) -> SitePlan:
    """Lay out the pages, files and navigation of a site of one or more labs."""
    single = len(labs) == 1
    _check_unique(labs)
    planned: list[tuple[LabSources, pages.LabUrls, str]] = []
    files: list[FileOut] = []
    for sources in labs:
        prefix = "" if single else f"{sources.lab.notes.id}/"
        urls, lab_files = _lab_urls(sources, prefix, use_directory_urls)
        planned.append((sources, urls, prefix))
        files += lab_files

    catalog_uri = None if single else "index.md"
    catalog_url = None if catalog_uri is None else page_url(catalog_uri, use_directory_urls)
    out_pages: list[PageOut] = []
    nav: list[object] = []
    tag_nav: list[object] = []
    if catalog_uri:
        pairs = [(s, u) for s, u, _ in planned]
        tags = sorted({tag for s, _ in pairs for tag in s.lab.notes.tags})
        tag_uris = {tag: f"tags/{slugify(tag)}.md" for tag in tags}
        tag_urls = {tag: page_url(uri, use_directory_urls) for tag, uri in tag_uris.items()}
        url = page_url(catalog_uri, use_directory_urls)
        out_pages.append(
            PageOut(catalog_uri, pages.catalog_page(pairs, url, catalog_title, tag_urls))
        )
        nav.append({escape(catalog_title): catalog_uri})
        for tag in tags:
            tagged = [(s, u) for s, u in pairs if tag in s.lab.notes.tags]
            intro = (
                f"{len(tagged)} lab{'s' if len(tagged) != 1 else ''} tagged “{tag}”, newest first."
            )
            markdown = pages.catalog_page(tagged, tag_urls[tag], f"Tag: {tag}", tag_urls, intro)
            out_pages.append(PageOut(tag_uris[tag], markdown))
            tag_nav.append({escape(tag): tag_uris[tag]})
    in_nav_order = (
        planned
        if single
        else sorted(planned, key=lambda p: pages.newest_first(p[0].lab), reverse=True)
    )
    for sources, urls, prefix in in_nav_order:
        lab_pages, lab_nav = _lab_pages(
            sources, urls, prefix, use_directory_urls, catalog_url, offline
        )
        out_pages += lab_pages
        if single:
            nav += lab_nav
        else:
            nav.append({escape(sources.lab.notes.linktitle): lab_nav})
    if tag_nav:
        nav.append({"Tags": tag_nav})
    return SitePlan(tuple(out_pages), tuple(files), nav)


def _check_unique(labs: Sequence[LabSources]) -> None:
    seen: dict[str, str] = {}
    for sources in labs:
        lab_id = sources.lab.notes.id
        if lab_id in seen:
            raise InputError(
                sources.lab.directory, 0, f"two labs are named {lab_id!r} (also {seen[lab_id]})"
            )
        seen[lab_id] = sources.lab.directory


def _chapter_uri(prefix: str, index: int, title: str) -> str:
    return f"{prefix}{index + 1:02d}-{slugify(title)}.md"


def _lab_urls(
    sources: LabSources, prefix: str, use_directory_urls: bool
) -> tuple[pages.LabUrls, list[FileOut]]:
    lab = sources.lab
    files: list[FileOut] = []

    def add(uri: str, source: Path | None = None, content: bytes | None = None) -> str:
        files.append(FileOut(prefix + uri, source, content))
        return prefix + uri

    for number, image in sorted(sources.images.items()):
        add(f"slides/{number:03d}-thumb.webp", image.thumb)
        add(f"slides/{number:03d}.webp", image.full)
    deck = add("deck.pdf", sources.deck_file) if sources.deck_file else None
    thumbnail = (
        add(f"video/thumbnail{sources.thumbnail.suffix}", sources.thumbnail)
        if sources.thumbnail
        else None
    )
    media = add(f"video/video{sources.media.suffix}", sources.media) if sources.media else None
    captions = (
        add("video/transcript.vtt", content=sources.captions_vtt.encode())
        if sources.captions_vtt
        else None
    )
    demo_zip = None
    if sources.config.demo_zip:
        folder = Path(lab.directory) / sources.config.demo_zip
        demo_zip = add(
            f"{slugify(lab.notes.id)}-{folder.name}.zip", content=zip_folder(folder, sources)
        )
    urls = pages.LabUrls(
        home=page_url(prefix + "index.md", use_directory_urls),
        chapters=tuple(
            page_url(_chapter_uri(prefix, c.index, c.title), use_directory_urls)
            for c in lab.notes.chapters
        ),
        deck=deck,
        thumbnail=thumbnail,
        media=media,
        captions=captions,
        demo_zip=demo_zip,
        slide_thumb=lambda n: f"{prefix}slides/{n:03d}-thumb.webp",
        slide_full=lambda n: f"{prefix}slides/{n:03d}.webp",
        thumb_sizes={n: image.thumb_size for n, image in sources.images.items()},
    )
    return urls, files


def _lab_pages(
    sources: LabSources,
    urls: pages.LabUrls,
    prefix: str,
    use_directory_urls: bool,
    catalog_url: str | None,
    offline: bool,
) -> tuple[list[PageOut], list[object]]:
    home_uri = prefix + "index.md"
    out = [
        PageOut(home_uri, pages.lab_home(sources, urls, urls.home, catalog_url, offline=offline))
    ]
    nav: list[object] = [{"Overview": home_uri}]
    for chapter, url in zip(sources.lab.notes.chapters, urls.chapters, strict=True):
        uri = _chapter_uri(prefix, chapter.index, chapter.title)
        out.append(PageOut(uri, pages.chapter_page(sources, urls, chapter, url, offline=offline)))
        nav.append({escape(chapter.title): uri})
    return out, nav


def zip_folder(folder: Path, sources: LabSources) -> bytes:
    """Zip a lab folder with fixed times and sorted names, so the bytes are reproducible."""
    if not folder.is_dir():
        raise InputError(sources.config.path, 0, f"demo.zip names {folder}, which is not a folder")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = path.relative_to(folder.parent).as_posix()
            if any(
                part.startswith(".") and part not in {".hadolint.yaml", ".dockerignore"}
                for part in path.relative_to(folder).parts
            ):
                continue
            info = zipfile.ZipInfo(relative, date_time=_ZIP_TIME)
            info.external_attr = (0o755 if path.stat().st_mode & 0o111 else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
