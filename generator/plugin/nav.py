"""The navigation of a site with labs: the site's own pages, then the labs, each lab apart."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import nest_paths


def site_nav(configured: list[Any] | None, own_pages: Iterable[str], labs: list[Any]) -> list[Any]:
    """Return the site's navigation: its own (as configured, or as MkDocs would make it from
    its pages) followed by the labs'."""
    own = configured if configured else nest_paths(own_pages)
    return [*own, *labs]


def local_navigations(
    nav: Navigation, lab_homes: frozenset[str], apart: frozenset[str] = frozenset()
) -> dict[str, Navigation]:
    """Give every page of a catalog the navigation of its own lab only.

    A page that listed every chapter of every lab would grow with the catalog, and so would
    the whole site with the square of its size. A lab's pages show the site's top-level pages
    and their lab's section; the other pages show the top-level pages and the sections that are
    not labs (tags) — and the lab's section when there is one lab only —, and so do the
    theme's own pages (404) under the key "". Previous/next links stay within a lab and skip
    the pages `apart`.
    """
    if not lab_homes:
        _link_in_order(nav.pages, apart)
        return {}
    top = [item for item in nav.items if not item.is_section]
    sections = [item for item in nav.items if item.is_section]
    labs = [s for s in sections if any(p.file.src_uri in lab_homes for p in _pages(s))]
    others = [s for s in sections if s not in labs]
    navs: dict[str, Navigation] = {}
    for section in labs:
        members = _pages(section)
        local = Navigation([*top, section], [*_top_pages(top), *members])
        _link_in_order(members, apart)
        for page in members:
            navs[page.file.src_uri] = local
    own = [*_top_pages(top), *(p for s in others for p in _pages(s))]
    # One lab, a guest in a site of its own pages: those pages show the lab's section too.
    shown = nav.items if len(labs) == 1 else [*top, *others]
    shared = Navigation(shown, [p for p in nav.pages if p in own] if len(labs) == 1 else own)
    _link_in_order(own)
    for page in own:
        navs[page.file.src_uri] = shared
    navs[""] = shared
    return navs


def _pages(section: Section) -> list[Page]:
    found: list[Page] = []
    for child in section.children:
        if isinstance(child, Section):
            found += _pages(child)
        elif isinstance(child, Page):
            found.append(child)
    return found


def _top_pages(items: list[Any]) -> list[Page]:
    return [item for item in items if isinstance(item, Page)]


def _link_in_order(members: list[Page], apart: frozenset[str] = frozenset()) -> None:
    """Set previous/next page links (the theme's footer) within one lab, around pages `apart`."""
    chain = [page for page in members if page.file.src_uri not in apart]
    for number, page in enumerate(chain):
        page.previous_page = chain[number - 1] if number else None
        page.next_page = chain[number + 1] if number + 1 < len(chain) else None
    for page in members:
        if page.file.src_uri in apart:
            page.previous_page = page.next_page = None
