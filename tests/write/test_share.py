"""What a site says about itself: cards, JSON-LD key moments, the feed, the video sitemap,
robots.txt, and the transcript downloads."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from htmlparts import elements
from labs import write_lab
from pdfs import write_pdf

from generator.build import DEFAULT_CONFIG, build_site

SITE_URL = "https://labs.example.org/talks/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
VIDEO = "{http://www.google.com/schemas/sitemap-video/1.1}"
# A title that tries to leave every place it is written in: a script, an attribute, XML.
HOSTILE_TITLE = 'Compilers </script><script>alert(1)</script> & "quotes" <b>'


@dataclass(frozen=True)
class Lab:
    """A lab the tests write, and what they expect of it."""

    name: str
    video: str
    title: str
    date: str
    chapters: tuple[tuple[int, str], ...]
    duration: int
    cues: tuple[tuple[int, int, str], ...]
    """(start, end, text) of each caption, in seconds."""


LABS = (
    Lab(
        "compilers",
        "CoMpIlErS01",
        HOSTILE_TITLE,
        "2026-01-15",
        ((0, "Opening words"), (20, "Compiler history"), (40, "Closing remarks")),
        60,
        (
            (1, 4, "Welcome to the lab about compilers."),
            (6, 9, "We start with a short history."),
            (21, 25, "The first compiler was written in 1952."),
            (27, 31, "It translated symbols into machine code."),
            (41, 45, "Thank you for watching this lab."),
        ),
    ),
    Lab(
        "linkers",
        "LiNkErS0001",
        "Linkers, loaded",
        "2025-06-01",
        ((0, "Symbols"), (30, "Relocation")),
        90,
        ((2, 6, "Symbols name places in a program."), (32, 36, "Relocation moves them.")),
    ),
)


def _vtt(cues: tuple[tuple[int, int, str], ...]) -> str:
    lines = ["WEBVTT", ""]
    for start, end, text in cues:
        lines += [f"00:00:{start:02d}.000 --> 00:00:{end:02d}.000", text, ""]
    return "\n".join(lines)


def _write(lab: Lab, parent: Path) -> Path:
    sections = "\n".join(
        f"- [{s // 60}:{s % 60:02d}](https://www.youtube.com/watch?v={lab.video}&t={s}s) {t}"
        for s, t in lab.chapters
    )
    notes = (
        f"---\ntitle: {json.dumps(lab.title)}\ndate: {lab.date}\npresenter: Ada Lovelace\n"
        f'description: "A lab about {lab.name}."\n---\n\n'
        f"{{{{< youtube {lab.video} >}}}}\n\n## Sections\n\n{sections}\n"
    )
    info = {"id": lab.video, "title": lab.name, "duration": lab.duration}
    return write_lab(
        parent,
        lab.name,
        {
            "notes.md": notes,
            f"video/{lab.video}.en.vtt": _vtt(lab.cues),
            f"video/{lab.video}.info.json": json.dumps(info),
        },
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both labs as one catalog, built for hosting at SITE_URL."""
    base = tmp_path_factory.mktemp("share")
    config = base / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {DEFAULT_CONFIG}\ndocs_dir: {_empty(base / 'docs')}\nsite_url: {SITE_URL}\n",
        encoding="utf-8",
    )
    labs = [_write(lab, base / "labs") for lab in LABS]
    # One slide for each of the linkers lab's chapters.
    write_pdf(
        labs[1] / "deck.pdf", [[(title, 40), ("about it", 20)] for _, title in LABS[1].chapters]
    )
    out = base / "site"
    build_site(labs, out, config_file=config, cache_dir=base / "cache")
    return out


@dataclass(frozen=True)
class _Head:
    """A page's meta tags, alternate links, JSON-LD scripts and transcript paragraphs."""

    meta: dict[str, str]
    links: list[dict[str, str]]
    json_ld: list[str]
    paragraphs: list[str]


def _head(page: Path) -> _Head:
    found = elements(page.read_text(encoding="utf-8"))
    metas = [e.attrs for e in found if e.tag == "meta"]
    return _Head(
        meta={
            attrs.get("property") or attrs["name"]: attrs.get("content", "")
            for attrs in metas
            if "property" in attrs or "name" in attrs
        },
        links=[e.attrs for e in found if e.tag == "link"],
        json_ld=[
            e.text
            for e in found
            if e.tag == "script" and e.attrs.get("type") == "application/ld+json"
        ],
        paragraphs=[
            e.text
            for e in found
            if e.tag == "p" and re.fullmatch(r"p\d+-t-\d+", e.attrs.get("id", ""))
        ],
    )


def test_each_lab_home_describes_its_video_and_chapters_as_key_moments(site: Path) -> None:
    for lab in LABS:
        home = site / lab.name / "index.html"
        [data] = [json.loads(text) for text in _head(home).json_ld]
        page = f"{SITE_URL}{lab.name}/"
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "VideoObject"
        assert data["name"] == lab.title
        assert data["description"] == f"A lab about {lab.name}."
        assert data["uploadDate"] == lab.date
        assert data["duration"] == f"PT{lab.duration // 60}M{lab.duration % 60}S".replace(
            "M0S", "M"
        )
        assert data["embedUrl"] == f"https://www.youtube.com/embed/{lab.video}"
        assert data["thumbnailUrl"] == [f"https://i.ytimg.com/vi/{lab.video}/hqdefault.jpg"]
        ends = [s for s, _ in lab.chapters[1:]] + [lab.duration]
        assert data["hasPart"] == [
            {
                "@type": "Clip",
                "name": title,
                "startOffset": start,
                "endOffset": end,
                "url": f"{page}#t={start}",
            }
            for (start, title), end in zip(lab.chapters, ends, strict=True)
        ]


def test_hostile_titles_stay_text_in_every_head_tag(site: Path) -> None:
    home = (site / "compilers" / "index.html").read_text(encoding="utf-8")
    head = home[: home.index("</head>")]
    assert "<script>alert(1)" not in head
    assert "<b>" not in head
    parsed = _head(site / "compilers" / "index.html")
    assert parsed.meta["og:title"] == HOSTILE_TITLE
    assert json.loads(parsed.json_ld[0])["name"] == HOSTILE_TITLE


def test_every_page_has_a_card_and_links_the_feed(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        if page.name == "404.html":
            continue
        head = _head(page)
        feeds = [link for link in head.links if link.get("type") == "application/atom+xml"]
        assert [link["href"] for link in feeds] == [f"{SITE_URL}feed.xml"], page
        for key in ("og:title", "og:description", "og:url", "twitter:card"):
            assert head.meta.get(key), f"{page}: no {key}"
        assert head.meta["og:url"].startswith(SITE_URL)


def test_chapter_cards_show_the_chapter_and_absolute_urls(site: Path) -> None:
    head = _head(site / "compilers" / "02-compiler-history" / "index.html")
    assert head.meta["og:title"] == f"Compiler history · {HOSTILE_TITLE}"
    assert head.meta["og:url"] == f"{SITE_URL}compilers/02-compiler-history/"
    assert head.meta["og:description"].startswith("0:20 – 0:40, 20 s")
    assert "The first compiler was written in 1952." in head.meta["og:description"]
    # Without slides or a stored thumbnail the picture is the one YouTube shows.
    video = LABS[0].video
    assert head.meta["og:image"] == f"https://i.ytimg.com/vi/{video}/hqdefault.jpg"
    assert head.meta["twitter:card"] == "summary_large_image"


def test_a_chapter_card_shows_the_chapter_s_first_slide(site: Path) -> None:
    head = _head(site / "linkers" / "02-relocation" / "index.html")
    assert head.meta["og:image"] == f"{SITE_URL}linkers/slides/002.webp"
    assert head.meta["og:image:alt"] == "Slide 2: Relocation"
    assert head.meta["twitter:image"] == head.meta["og:image"]
    assert (site / "linkers" / "slides" / "002.webp").is_file()


def test_the_feed_lists_labs_newest_first(site: Path) -> None:
    root = ET.fromstring((site / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    newest = sorted(LABS, key=lambda lab: lab.date, reverse=True)
    assert [e.findtext(f"{ATOM}title") for e in entries] == [lab.title for lab in newest]
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [  # type: ignore[union-attr]
        f"{SITE_URL}{lab.name}/" for lab in newest
    ]
    assert [e.findtext(f"{ATOM}published") for e in entries] == [
        f"{lab.date}T00:00:00Z" for lab in newest
    ]
    assert root.findtext(f"{ATOM}updated") == f"{newest[0].date}T00:00:00Z"
    assert all(e.findtext(f"{ATOM}author/{ATOM}name") == "Ada Lovelace" for e in entries)


def test_the_video_sitemap_lists_each_lab_and_robots_names_it(site: Path) -> None:
    root = ET.fromstring((site / "sitemap-video.xml").read_bytes())
    urls = root.findall(f"{SITEMAP}url")
    assert sorted(u.findtext(f"{SITEMAP}loc") or "" for u in urls) == sorted(
        f"{SITE_URL}{lab.name}/" for lab in LABS
    )
    for url in urls:
        lab = next(
            lab for lab in LABS if url.findtext(f"{SITEMAP}loc", "").endswith(f"/{lab.name}/")
        )
        video = url.find(f"{VIDEO}video")
        assert video is not None
        assert video.findtext(f"{VIDEO}title") == lab.title
        assert video.findtext(f"{VIDEO}player_loc") == f"https://www.youtube.com/embed/{lab.video}"
        assert video.findtext(f"{VIDEO}duration") == str(lab.duration)
        assert video.findtext(f"{VIDEO}publication_date") == lab.date
    robots = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {SITE_URL}sitemap-video.xml" in robots
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots


def test_transcript_downloads_match_the_transcript(site: Path) -> None:
    lab = LABS[0]
    folder = site / lab.name
    home = (folder / "index.html").read_text(encoding="utf-8")
    for ext in ("txt", "srt", "vtt"):
        assert f'href="video/transcript.{ext}" download="{lab.name}-transcript.{ext}"' in home
    assert 'href="handout/"' in home

    # The text: each chapter's heading with its time, then the paragraphs its page shows.
    text = (folder / "video" / "transcript.txt").read_text(encoding="utf-8")
    headings = [f"{start // 60}:{start % 60:02d}  {title}" for start, title in lab.chapters]
    starts = [text.index(heading) for heading in headings]
    assert starts == sorted(starts)
    sections = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    for number, section in enumerate(sections, start=1):
        page = next(folder.glob(f"{number:02d}-*")) / "index.html"
        paragraphs = _head(page).paragraphs
        assert paragraphs
        for paragraph in paragraphs:
            time, words = paragraph.split(maxsplit=1)
            assert f"[{time}] {' '.join(words.split())}" in " ".join(section.split())

    # SubRip and WebVTT: every caption, in order, with its times.
    srt = (folder / "video" / "transcript.srt").read_text(encoding="utf-8").strip().split("\n\n")
    assert [block.splitlines() for block in srt] == [
        [str(n), f"00:00:{s:02d},000 --> 00:00:{e:02d},000", text]
        for n, (s, e, text) in enumerate(lab.cues, start=1)
    ]
    vtt = (folder / "video" / "transcript.vtt").read_text(encoding="utf-8")
    assert re.findall(r"^\d\d:\d\d:(\d\d)\.000 --> .*\n(.*)$", vtt, re.MULTILINE) == [
        (f"{s:02d}", text) for s, _, text in lab.cues
    ]


def test_an_offline_build_names_no_sitemap_for_crawlers(tmp_path: Path) -> None:
    lab = _write(LABS[1], tmp_path / "labs")
    out = tmp_path / "site"
    build_site([lab], out, cache_dir=tmp_path / "cache", offline=True)
    assert not (out / "robots.txt").exists()
    assert not (out / "sitemap-video.xml").exists()
    # Without a site URL the feed's links are relative to it, at the site's root.
    root = ET.fromstring((out / "feed.xml").read_bytes())
    [entry] = root.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == "index.html"  # type: ignore[union-attr]
    assert (entry.findtext(f"{ATOM}id") or "").startswith("urn:uuid:")
    home = _head(out / "index.html")
    assert [json.loads(t)["name"] for t in home.json_ld] == [LABS[1].title]


@dataclass(frozen=True)
class _Titles:
    """The text of a page's <title> and of the header's topics."""

    title: str
    topics: list[str]


def _titles(page: Path) -> _Titles:
    found = elements(page.read_text(encoding="utf-8"))
    return _Titles(
        title="".join(e.text for e in found if e.tag == "title"),
        topics=[e.text for e in found if "md-ellipsis" in e.attrs.get("class", "").split()],
    )


def test_browser_tabs_name_the_lab_even_with_a_hostile_title(site: Path) -> None:
    site_name = re.search(r"^site_name: (.+)$", DEFAULT_CONFIG.read_text(), re.M)
    assert site_name is not None
    home = _titles(site / "compilers" / "index.html")
    assert home.title == f"{HOSTILE_TITLE} - {site_name[1].strip()}"
    # The header's topic, shown once the page scrolls, names the lab too, as text.
    assert HOSTILE_TITLE in [topic.strip() for topic in home.topics]
    chapter = _titles(site / "compilers" / "02-compiler-history" / "index.html")
    assert chapter.title == f"Compiler history · {HOSTILE_TITLE} - {site_name[1].strip()}"
    other = _titles(site / "linkers" / "index.html")
    assert other.title.startswith("Linkers, loaded - ")


def _empty(folder: Path) -> Path:
    """Make an empty docs folder: a site of the labs alone."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder
