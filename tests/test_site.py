"""Whole-site builds: the default lab, a catalog of every real lab page, escaping, atomicity."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import build_site
from generator.cli import DEFAULT_CONFIG
from generator.errors import GeneratorError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LAB = ROOT / "assets" / "labs" / "ll202509"


class _Links(HTMLParser):
    """Collect tags with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _tags(html: str, tag: str) -> list[dict[str, str]]:
    parser = _Links()
    parser.feed(html)
    return [attrs for name, attrs in parser.tags if name == tag]


def make_lab(parent: Path, name: str, notes: str, *, deck: Path | None = None) -> Path:
    """Create a lab directory with `notes` (text) and an optional deck copied in at test time."""
    lab = parent / name
    lab.mkdir(parents=True)
    (lab / "notes.md").write_text(notes, encoding="utf-8")
    if deck is not None:
        shutil.copyfile(deck, lab / "deck.pdf")
    return lab


@pytest.fixture(scope="module")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("default") / "site"
    cache = tmp_path_factory.mktemp("cache")
    build_site([DEFAULT_LAB], out, config_file=DEFAULT_CONFIG, cache_dir=cache, strict=True)
    return out


def _chapter_dirs(site: Path) -> list[Path]:
    return sorted(p for p in site.iterdir() if p.is_dir() and re.match(r"\d\d-", p.name))


def test_default_lab_has_home_and_17_chapter_pages(default_site: Path) -> None:
    home = (default_site / "index.html").read_text()
    assert "Static Chainguard Container Images" in home
    assert "Adrian Moat" in home
    assert "September 28, 2025" in home
    chapters = _chapter_dirs(default_site)
    assert len(chapters) == 17
    assert chapters[0].name.startswith("01-welcome-and-introductions")
    assert chapters[6].name.startswith("07-practical-demo")
    links = [a["href"] for a in _tags(home, "a") if re.match(r"\d\d-", a.get("href", ""))]
    for chapter in chapters:
        assert f"{chapter.name}/" in links, chapter.name


def test_chapter_page_player_range_and_links(default_site: Path) -> None:
    page = next(p for p in _chapter_dirs(default_site) if p.name.startswith("07-"))
    html = (page / "index.html").read_text()
    assert "11:46 – 15:01, 3 min 15 s" in html
    [player] = [d for d in _tags(html, "div") if "ls-player" in d.get("class", "")]
    assert player["data-start"] == "706"
    assert player["data-end"] == "901"
    assert player["data-embed"] == "https://www.youtube-nocookie.com/embed/4Cjy_iBNr3I?start=706"
    assert "<iframe" not in html, "nothing loads from YouTube before the reader presses play"
    assert not any("youtube" in img.get("src", "") for img in _tags(html, "img"))
    watch = [
        a for a in _tags(html, "a") if a.get("href", "").startswith("https://www.youtube.com/watch")
    ]
    assert any(a["href"] == "https://www.youtube.com/watch?v=4Cjy_iBNr3I&t=706s" for a in watch)
    assert "Watch on YouTube from 11:46" in html
    prev = [
        a for a in _tags(html, "a") if a.get("rel") == "prev" and "ls-prev" in a.get("class", "")
    ]
    nxt = [
        a for a in _tags(html, "a") if a.get("rel") == "next" and "ls-next" in a.get("class", "")
    ]
    assert prev[0]["href"] == "../06-why-chainguard-images-are-more-secure/"
    assert nxt[0]["href"] == "../08-initial-build/"
    assert (page.parent / "08-initial-build" / "index.html").is_file()


def test_script_is_included_and_deep_links_parse(default_site: Path) -> None:
    html = (default_site / "01-welcome-and-introductions" / "index.html").read_text()
    scripts = [s.get("src", "") for s in _tags(html, "script")]
    assert any(src.endswith("assets/labsite/labsite.js") for src in scripts)
    assert (default_site / "assets" / "labsite" / "labsite.js").is_file()
    home = (default_site / "index.html").read_text()
    deep = [a["href"] for a in _tags(home, "a") if "#t=" in a.get("href", "")]
    assert "10-multi-stage-build-and-static-image-optimization/#t=1245" in deep


def test_default_lab_without_video_says_how_to_fetch(default_site: Path) -> None:
    html = (default_site / "08-initial-build" / "index.html").read_text()
    assert "The transcript has not been fetched yet" in html
    assert "make fetch" in html
    assert "No slides are available" in html


def test_build_with_all_ten_real_pages_gives_a_catalog(shared: Path, tmp_path: Path) -> None:
    labs = [
        make_lab(tmp_path / "labs", p.stem, p.read_text())
        for p in sorted((shared / "labs").glob("ll*.md"))
    ]
    assert len(labs) == 10
    out = tmp_path / "site"
    build_site(labs, out, config_file=DEFAULT_CONFIG, cache_dir=tmp_path / "cache")
    catalog = (out / "index.html").read_text()
    grid = catalog[catalog.index('<div class="ls-catalog">') :]
    cards = re.findall(r'<article class="ls-card">', catalog)
    assert len(cards) == 10
    assert "10 labs" in catalog
    # Newest first: April 2026 before May 2025.
    assert grid.index("Securing CI/CD with Chainguard") < grid.index(
        "Chainguard Libraries for Java"
    )
    for lab in labs:
        home = out / lab.name / "index.html"
        assert home.is_file()
        notes_chapters = [
            line
            for line in (lab / "notes.md").read_text().splitlines()
            if re.match(r"^[-*] \[\d", line)
        ]
        pages = [p for p in (out / lab.name).iterdir() if p.is_dir() and re.match(r"\d\d-", p.name)]
        assert len(pages) == len(notes_chapters), lab.name
        assert all((p / "index.html").is_file() for p in pages)
        assert f'href="{lab.name}/"' in catalog


def test_titles_are_escaped(tmp_path: Path) -> None:
    notes = (
        '---\ntitle: "Escapes <em>here</em>"\n---\n\n## Sections\n\n'
        "- [0:00](https://youtu.be/abcdefghijk) <script>alert(1)</script>\n"
        "- [1:00](https://youtu.be/abcdefghijk?t=60) Fine & *dandy* [link](x)\n"
    )
    lab = make_lab(tmp_path, "esc", notes)
    out = tmp_path / "site"
    build_site([lab], out, config_file=DEFAULT_CONFIG, cache_dir=tmp_path / "cache")
    for page in out.rglob("*.html"):
        html = page.read_text()
        assert "<script>alert(1)</script>" not in html, page
        assert "<em>here</em>" not in html, page
    chapter = next(p for p in out.iterdir() if p.name.startswith("01-"))
    html = (chapter / "index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    second = next(p for p in out.iterdir() if p.name.startswith("02-"))
    assert "Fine &amp; *dandy* [link](x)" in (second / "index.html").read_text()


def test_failed_build_leaves_the_old_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("old")
    bad = make_lab(
        tmp_path, "bad", "---\ntitle: x\n---\n## Sections\n- [3:00](u) B\n- [1:00](u) A\n"
    )
    with pytest.raises(GeneratorError, match=r"notes\.md:6: "):
        build_site([bad], out, config_file=DEFAULT_CONFIG, cache_dir=tmp_path / "cache")
    assert (out / "keep.txt").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "site"]


def test_cli_build_reports_bad_input_without_traceback(tmp_path: Path) -> None:
    bad = make_lab(tmp_path, "bad", "---\ntitle: x\n---\nno sections\n")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(bad), "--out", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "notes.md:4: no '## Sections' list" in result.stderr
    assert not (tmp_path / "site").exists()


def test_mkdocs_build_strict_has_no_warning(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "mkdocs"),
            "build",
            "--strict",
            "--site-dir",
            str(tmp_path / "s"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert (tmp_path / "s" / "index.html").is_file()
