"""The structure that keeps a large catalog's pages small: local navigation, paged listings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from htmlparts import elements, inside
from labs import write_lab

from generator.build import build_site
from generator.load import load_lab
from generator.model import hold
from generator.write.site import CATALOG_PAGE_SIZE, plan_site


@dataclass(frozen=True)
class _Anchors:
    """Every link target of a page, and the links inside the primary navigation."""

    hrefs: list[str]
    nav_hrefs: list[str]


def _anchors(html: str) -> _Anchors:
    found = elements(html)
    nav = inside(found, lambda e: e.tag == "nav" and "md-nav--primary" in e.attrs.get("class", ""))
    return _Anchors(
        hrefs=[e.attrs["href"] for e in found if e.tag == "a" and "href" in e.attrs],
        nav_hrefs=[e.attrs["href"] for e in nav if e.tag == "a" and "href" in e.attrs],
    )


def _notes(number: int, chapters: int, tag: str) -> str:
    entries = "\n".join(
        f"- [{minute}:00](https://youtu.be/vid{number:08d}?t={minute * 60}) Part {minute} of lab {number}"
        for minute in range(chapters)
    )
    day = 1 + number % 28
    return (
        f"---\ntitle: Talk number {number}\ndate: 2025-{1 + number % 12:02d}-{day:02d}\n"
        f"tags: [{tag}]\n---\n\n{{{{< youtube vid{number:08d} >}}}}\n\n## Sections\n\n{entries}\n"
    )


def _labs(parent: Path, count: int, chapters: int = 3) -> list[Path]:
    return [
        write_lab(
            parent,
            f"talk{number:03d}",
            {"notes.md": _notes(number, chapters, "even" if number % 2 == 0 else "odd")},
        )
        for number in range(count)
    ]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    labs = _labs(tmp_path_factory.mktemp("labs"), 6)
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(labs, out, cache_dir=tmp_path_factory.mktemp("cache"))
    return labs, out


def test_a_chapter_page_links_no_other_labs_chapters(catalog: tuple[list[Path], Path]) -> None:
    _, out = catalog
    page = out / "talk002" / "02-part-1-of-lab-2" / "index.html"
    found = _anchors(page.read_text(encoding="utf-8"))
    chapter_link = re.compile(r"(?:\.\./)*(talk\d{3})/\d\d-")
    labs_linked = {m.group(1) for h in found.hrefs if (m := chapter_link.match(h))}
    assert labs_linked <= {"talk002"}, labs_linked
    # Its own lab's other chapters are in the navigation, the page itself as "./".
    own = [h for h in found.nav_hrefs if "part-" in h]
    assert sorted(own) == ["../01-part-0-of-lab-2/", "../03-part-2-of-lab-2/"]
    assert "./" in found.nav_hrefs
    assert any(h.rstrip("/") == "../.." for h in found.nav_hrefs)  # the catalog


def test_page_size_does_not_grow_with_the_catalog(tmp_path: Path) -> None:
    def chapter_page_bytes(count: int) -> int:
        labs = _labs(tmp_path / f"labs{count}", count)
        out = tmp_path / f"site{count}"
        build_site(labs, out, cache_dir=tmp_path / "cache")
        return len((out / "talk000" / "02-part-1-of-lab-0" / "index.html").read_bytes())

    small, large = chapter_page_bytes(2), chapter_page_bytes(12)
    # Ten more labs of three chapters would add about forty navigation links, over 4 KB.
    assert large - small < 600, (small, large)


def test_footer_links_stay_within_a_lab(catalog: tuple[list[Path], Path]) -> None:
    _, out = catalog
    last = (out / "talk004" / "03-part-2-of-lab-4" / "index.html").read_text(encoding="utf-8")
    first = (out / "talk004" / "index.html").read_text(encoding="utf-8")
    footer = re.compile(r'<a href="([^"]*)" class="md-footer__link md-footer__link--(\w+)"')
    assert [kind for _, kind in footer.findall(last)] == ["prev"]
    assert [kind for _, kind in footer.findall(first)] == ["next"]


def test_long_listings_are_paged(tmp_path: Path) -> None:
    count = CATALOG_PAGE_SIZE + 5
    sources = [load_lab(lab, tmp_path / "cache") for lab in _labs(tmp_path, count, chapters=1)]
    plan = plan_site(
        [hold(s) for s in sources],
        use_directory_urls=True,
        catalog_title="Talks",
        cache_dir=tmp_path / "cache",
    )
    pages = {page.src_uri: page.markdown for page in plan.pages}
    assert pages["index.md"].count('<article class="ls-card">') == CATALOG_PAGE_SIZE
    assert pages["page/2.md"].count('<article class="ls-card">') == 5
    assert "page/3.md" not in pages
    assert f"{count} labs, newest first." in pages["page/2.md"]
    assert 'href="page/2/"' in pages["index.md"]
    assert 'href="../../"' in pages["page/2.md"]
    # The newest lab leads the first page; the oldest ends the last one.
    dated = sorted(sources, key=lambda s: (s.notes.date, s.notes.id))
    first_card = pages["index.md"].index('<article class="ls-card">')
    assert dated[-1].notes.title in pages["index.md"][first_card : first_card + 600]
    assert pages["page/2.md"].rstrip().rfind(dated[0].notes.title) > 0
    # Tag listings are paged the same way, under the tag's own folder.
    evens = sum(1 for number in range(count) if number % 2 == 0)
    assert evens <= CATALOG_PAGE_SIZE
    assert "tags/even.md" in pages
    assert not any(uri.startswith("tags/even/") for uri in pages)
    assert "tags/index.md" in pages
    assert f'<span class="ls-count">{evens}</span>' in pages["tags/index.md"]


def test_a_paged_catalog_has_no_broken_link(tmp_path: Path) -> None:
    from tests.linkcheck import check_site, format_broken

    labs = _labs(tmp_path / "labs", CATALOG_PAGE_SIZE + 2, chapters=1)
    out = tmp_path / "site"
    build_site(labs, out, cache_dir=tmp_path / "cache")
    assert (out / "page" / "2" / "index.html").is_file()
    assert (out / "tags" / "even" / "index.html").is_file()
    report = check_site(out)
    assert report.broken == [], format_broken(report.broken)
    assert report.internal > 1000


def test_the_404_page_lists_no_lab_chapters(catalog: tuple[list[Path], Path]) -> None:
    _, out = catalog
    page = (out / "404.html").read_text(encoding="utf-8")
    assert not re.search(r'href="[^"]*talk\d{3}/\d\d-', page)
    assert len(page) < 40_000


def test_later_pages_of_a_listing_list_no_lab_chapters(tmp_path: Path) -> None:
    labs = _labs(tmp_path / "labs", CATALOG_PAGE_SIZE + 1, chapters=2)
    out = tmp_path / "site"
    build_site(labs, out, cache_dir=tmp_path / "cache")
    for page in (out / "page" / "2" / "index.html", out / "tags" / "odd" / "index.html"):
        html = page.read_text(encoding="utf-8")
        nav = html[html.index("md-nav--primary") :]
        nav = nav[: nav.index("</nav>")]
        assert not re.search(r'href="[^"]*talk\d{3}/\d\d-', nav), page
