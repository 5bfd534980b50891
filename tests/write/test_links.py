"""Every internal link and anchor of built sites resolves; the checker finds what is broken."""

from __future__ import annotations

from pathlib import Path

import pytest
from linkcheck import Report, check_site, format_broken

from bench.inputs import copy_default_lab, shared_labs
from generator.build import build_site

# Both builds render decks: keep them on one worker, each built once for the module.
pytestmark = pytest.mark.xdist_group("links")


@pytest.fixture(scope="module")
def default_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    lab = copy_default_lab(tmp_path_factory.mktemp("links-default-lab"))
    out = tmp_path_factory.mktemp("links-default") / "site"
    cache = tmp_path_factory.mktemp("links-default-cache")
    build_site([lab], out, cache_dir=cache)
    return check_site(out)


@pytest.fixture(scope="module")
def offline_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    lab = copy_default_lab(tmp_path_factory.mktemp("links-offline-lab"))
    out = tmp_path_factory.mktemp("links-offline") / "site"
    cache = tmp_path_factory.mktemp("links-offline-cache")
    build_site([lab], out, cache_dir=cache, offline=True)
    return check_site(out, file_urls=True)


@pytest.fixture(scope="module")
def shared_report(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Report:
    work = tmp_path_factory.mktemp("links-shared")
    labs = shared_labs(shared, work / "labs")
    assert sum((lab / "deck.pdf").is_file() for lab in labs) == 4
    build_site(labs, work / "site", cache_dir=work / "cache")
    return check_site(work / "site")


def test_default_lab_has_no_broken_link(default_report: Report) -> None:
    print(default_report.summary())
    assert default_report.internal > 100
    assert not default_report.broken, format_broken(default_report.broken)


def test_offline_site_works_from_disk_and_loads_nothing_from_outside(
    offline_report: Report,
) -> None:
    print(offline_report.summary())
    assert not offline_report.broken, format_broken(offline_report.broken)
    # Links to other sites are fine; pages, scripts, styles and images must all be local.
    loaded = [str(link) for link in offline_report.external if link.tag != "a"]
    assert not loaded, "\n".join(loaded)


def test_ten_shared_labs_have_no_broken_link(shared_report: Report) -> None:
    print(shared_report.summary())
    assert shared_report.pages > 100
    assert not shared_report.broken, format_broken(shared_report.broken)
    # Slides and chapter deep links are checked, not only the theme's own links.
    assert shared_report.anchors > 0


def test_external_links_are_listed_not_followed(shared_report: Report) -> None:
    hosts = shared_report.hosts()
    assert hosts["www.youtube.com"] > 0
    assert all(host and "/" not in host for host in hosts)


# A tiny site: every kind of good link, one missing file and one missing anchor.
TINY = {
    "index.html": """<!doctype html><html><head>
<link rel="stylesheet" href="assets/site.css?v=3">
<script src="assets/app.js"></script>
</head><body id="top">
<a href="guide/">guide</a> <a href="guide/index.html#setup">setup</a>
<a href="guide/#t=1:30">deep link</a> <a href="files/my%20deck.pdf#page=2">deck</a>
<a href="#top">top</a> <a href="#">also top</a> <a href="?q=1">search</a>
<a href="https://example.org/a">ext</a> <a href="//cdn.example.net/x.js">cdn</a>
<a href="mailto:team@example.com">mail</a> <a href="javascript:void(0)">js</a>
<img src="img/a.webp" srcset="img/a.webp 1x, img/b.webp 2x" alt="">
<video poster="img/a.webp"><source src="video/v.mp4"><track src="video/t.vtt"></video>
<a href="missing/">broken link</a>
</body></html>""",
    "guide/index.html": """<!doctype html><html><body>
<div class="ls-player wide"></div><h2 id="setup">Setup</h2><a name="old"></a>
<a href="../index.html#top">home</a> <a href="../#nowhere">broken anchor</a>
<a href="#old">named anchor</a> <a href="/files/my deck.pdf">root-relative</a>
</body></html>""",
    "assets/site.css": "",
    "assets/app.js": "",
    "files/my deck.pdf": "%PDF-1.4",
    "img/a.webp": "",
    "img/b.webp": "",
    "video/v.mp4": "",
    "video/t.vtt": "WEBVTT\n",
}


def _write_site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_checker_reports_exactly_the_broken_link_and_anchor(tmp_path: Path) -> None:
    report = check_site(_write_site(tmp_path, TINY))
    broken = sorted((b.link.page, b.link.url) for b in report.broken)
    assert broken == [("guide/index.html", "../#nowhere"), ("index.html", "missing/")]
    assert report.pages == 2
    assert report.internal == 20
    assert report.anchors == 6
    assert sorted(report.hosts().items()) == [
        ("cdn.example.net", 1),
        ("example.org", 1),
        ("mailto:example.com", 1),
    ]


def test_from_disk_folder_links_are_broken(tmp_path: Path) -> None:
    report = check_site(_write_site(tmp_path, TINY), file_urls=True)
    folders = sorted(b.link.url for b in report.broken if "is a folder" in b.reason)
    assert folders == ["../#nowhere", "guide/", "guide/#t=1:30"]


def test_player_times_need_a_player(tmp_path: Path) -> None:
    site = _write_site(
        tmp_path,
        {
            "index.html": '<a href="a/#t=90">a</a> <a href="b/#t=90">b</a>',
            "a/index.html": '<div class="ls-player"></div>',
            "b/index.html": "<p>no player here</p>",
        },
    )
    [broken] = check_site(site).broken
    assert broken.link.url == "b/#t=90"
    assert "no player" in broken.reason


def test_links_may_not_leave_the_site(tmp_path: Path) -> None:
    site = _write_site(tmp_path / "site", {"index.html": '<a href="../outside.html">x</a>'})
    (tmp_path / "outside.html").write_text("")
    [broken] = check_site(site).broken
    assert broken.reason == "points outside the site"
