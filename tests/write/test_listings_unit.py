"""Listing pages, called directly: the catalog's cards newest first, its pages, the tag pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from fragments import find, one
from hostile import unsafe
from models import lab, notes, urls

from generator.model import Lab
from generator.write.listings import ListingPager, catalog_page, newest_first, tags_page
from generator.write.pages import LabUrls

HOSTILE = '"><script>alert(1)</script>'
TAGS = {"containers": "tags/containers/", "go": "tags/go/"}


def _pair(
    lab_id: str, day: date | None, tags: tuple[str, ...] = (), **url_changes: Any
) -> tuple[Lab, LabUrls]:
    made = lab(notes=notes(id=lab_id, title=f"Lab {lab_id}", date=day, tags=tags))
    return made, urls(made, prefix=f"{lab_id}/", **url_changes)


def _titles(page: str) -> list[str]:
    return [h.text for h in find(page, "h2")]


def test_the_catalog_lists_labs_newest_first_and_undated_ones_last() -> None:
    labs = [
        _pair("old", date(2024, 1, 31)),
        _pair("undated", None),
        _pair("new", date(2025, 9, 4)),
        _pair("middle", date(2024, 12, 1)),
    ]
    page = catalog_page(labs, "", "Labs", {})
    assert _titles(page) == ["Lab new", "Lab middle", "Lab old", "Lab undated"]
    assert page.startswith("# Labs\n")
    assert "4 labs, newest first." in page.splitlines()


def test_one_lab_is_counted_in_the_singular_and_a_page_counts_the_whole_listing() -> None:
    assert "1 lab, newest first." in catalog_page([_pair("a", None)], "", "Labs", {}).splitlines()
    page = catalog_page([_pair("a", None)], "", "Labs", {}, total=120)
    assert "120 labs, newest first." in page.splitlines()


def test_a_card_links_the_lab_and_says_its_facts() -> None:
    page = catalog_page([_pair("ll1", date(2025, 9, 4))], "tags/go/", "Go", {})
    assert one(page, "h2").text == "Lab ll1"
    assert one(page, "p").text == "September 4, 2025 · Ada Lovelace · 2 chapters · 2 min"
    assert one(page, "a").attrs["href"] == "../../ll1/"


def test_a_card_pictures_the_thumbnail_else_the_first_slide_else_a_blank() -> None:
    thumbnail = _pair(
        "a", date(2025, 3, 1), thumbnail="a/video/thumbnail.jpg", thumb_sizes={1: (1, 1)}
    )
    slides = _pair("b", date(2025, 2, 1), thumb_sizes={7: (480, 270), 3: (480, 270)})
    blank = _pair("c", date(2025, 1, 1))
    page = catalog_page([thumbnail, slides, blank], "", "Labs", {})
    assert [img.attrs["src"] for img in find(page, "img")] == [
        "a/video/thumbnail.jpg",
        "b/slides/003-thumb.webp",
    ]
    assert len(find(page, "span", "ls-card-blank")) == 1


def test_a_card_s_tags_link_their_pages_when_they_have_one() -> None:
    page = catalog_page([_pair("a", None, ("go", "no-page"))], "", "Labs", TAGS)
    card = page.split('<ul class="ls-tags ls-tag-index"')[0]
    assert [li.text for li in find(card, "li")] == ["go", "no-page"]
    assert [(a.text, a.attrs["href"]) for a in find(card, "a")][1:] == [("go", "tags/go/")]


def test_the_first_catalog_page_lists_every_tag_and_a_tag_page_does_not() -> None:
    labs = [_pair("a", None, ("go",))]
    first = catalog_page(labs, "", "Labs", TAGS)
    assert [li.text for li in find(first, "li")] == ["go", "containers", "go"]
    assert [a.attrs["href"] for a in find(first, "a") if a.text in TAGS] == [
        "tags/go/",  # on the card
        "tags/containers/",
        "tags/go/",
    ]
    tagged = catalog_page(labs, "tags/go/", "Go", TAGS, intro="Labs tagged *go*")
    assert find(tagged, "ul", "ls-tag-index") == []
    # The intro names a tag: text, not Markdown, in place of the count.
    assert "Labs tagged \\*go\\*" in tagged.splitlines()
    assert "1 lab, newest first." not in tagged


def test_a_paged_catalog_says_which_page_and_links_the_others() -> None:
    pager = ListingPager(2, ("", "page/2/", "page/3/"))
    page = catalog_page([_pair("a", None)], "page/2/", "Labs", TAGS, total=25, pager=pager)
    assert page.startswith("# Labs \\(page 2 of 3\\)\n")
    nav = one(page, "nav", "ls-listing-pager")
    assert nav.text == "← Newer 1 2 3 Older →"
    pager_markup = page.split('<nav class="ls-listing-pager"')[1]
    links = [(a.text, a.attrs["href"]) for a in find(pager_markup, "a")]
    assert links == [("← Newer", "../../"), ("1", "../../"), ("3", "../3/"), ("Older →", "../3/")]
    current = [span.text for span in find(page, "span") if "aria-current" in span.attrs]
    assert current == ["2"]
    # Only the first page lists the tags.
    assert find(page, "ul", "ls-tag-index") == []


def test_a_listing_of_one_page_has_no_pager() -> None:
    page = catalog_page([_pair("a", None)], "", "Labs", {}, pager=ListingPager(1, ("",)))
    assert page.startswith("# Labs\n") and find(page, "nav") == []


def test_the_last_page_links_no_older_one() -> None:
    pager = ListingPager(3, ("", "page/2/", "page/3/"))
    page = catalog_page([_pair("a", None)], "page/3/", "Labs", {}, pager=pager)
    assert find(page, "a", "ls-next") == [] and one(page, "a", "ls-prev").attrs["href"] == "../2/"


def test_hostile_titles_and_tags_stay_text_in_the_catalog() -> None:
    made = lab(notes=notes(title=HOSTILE, tags=(HOSTILE,), presenter=HOSTILE))
    page = catalog_page([(made, urls(made))], "", HOSTILE, {HOSTILE: "tags/x/"})
    assert unsafe(page) == [] and find(page, "script") == []
    assert _titles(page) == [HOSTILE]
    assert page.startswith('# "&gt;&lt;script&gt;alert\\(1\\)&lt;/script&gt;\n')


def test_the_tags_page_counts_each_tag_s_labs() -> None:
    labs = [_pair("a", None, ("go", "containers")), _pair("b", None, ("go",)), _pair("c", None)]
    tag_urls = {"go": "tags/go/", "containers": "tags/containers/", "rust": "tags/rust/"}
    page = tags_page(tag_urls, "tags/", labs)
    entries = [li.text for li in find(page, "li")]
    assert entries == ["containers 1", "go 2", "rust 0"]
    assert [a.attrs["href"] for a in find(page, "a")] == ["containers/", "go/", "rust/"]


def test_newest_first_orders_by_date_then_id_and_puts_undated_labs_below_dated_ones() -> None:
    keys = {
        lab_id: newest_first(_pair(lab_id, day)[0])
        for lab_id, day in (("b", date(2025, 1, 1)), ("a", date(2025, 1, 1)), ("z", None))
    }
    assert sorted(keys, key=keys.__getitem__, reverse=True) == ["b", "a", "z"]
