"""The pages' templates: a theme overrides them, autoescape keeps text text, dates read alike."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
from labs import notes, write_lab
from markupsafe import Markup

from generator.build import build_site
from generator.errors import GeneratorError, InputError
from generator.load import load_lab
from generator.model import hold
from generator.pagecache import templates_version
from generator.write import listings
from generator.write.markup import Templates
from generator.write.site import plan_site

CHAPTERS = ("0:00 Opening words", "1:30 Static binaries")
SCRIPT = "<script>alert(1)</script>"


def _project(base: Path, chapter_template: str) -> tuple[Path, Path]:
    """Write a site whose theme's custom_dir holds its own `labsite/chapter.html`."""
    overrides = base / "overrides" / "labsite"
    overrides.mkdir(parents=True)
    (overrides / "chapter.html").write_text(chapter_template, encoding="utf-8")
    (base / "docs").mkdir()
    config = base / "mkdocs.yml"
    config.write_text(
        "site_name: Our talks\ntheme:\n  name: material\n  custom_dir: overrides\n"
        "plugins:\n  - search\n  - labsite\n",
        encoding="utf-8",
    )
    lab = write_lab(base / "labs", "lab", {"notes.md": notes(*CHAPTERS, title="Small talk")})
    return config, lab


def test_a_theme_s_chapter_template_makes_the_chapter_pages(tmp_path: Path) -> None:
    config, lab = _project(tmp_path, "# {{ title | markdown }}\n\nOur layout of {{ lab_title }}.\n")
    out = tmp_path / "site"
    build_site([lab], out, config_file=config, cache_dir=tmp_path / "cache")
    chapter = (out / "02-static-binaries" / "index.html").read_text(encoding="utf-8")
    assert "<p>Our layout of Small talk.</p>" in chapter
    assert 'class="ls-stage"' not in chapter
    # The home page is not overridden: it is the package's.
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="ls-stage"' in home and "Our layout" not in home

    # The page cache knows the template: a changed override gives changed pages.
    overridden = tmp_path / "overrides" / "labsite" / "chapter.html"
    overridden.write_text("# {{ title | markdown }}\n\nAnother layout, the second.\n")
    build_site([lab], out, config_file=config, cache_dir=tmp_path / "cache")
    chapter = (out / "02-static-binaries" / "index.html").read_text(encoding="utf-8")
    assert "<p>Another layout, the second.</p>" in chapter
    assert "Our layout" not in chapter


def test_a_theme_s_macro_file_replaces_the_package_s(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "labsite").mkdir(parents=True)
    (theme / "labsite" / "player.html").write_text(
        '{% macro player(p) %}<div class="our-player" data-from="{{ p.start }}"></div>'
        "{%- endmacro %}\n",
        encoding="utf-8",
    )
    lab = load_lab(write_lab(tmp_path, "lab", {"notes.md": notes(*CHAPTERS)}), tmp_path / "cache")
    plan = plan_site(
        [hold(lab)],
        use_directory_urls=True,
        catalog_title="Labs",
        cache_dir=tmp_path / "cache",
        templates=Templates([str(theme)]),
    )
    chapter = next(p for p in plan.pages if p.src_uri == "02-static-binaries.md").markdown
    assert '<div class="our-player" data-from="90"></div>' in chapter
    assert "ls-player" not in chapter
    # Without a theme: the package's player.
    plain = plan_site(
        [hold(lab)], use_directory_urls=True, catalog_title="Labs", cache_dir=tmp_path / "cache"
    )
    assert 'data-kind="youtube"' in plain.pages[0].markdown


def test_templates_version_follows_a_theme_s_labsite_templates(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "labsite").mkdir(parents=True)
    before = templates_version([str(theme)])
    (theme / "labsite" / "chapter.html").write_text("# {{ title }}\n", encoding="utf-8")
    added = templates_version([str(theme)])
    (theme / "labsite" / "chapter.html").write_text("# {{ title }} and more\n", encoding="utf-8")
    assert len({before, added, templates_version([str(theme)])}) == 3


def test_autoescape_escapes_every_value_that_is_not_markup() -> None:
    page = listings.tags_page({SCRIPT: "tags/x/", "a`b~c": "tags/abc/"}, "tags/", [])
    assert SCRIPT not in page
    assert '<a href="x/">&lt;script&gt;alert(1)&lt;/script&gt;</a>' in page
    # Backticks and tildes too: in the page's Markdown they would open a code fence.
    assert '<a href="abc/">a&#96;b&#126;c</a>' in page
    head = Templates().render(
        "head.html",
        feed=None,
        site_name="Labs",
        og=[("og:title", f'"onfocus="x" {SCRIPT}')],
        twitter=[],
        json_ld=None,
    )
    expected = "&quot;onfocus=&quot;x&quot; &lt;script&gt;alert(1)&lt;/script&gt;"
    assert head == f'<meta property="og:title" content="{expected}">\n'


def test_markup_is_written_as_it_is_and_text_is_escaped() -> None:
    stage = Templates().macro(
        "stage.html",
        "stage",
        Markup('<div class="ls-player"></div>'),
        [("slides", SCRIPT, Markup("<p>made here</p>"))],
    )
    assert '<div class="ls-player"></div>' in stage and "<p>made here</p>" in stage
    assert '<h2 id="slides">&lt;script&gt;alert(1)&lt;/script&gt;<a class="headerlink"' in stage
    assert Templates().macro("stage.html", "stage", SCRIPT, []).count("&lt;script&gt;") == 1


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2025, 9, 28), "September 28, 2025"),
        (date(2025, 9, 4), "September 4, 2025"),  # no zero, whatever the platform's strftime
        (date(2024, 2, 29), "February 29, 2024"),
    ],
)
def test_the_date_filter_writes_the_long_date_in_english(day: date, text: str) -> None:
    assert Templates().env.from_string("{{ day | long_date }}").render(day=day) == text


def test_a_lab_s_home_says_its_date(tmp_path: Path) -> None:
    folder = write_lab(tmp_path, "lab", {"notes.md": notes(*CHAPTERS, date="2025-09-04")})
    lab = load_lab(folder, tmp_path / "cache")
    plan = plan_site(
        [hold(lab)], use_directory_urls=True, catalog_title="Labs", cache_dir=tmp_path / "cache"
    )
    home = next(p for p in plan.pages if p.src_uri == "index.md").markdown
    assert '<time datetime="2025-09-04">September 4, 2025</time>' in home


def test_a_broken_override_is_reported_at_its_line(tmp_path: Path) -> None:
    config, lab = _project(tmp_path, "# {{ title | markdown }}\n\n{{ no_such_value }}\n")
    with pytest.raises(GeneratorError) as caught:
        build_site([lab], tmp_path / "site", config_file=config, cache_dir=tmp_path / "cache")
    message = str(caught.value)
    assert f"{tmp_path / 'overrides' / 'labsite' / 'chapter.html'}:3:" in message
    assert "no_such_value" in message and "\n" not in message
    assert not (tmp_path / "site").exists()


def test_a_syntax_error_in_an_override_names_its_file_and_line(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "labsite").mkdir(parents=True)
    broken = theme / "labsite" / "tags.html"
    broken.write_text("# Tags\n\n{% for tag in tags %}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        listings.tags_page({"go": "tags/go/"}, "tags/", [], templates=Templates([str(theme)]))
    assert caught.value.problem.file == str(broken)
    assert caught.value.problem.line == 3


def test_a_tag_page_s_card_names_the_tag_as_written(tmp_path: Path) -> None:
    # The page's title is escaped text already (the navigation's): it is not escaped again.
    tagged = 'tags: ["R&D <lab>"]\n'
    labs = [
        write_lab(tmp_path / "labs", name, {"notes.md": notes(*CHAPTERS, title=name, extra=tagged)})
        for name in ("one", "two")
    ]
    build_site(labs, tmp_path / "site", cache_dir=tmp_path / "cache")
    page = (tmp_path / "site" / "tags" / "r-d-lab" / "index.html").read_text(encoding="utf-8")
    [title] = re.findall(r'<meta property="og:title" content="([^"]*)">', page)
    assert html.unescape(title) == "R&D <lab>"
