"""Slides as pages show them: a chapter's figures, thumbnails, and the slide still on screen."""

from __future__ import annotations

from functools import partial

from models import lab, placed, slide, urls

from generator.write.figures import SlideThumb, carried_figure, figure, moments, thumb
from generator.write.pages import relative

CHAPTERS = ((0, "Opening words"), (60, "Static binaries"), (200, "Questions"))
PAGE = "ll1/02/"
"""The page of the second chapter, which the links are made from."""


def test_a_slide_links_its_first_moment_then_each_later_stretch_on_screen() -> None:
    assert moments(placed(3, 1, 75.0)) == (75.0,)
    assert moments(placed(3, 1, 75.0, ((75.0, 90.0), (130.0, 150.0)))) == (75.0, 130.0)
    # Placed before its first stretch (the text matched earlier): that moment comes first.
    assert moments(placed(3, 1, 70.0, ((75.0, 90.0),))) == (70.0, 75.0)


def test_a_figure_says_the_slide_s_number_title_text_pictures_and_moments() -> None:
    where = urls(lab(*CHAPTERS), thumb_sizes={3: (480, 270)})
    shown = placed(slide(3, "Multi-stage builds", "FROM golang\nFROM static"), 1, 75.0)
    made = figure(shown, where, partial(relative, PAGE), "ll1", True)
    assert (made.number, made.title, made.titled) == (3, "Multi-stage builds", True)
    assert made.text == "FROM golang\nFROM static"
    assert made.summary == "FROM golang FROM static"
    assert (made.seconds, made.times, made.shown) == (75.0, (75.0,), ())
    assert made.full == "../slides/003.webp"
    assert made.thumb == "../slides/003-thumb.webp"
    assert (made.size, made.gallery, made.first) == ((480, 270), "ll1", True)
    assert made.alt == "Slide 3: Multi-stage builds"
    assert (made.carried, made.carried_page) == (None, None)


def test_a_slide_without_a_trusted_title_is_slide_n_and_shows_the_reading() -> None:
    where = urls(lab(*CHAPTERS))
    link = partial(relative, PAGE)
    untitled = figure(placed(slide(4, "", "just a screenshot"), 1, 80), where, link, "ll1", False)
    assert (untitled.title, untitled.titled, untitled.alt) == ("Slide 4", False, "Slide 4")
    assert untitled.size is None  # no size known: the page does not promise one
    doubtful = slide(5, "Mul1i-st@ge", "builds", title_confident=False)
    made = figure(placed(doubtful, 1, 90), where, link, "ll1", False)
    assert (made.title, made.titled) == ("Slide 5", False)
    assert made.text == "Mul1i-st@ge\nbuilds"


def test_a_figure_s_summary_is_one_line_cut_at_a_word() -> None:
    words = " ".join(["word"] * 200)  # 999 characters
    made = figure(placed(slide(3, "T", words), 1, 75), urls(lab(*CHAPTERS)), str, "ll1", False)
    assert made.text == words
    assert len(made.summary) <= 600 and made.summary.endswith("word…")


def test_a_thumbnail_links_its_picture_and_every_moment() -> None:
    where = urls(lab(*CHAPTERS), thumb_sizes={3: (480, 270)})
    shown = placed(slide(3, "Multi-stage builds"), 1, 75.0, ((75.0, 90.0), (130.0, 150.0)))
    made = thumb(shown, where, partial(relative, "ll1/"))
    image = "slides/003-thumb.webp"
    assert made == SlideThumb(3, "Multi-stage builds", 75.0, image, (480, 270), (75.0, 130.0))
    assert made.alt == "Slide 3: Multi-stage builds"


def test_a_thumbnail_s_alt_text_does_not_repeat_slide_n() -> None:
    assert SlideThumb(4, "Slide 4", 0, "x.webp", None).alt == "Slide 4"
    assert SlideThumb(4, "", 0, "x.webp", None).alt == "Slide 4"
    assert SlideThumb(4, "Über <uns>", 0, "x.webp", None).alt == "Slide 4: Über <uns>"


def test_a_slide_still_on_screen_shows_from_the_chapter_s_start_and_links_where_it_came() -> None:
    made_lab = lab(*CHAPTERS)
    where = urls(made_lab)
    # Slide 2 came on screen at 0:45, in the first chapter, and is still there at 1:00.
    still = placed(slide(2, "Why static?"), 1, 45.0, ((45.0, 70.0),))
    made = carried_figure(
        made_lab, still, made_lab.notes.chapters[1], where, partial(relative, PAGE)
    )
    assert (made.seconds, made.times, made.shown) == (60.0, (60.0,), ())
    assert made.carried == 45.0
    assert made.carried_page == "../01/"
    assert made.first and made.gallery == "ll1"


def test_a_slide_on_screen_before_any_chapter_has_no_page_to_link() -> None:
    made_lab = lab((10, "Late start"), (60, "Next"))
    still = placed(slide(1, "Title slide"), 1, 5.0)
    made = carried_figure(
        made_lab, still, made_lab.notes.chapters[1], urls(made_lab), partial(relative, PAGE)
    )
    assert (made.carried, made.carried_page) == (5.0, None)


def test_a_slide_that_came_at_a_chapter_s_very_start_links_that_chapter() -> None:
    made_lab = lab(*CHAPTERS)
    still = placed(slide(2, "Why static?"), 2, 60.0)
    made = carried_figure(
        made_lab, still, made_lab.notes.chapters[2], urls(made_lab), partial(relative, "ll1/03/")
    )
    assert made.carried_page == "../02/"
    assert made.seconds == 200.0
