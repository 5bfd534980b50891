"""Labs as guests in a site of its own pages: under talks/, beside them, never over them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from labs import write_lab

from generator.build import build_site
from generator.errors import GeneratorError

NAMES = ("ll202505", "ll202506", "ll202507")
ATOM = "{http://www.w3.org/2005/Atom}"


def _project(shared: Path, base: Path, extra: str = "") -> tuple[Path, list[Path]]:
    docs = base / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nOur own front page.\n", encoding="utf-8")
    (docs / "about.md").write_text("# About us\n\nWho we are.\n", encoding="utf-8")
    config = base / "mkdocs.yml"
    config.write_text(
        "site_name: Our site\nsite_url: https://example.org/\ntheme:\n  name: material\n"
        f"plugins:\n  - search\n  - labsite{extra}\n",
        encoding="utf-8",
    )
    labs = [
        write_lab(base / "labs", name, {"notes.md": (shared / "labs" / f"{name}.md").read_bytes()})
        for name in NAMES
    ]
    return config, labs


@pytest.fixture(scope="module")
def site(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("guest")
    config, labs = _project(shared, base)
    out = base / "site"
    build_site(labs, out, config_file=config, cache_dir=base / "cache")
    return out


def test_the_site_keeps_its_home_and_pages(site: Path) -> None:
    assert "Our own front page." in (site / "index.html").read_text(encoding="utf-8")
    assert "Who we are." in (site / "about" / "index.html").read_text(encoding="utf-8")


def test_the_labs_and_their_catalog_are_under_talks(site: Path) -> None:
    catalog = (site / "talks" / "index.html").read_text(encoding="utf-8")
    for name in NAMES:
        assert (site / "talks" / name / "index.html").is_file()
        assert f'href="{name}/"' in catalog
    assert not any((site / name).exists() for name in NAMES)


def test_the_site_s_pages_link_the_catalog_and_lab_pages_link_the_site_s(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="talks/"' in home and 'href="about/"' in home
    lab_home = (site / "talks" / NAMES[0] / "index.html").read_text(encoding="utf-8")
    assert 'href="../../about/"' in lab_home


def test_the_feed_sits_with_the_labs_and_links_them(site: Path) -> None:
    feed = ET.parse(site / "talks" / "feed.xml").getroot()
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "https://example.org/talks/feed.xml"
    assert links["alternate"] == "https://example.org/talks/"
    entries = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]  # type: ignore[union-attr]
    assert sorted(entries) == sorted(f"https://example.org/talks/{n}/" for n in NAMES)


def test_robots_txt_stays_the_site_s_business(site: Path) -> None:
    assert not (site / "robots.txt").exists()
    videos = (site / "talks" / "sitemap-video.xml").read_text(encoding="utf-8")
    assert all(f"https://example.org/talks/{name}/" in videos for name in NAMES)


def test_a_chosen_prefix_is_where_the_labs_go(shared: Path, tmp_path: Path) -> None:
    config, labs = _project(shared, tmp_path, ":\n      prefix: /archive/2025/")
    out = tmp_path / "site"
    build_site(labs, out, config_file=config, cache_dir=tmp_path / "cache")
    assert (out / "archive" / "2025" / "index.html").is_file()
    assert (out / "archive" / "2025" / NAMES[1] / "index.html").is_file()


def test_a_lab_page_where_a_site_file_is_stops_the_build(shared: Path, tmp_path: Path) -> None:
    config, labs = _project(shared, tmp_path)
    (tmp_path / "docs" / "talks").mkdir()
    mine = tmp_path / "docs" / "talks" / "index.md"
    mine.write_text("# Our talks\n", encoding="utf-8")
    out = tmp_path / "site"
    with pytest.raises(GeneratorError) as caught:
        build_site(labs, out, config_file=config, cache_dir=tmp_path / "cache")
    message = str(caught.value)
    assert str(mine) in message and "talks/index.md" in message and "\n" not in message
    assert not out.exists()
