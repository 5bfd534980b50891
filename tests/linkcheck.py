"""Check the links of a built static site: internal targets and anchors exist, externals listed."""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from htmlparts import elements

# Attributes that point at another file, per tag; `poster` and `srcset` load files too.
LINK_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "img": ("src", "srcset"),
    "link": ("href",),
    "script": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "source": ("src", "srcset"),
}
EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})
PLAYER_CLASS = "ls-player"
PLAYER_TIME = "t="


@dataclass(frozen=True)
class Link:
    """One URL found in a page."""

    page: str
    """Site-relative path of the HTML file it is in."""
    line: int
    tag: str
    url: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: <{self.tag}> {self.url}"


@dataclass(frozen=True)
class Broken:
    """An internal link whose file or anchor does not exist."""

    link: Link
    reason: str

    def __str__(self) -> str:
        return f"{self.link}: {self.reason}"


@dataclass
class Report:
    """What a check of a whole site found."""

    pages: int = 0
    internal: int = 0
    """Internal links checked."""
    anchors: int = 0
    """Of those, links with a fragment that was checked against the target page."""
    broken: list[Broken] = field(default_factory=list)
    external: list[Link] = field(default_factory=list)

    def hosts(self) -> Counter[str]:
        """Count the external links by host (`mailto:` links by the mail domain)."""
        counts: Counter[str] = Counter()
        for link in self.external:
            parts = urlsplit(link.url)
            if parts.scheme == "mailto":
                counts["mailto:" + parts.path.rpartition("@")[2].lower()] += 1
            else:
                counts[(parts.hostname or "").lower()] += 1
        return counts

    def summary(self) -> str:
        """Return a few lines: counts, then external links by host."""
        lines = [
            f"{self.pages} pages, {self.internal} internal links ({self.anchors} with anchors), "
            f"{len(self.broken)} broken, {len(self.external)} external"
        ]
        lines += [f"  {count:5d}  {host}" for host, count in self.hosts().most_common()]
        return "\n".join(lines)


@dataclass
class _Page:
    """The parts of an HTML page a link check needs."""

    ids: set[str] = field(default_factory=set)
    links: list[tuple[int, str, str]] = field(default_factory=list)
    has_player: bool = False


def _read_page(html: str) -> _Page:
    """Collect ids, anchor names, link URLs and whether the page has a video player."""
    page = _Page()
    for element in elements(html):
        values = element.attrs
        if "id" in values:
            page.ids.add(values["id"])
        if element.tag == "a" and "name" in values:
            page.ids.add(values["name"])
        if PLAYER_CLASS in values.get("class", "").split():
            page.has_player = True
        for attr in LINK_ATTRS.get(element.tag, ()):
            value = values.get(attr)
            if value is None:
                continue
            urls = _srcset(value) if attr == "srcset" else [value.strip()]
            page.links += [(element.line, element.tag, url) for url in urls]
    return page


def _srcset(value: str) -> list[str]:
    return [c.split()[0] for c in value.split(",") if c.strip()]


def check_site(site: Path, *, file_urls: bool = False) -> Report:
    """Check every link of every HTML page under `site`; never touch the network.

    With `file_urls`, the site must also work opened from disk (file://), where a link to
    a folder shows a listing rather than its index.html.
    """
    site = site.resolve()
    pages: dict[str, _Page] = {}
    for path in sorted(site.rglob("*.html")):
        pages[path.relative_to(site).as_posix()] = _read_page(path.read_text(encoding="utf-8"))

    report = Report(pages=len(pages))
    for name, page in pages.items():
        for line, tag, url in page.links:
            link = Link(name, line, tag, url)
            kind = _kind(url)
            if kind == "external":
                report.external.append(link)
            elif kind == "internal":
                report.internal += 1
                reason, anchored = _check_internal(site, pages, link, file_urls)
                if reason is not None:
                    report.broken.append(Broken(link, reason))
                report.anchors += anchored
    return report


def _kind(url: str) -> str:
    """Say whether `url` is internal, external (listed), or neither (data:, javascript:, …)."""
    parts = urlsplit(url)
    if parts.scheme in EXTERNAL_SCHEMES or (not parts.scheme and parts.netloc):
        return "external"
    return "other" if parts.scheme else "internal"


def _check_internal(
    site: Path, pages: dict[str, _Page], link: Link, file_urls: bool
) -> tuple[str | None, bool]:
    """Return why an internal link is broken (None if it is not), and if an anchor was checked."""
    parts = urlsplit(link.url)
    target = _target(link.page, unquote(parts.path))
    if target is None:
        return "points outside the site", False
    if (site / target).is_dir():
        if file_urls:
            return f"{target or '/'} is a folder: from disk it needs index.html", False
        target = posixpath.join(target, "index.html") if target else "index.html"
    elif parts.path.endswith("/"):
        return f"{target} is not a folder", False
    if not (site / target).is_file():
        return f"no file {target}", False
    page = pages.get(target)
    # Fragments of PDFs, images and the like are the viewer's business.
    if not parts.fragment or page is None:
        return None, False
    fragment = unquote(parts.fragment)
    if fragment.startswith(PLAYER_TIME):
        return (None if page.has_player else f"#{fragment} but {target} has no player"), True
    return (None if fragment in page.ids else f"no id {fragment!r} in {target}"), True


def _target(page: str, path: str) -> str | None:
    """Resolve a link's path against its page to a site-relative path ('' for the root)."""
    if not path:
        return page
    # A root-relative path replaces the page's folder: join() drops what comes before it.
    joined = posixpath.join("/" + posixpath.dirname(page), path)
    # normpath would let "../" climb over the root silently; count the levels instead.
    depth = 0
    for part in joined.split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                return None
        elif part not in ("", "."):
            depth += 1
    resolved = posixpath.normpath(joined).lstrip("/")
    return "" if resolved == "." else resolved


def format_broken(broken: Iterable[Broken]) -> str:
    """Return one line per broken link, for an assertion message."""
    return "\n".join(str(b) for b in broken)
