"""Whole-site builds: the default lab, a catalog of every real lab page, escaping, atomicity."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import yaml
from htmlparts import elements
from labs import write_lab
from paths import ROOT

from bench.inputs import copy_default_lab, derive_config
from generator.build import build_site
from generator.errors import GeneratorError

DEFAULT_LAB = ROOT / "assets" / "labs" / "ll202509"


def _tags(html: str, tag: str) -> list[dict[str, str]]:
    return [element.attrs for element in elements(html) if element.tag == tag]


@pytest.fixture(scope="module")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default lab as the repository holds it, whatever `make fetch` added since."""
    lab = copy_default_lab(tmp_path_factory.mktemp("default-lab"))
    out = tmp_path_factory.mktemp("default") / "site"
    cache = tmp_path_factory.mktemp("cache")
    build_site([lab], out, cache_dir=cache, strict=True)
    return out


def _chapter_dirs(site: Path) -> list[Path]:
    return sorted(p for p in site.iterdir() if p.is_dir() and re.match(r"\d\d-", p.name))


def test_default_lab_has_home_and_17_chapter_pages(default_site: Path) -> None:
    home = (default_site / "index.html").read_text()
    assert "Static Chainguard Container Images" in home
    assert "Adrian Moat" in home
    assert "September 28, 2025" in home
    # Without the video's metadata its length is known only to pass the last chapter's start.
    assert "over 47 min 50 s" in home
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


def test_default_lab_without_video_says_to_readers_what_is_missing(default_site: Path) -> None:
    html = (default_site / "08-initial-build" / "index.html").read_text()
    assert "The transcript of this talk is not available yet." in html
    assert "The slides of this talk are not available." in html
    assert "fetch" not in html


def test_build_with_all_ten_real_pages_gives_a_catalog(shared: Path, tmp_path: Path) -> None:
    labs = [
        write_lab(tmp_path / "labs", p.stem, {"notes.md": p.read_text()})
        for p in sorted((shared / "labs").glob("ll*.md"))
    ]
    assert len(labs) == 10
    out = tmp_path / "site"
    build_site(labs, out, cache_dir=tmp_path / "cache")
    catalog = (out / "index.html").read_text()
    grid = catalog[catalog.index('<div class="ls-catalog"') :]
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
    lab = write_lab(tmp_path, "esc", {"notes.md": notes})
    out = tmp_path / "site"
    build_site([lab], out, cache_dir=tmp_path / "cache")
    for page in out.rglob("*.html"):
        html = page.read_text()
        assert "<script>alert(1)</script>" not in html, page
        assert "<em>here</em>" not in html, page
    chapter = next(p for p in out.iterdir() if p.name.startswith("01-"))
    html = (chapter / "index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    second = next(p for p in out.iterdir() if p.name.startswith("02-"))
    assert "Fine &amp; *dandy* [link](x)" in (second / "index.html").read_text()


def _old_site(tmp_path: Path) -> Path:
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("old")
    (out / "keep.txt").write_text("old")
    (out / ".labsite-site").write_text("")
    return out


def test_failed_build_leaves_the_old_site(tmp_path: Path) -> None:
    out = _old_site(tmp_path)
    bad = write_lab(
        tmp_path,
        "bad",
        {"notes.md": "---\ntitle: x\n---\n## Sections\n- [3:00](u) B\n- [1:00](u) A\n"},
    )
    with pytest.raises(GeneratorError, match=r"notes\.md:6: "):
        build_site([bad], out, cache_dir=tmp_path / "cache")
    assert (out / "keep.txt").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "site"]


def test_build_failing_inside_mkdocs_leaves_the_old_site(tmp_path: Path) -> None:
    out = _old_site(tmp_path)
    # The label and its link disagree: a warning, which --strict turns into a failed build.
    notes = (
        "---\ntitle: x\n---\n## Sections\n- [0:00](https://youtu.be/abcdefghijk) A\n"
        "- [1:00](https://youtu.be/abcdefghijk?t=75) B\n"
    )
    warned = write_lab(tmp_path, "warned", {"notes.md": notes})
    with pytest.raises(GeneratorError):
        build_site([warned], out, cache_dir=tmp_path / "c", strict=True)
    assert (out / "keep.txt").read_text() == "old"
    assert not any(p.name.startswith(".site.") for p in tmp_path.iterdir()), "no staging left"


def test_build_refuses_an_output_folder_that_holds_inputs_or_other_files(tmp_path: Path) -> None:
    lab = write_lab(
        tmp_path / "work", "lab", {"notes.md": "---\ntitle: x\n---\n## Sections\n- [0:00](u) A\n"}
    )
    with pytest.raises(GeneratorError, match="would replace"):
        build_site([lab], tmp_path / "work", cache_dir=tmp_path / "c")
    assert (lab / "notes.md").is_file()
    other = tmp_path / "documents"
    other.mkdir()
    (other / "thesis.txt").write_text("precious")
    with pytest.raises(GeneratorError, match="not a site this generator built"):
        build_site([lab], other, cache_dir=tmp_path / "c")
    assert (other / "thesis.txt").read_text() == "precious"


def test_cli_build_reports_bad_input_without_traceback(tmp_path: Path) -> None:
    bad = write_lab(tmp_path, "bad", {"notes.md": "---\ntitle: x\n---\nno sections\n"})
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(bad), "--out", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 2, "unusable input"
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{bad / 'notes.md'}:4: no '## Sections' list")
    assert not (tmp_path / "site").exists()


def test_mkdocs_build_strict_has_no_warning(tmp_path: Path) -> None:
    lab = copy_default_lab(tmp_path)
    config = derive_config(tmp_path / "mkdocs.yml", [lab], cache_dir=str(tmp_path / "cache"))
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "mkdocs"),
            "build",
            "--strict",
            "--config-file",
            str(config),
            "--site-dir",
            str(tmp_path / "s"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert (tmp_path / "s" / "index.html").is_file()


def _encrypted_pdf(path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=100)
    writer.encrypt(user_password="secret", owner_password="owner")
    with path.open("wb") as out:
        writer.write(out)


def _zero_page_pdf(path: Path) -> None:
    from pypdf import PdfWriter

    with path.open("wb") as out:
        PdfWriter().write(out)


@pytest.mark.parametrize("kind", ["corrupt", "encrypted", "empty"])
def test_unreadable_deck_gives_a_site_without_slides(tmp_path: Path, kind: str) -> None:
    notes = (
        "---\ntitle: Deckless\n---\n\n## Sections\n\n- [0:00](https://youtu.be/abcdefghijk) Only\n"
    )
    lab = write_lab(tmp_path, "lab", {"notes.md": notes})
    deck = lab / "deck.pdf"
    if kind == "corrupt":
        deck.write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage\n")
    elif kind == "encrypted":
        _encrypted_pdf(deck)
    else:
        _zero_page_pdf(deck)
    out = tmp_path / "site"
    built = build_site([lab], out, cache_dir=tmp_path / "cache")
    html = (out / "01-only" / "index.html").read_text()
    # The reader learns that there are no slides; the publisher, in the log, why.
    assert "The slides of this talk are not available." in html
    assert any(str(w).startswith(f"{deck}:") for w in built.labs[0].warnings)
    assert not (out / "slides").exists()
    assert not (out / "deck.pdf").exists()


def test_default_lab_with_a_video_folder_shows_the_transcript(tmp_path: Path) -> None:
    lab = copy_default_lab(tmp_path)
    info = (
        '{"id": "4Cjy_iBNr3I", "title": "Static images", "duration": 2950,'
        ' "chapters": [{"start_time": 0, "title": "Welcome and introductions"}]}'
    )
    captions = (
        "WEBVTT\n\n00:15:02.000 --> 00:15:05.000\nWe start with a <b>plain</b> golang image.\n\n"
        "00:15:06.000 --> 00:15:09.000\nIts size is <script>alert(2)</script> large.\n"
    )
    write_lab(
        lab.parent,
        lab.name,
        {"video/4Cjy_iBNr3I.info.json": info, "video/4Cjy_iBNr3I.en.vtt": captions},
    )
    out = tmp_path / "site"
    build_site([lab], out, cache_dir=tmp_path / "cache")
    html = (out / "08-initial-build" / "index.html").read_text()
    assert "We start with a plain golang image." in html
    assert "<script>alert(2)</script>" not in html
    assert 'href="#t=902"' in html
    assert "The transcript of this talk is not available" not in html
    last = (out / "17-resources-for-further-learning" / "index.html").read_text()
    assert "47:50 – 49:10, 1 min 20 s" in last, "the info JSON's duration ends the last chapter"
    assert (out / "video" / "transcript.vtt").read_text().startswith("WEBVTT")


def test_default_lab_offers_the_demo_as_a_zip(default_site: Path) -> None:
    import zipfile

    home = (default_site / "index.html").read_text()
    assert 'href="ll202509-demo.zip" download' in home
    with zipfile.ZipFile(default_site / "ll202509-demo.zip") as archive:
        names = set(archive.namelist())
    assert "demo/app/main.go" in names
    assert "demo/multistage/Dockerfile" in names
    assert "demo/Makefile" in names


def _code_blocks(html: str) -> list[str]:
    """Return the text of every code block of a page, as a reader would copy it."""
    blocks = re.findall(r"<pre[^>]*>(?:<span></span>)?<code[^>]*>(.*?)</code></pre>", html, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", block)).rstrip("\n") for block in blocks]


def test_default_lab_demo_files_are_on_their_chapters(default_site: Path) -> None:
    """Each chapter lab.yml maps shows its files as tabs, in order, then its run script."""
    config = yaml.safe_load((DEFAULT_LAB / "lab.yml").read_text())
    notes = (DEFAULT_LAB / "notes.md").read_text()
    titles = re.findall(r"^- \[[\d:]+\]\([^)]*\) (.+)$", notes, re.M)
    pages = _chapter_dirs(default_site)
    for step in config["demo"]["chapters"]:
        page = pages[titles.index(step["chapter"])]
        html = (page / "index.html").read_text()
        labels = re.findall(r'<label for="__tabbed_[^"]*">([^<]*)</label>', html)
        assert labels[: len(step["files"])] == [Path(f).name for f in step["files"]], page.name
        # Byte for byte, tabs included: a Makefile copied from the page must still run.
        expected = [
            (DEFAULT_LAB / name).read_text().rstrip("\n") for name in [*step["files"], step["run"]]
        ]
        assert _code_blocks(html)[: len(expected)] == expected, page.name
        assert "Run this step" in html


def test_lab_with_deck_shows_slides_with_alt_lightbox_and_times(
    shared: Path, tmp_path: Path
) -> None:
    lab = write_lab(
        tmp_path,
        "ll202508",
        {
            "notes.md": (shared / "labs" / "ll202508.md").read_text(),
            "deck.pdf": (shared / "decks" / "learning-lab-dfc-202508.pdf").read_bytes(),
        },
    )
    out = tmp_path / "site"
    build_site([lab], out, cache_dir=tmp_path / "cache")
    html = (out / "05-tag-mappings" / "index.html").read_text()
    figures = re.findall(
        r'<figure class="ls-slide" id="[^"]*" data-start="([\d.]+)" data-slide="(\d+)">', html
    )
    assert figures and figures[0] == ("562.0", "9")
    assert "slide 9 · " in html and ">9:22</a>" in html
    pictures = [img for img in _tags(html, "img") if "slides/" in img.get("src", "")]
    images = [img for img in pictures if "ls-noglb" not in img.get("class", "")]
    assert images[0]["alt"].startswith("Slide 9: Tag Mappings")
    # The video has no thumbnail here: its facade shows the chapter's first slide instead.
    facade = [img for img in pictures if "ls-noglb" in img.get("class", "")]
    assert [img["src"] for img in facade] == [images[0]["src"]] and facade[0]["alt"] == ""
    # The first slide is in the first screen: fetched with the page, the others as one scrolls.
    assert (
        images[0].get("fetchpriority") == "high"
        and "loading" not in images[0]
        and int(images[0]["width"]) > 0
        and int(images[0]["height"]) > 0
    )
    later = (out / "08-customizing-dfc-s-output" / "index.html").read_text()
    later_images = [
        img
        for img in _tags(later, "img")
        if "slides/" in img.get("src", "") and "ls-noglb" not in img.get("class", "")
    ]
    assert [img.get("loading") for img in later_images] == [None, "lazy"]
    assert [img.get("fetchpriority") for img in later_images] == ["high", None]
    lightbox = [a for a in _tags(html, "a") if "glightbox" in a.get("class", "")]
    assert lightbox[0]["href"] == "../slides/009.webp"
    assert (out / "slides" / "009.webp").is_file() and (out / "slides" / "009-thumb.webp").is_file()
    home = (out / "index.html").read_text()
    assert 'href="deck.pdf" download' in home and (out / "deck.pdf").is_file()
    assert "All slides" in home
    # Every slide's link and anchor give the first whole second at or after it appears
    # (placed between chapter starts, most slides appear at a fraction of a second).
    placed = [
        (float(start), int(anchor), int(link))
        for page in out.glob("*/index.html")
        for anchor, start, link in re.findall(
            r'id="slide-\d+-t-(\d+)" data-start="([\d.]+)".*?href="#t=(\d+)"',
            page.read_text(),
        )
    ]
    assert any(start != int(start) for start, _, _ in placed)
    for start, anchor, link in placed:
        assert anchor == link and start <= link < start + 1, (start, link)


def test_untrusted_links_and_slide_text_never_become_script(tmp_path: Path) -> None:
    notes = (
        "---\ntitle: Links\n---\n\nSee [docs](javascript:alert(1)) and [ok](https://example.com)"
        '{: onclick="alert(3)"}.\n\n## Sections\n\n- [0:00](https://youtu.be/abcdefghijk) Start\n\n'
        "## Resources\n\n- [Slide deck](javascript:alert(2))\n- [Data](data:text/html,hi)\n"
    )
    lab = write_lab(tmp_path, "links", {"notes.md": notes})
    from pdfs import write_pdf

    write_pdf(lab / "deck.pdf", [[("Start", 40), ("<img src=x onerror=alert(4)>", 20)]])
    out = tmp_path / "site"
    build_site([lab], out, cache_dir=tmp_path / "cache")
    for page in out.rglob("*.html"):
        html = page.read_text()
        hrefs = [a.get("href", "") for a in _tags(html, "a")]
        assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))], page
        handlers = [
            (element.tag, name)
            for element in elements(html)
            for name, _ in element.attributes
            if name.startswith("on")
        ]
        assert handlers == [], page
    chapter = (out / "01-start" / "index.html").read_text()
    [box] = [a for a in _tags(chapter, "a") if "glightbox" in a.get("class", "")]
    # GLightbox inserts the description as HTML: it must arrive still escaped.
    assert box["data-description"] == "&lt;img src=x onerror=alert(4)&gt;"


def test_tags_that_slug_alike_get_pages_of_their_own(tmp_path: Path) -> None:
    def notes(tags: str) -> str:
        return f"---\ntitle: Lab {tags}\ntags: {tags}\n---\n## Sections\n- [0:00](u) Start\n"

    labs = [
        write_lab(tmp_path, "one", {"notes.md": notes("[C]")}),
        write_lab(tmp_path, "two", {"notes.md": notes('["C++"]')}),
    ]
    out = tmp_path / "site"
    build_site(labs, out, cache_dir=tmp_path / "cache")
    c_page = (out / "tags" / "c" / "index.html").read_text()
    cpp_page = (out / "tags" / "c-2" / "index.html").read_text()
    assert "Lab [C]" in c_page and "Lab [&quot;C++&quot;]" not in c_page
    assert "C++" in cpp_page


def test_the_tests_copy_of_the_default_lab_leaves_out_what_fetch_added(tmp_path: Path) -> None:
    """With `make site`'s downloads in the lab folder, the tests still see the lab as shipped."""
    fetched = tmp_path / "repo" / "ll202509"
    shutil.copytree(DEFAULT_LAB, fetched, ignore=shutil.ignore_patterns("video", "deck.pdf"))
    write_lab(
        fetched.parent,
        fetched.name,
        {
            "video/4Cjy_iBNr3I.en.vtt": "WEBVTT\n\n00:15:02.000 --> 00:15:05.000\nhi\n",
            "video/4Cjy_iBNr3I.info.json": '{"id": "4Cjy_iBNr3I"}',
        },
    )
    from pdfs import write_pdf

    write_pdf(fetched / "deck.pdf", [[("Static images", 40)]])
    (fetched / "demo" / "video").mkdir()  # a folder of the demo that happens to share the name
    copy = copy_default_lab(tmp_path / "copy", source=fetched)
    assert sorted(p.name for p in copy.iterdir()) == ["demo", "lab.yml", "notes.md"]
    assert (copy / "demo" / "video").is_dir()
    out = tmp_path / "site"
    build_site([copy], out, cache_dir=tmp_path / "cache")
    html = (out / "08-initial-build" / "index.html").read_text()
    assert "The transcript of this talk is not available yet." in html
    assert "The slides of this talk are not available." in html
