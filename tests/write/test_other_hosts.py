"""Talks hosted on Vimeo, PeerTube or as a file at an address: each page plays the video from
its chapter, and its way out names the host and the moment."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from browser import require_browser, serve, wait_for
from labs import write_lab

from generator.build import build_site

VIMEO = "76979871"
PEERTUBE = "9c9de5e8-0a1e-484a-b099-e80766180a6d"
FILE = "https://media.example.org/talks/2024/keynote.webm"
STREAM = "https://media.example.org/talks/2024/keynote/index.m3u8"


def _notes(embed: str) -> str:
    return (
        '---\ntitle: "Elsewhere"\ndate: 2024-05-06\n---\n\nA talk.\n\n'
        f"{embed}\n\n## Sections\n\n- [0:00](#) Opening\n- [5:00](#) Demo\n"
    )


EMBEDS = {
    "vimeo": f"{{{{< vimeo {VIMEO} >}}}}",
    "peertube": f'{{{{< peertube host="framatube.org" id="{PEERTUBE}" >}}}}',
    "file": f'{{{{< video src="{FILE}" >}}}}',
    "stream": f'{{{{< video src="{STREAM}" >}}}}',
}


def _build(base: Path, *, offline: bool = False) -> Path:
    labs = [write_lab(base / "labs", name, {"notes.md": _notes(e)}) for name, e in EMBEDS.items()]
    out = base / "site"
    build_site(labs, out, cache_dir=base / "cache", offline=offline)
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("hosts"))


def _page(site: Path, lab: str, name: str = "02-demo/index.html") -> str:
    return (site / lab / name).read_text(encoding="utf-8")


def _player(page: str) -> dict[str, str]:
    tag = re.search(r'<div class="ls-player[^"]*"([^>]*)>', page)
    assert tag, "no player on the page"
    return {k: unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', tag.group(1))}


def _watch(page: str) -> tuple[str, str]:
    found = re.search(r'<p class="ls-watch"><a href="([^"]*)"[^>]*>([^<]*)</a>', page)
    assert found, "no way out under the player"
    return unescape(found.group(1)), found.group(2)


def test_vimeo_plays_in_its_embed_from_the_chapter(site: Path) -> None:
    page = _page(site, "vimeo")
    player = _player(page)
    assert player["data-kind"] == "vimeo"
    assert player["data-embed"] == f"https://player.vimeo.com/video/{VIMEO}#t=300s"
    assert _watch(page) == (f"https://vimeo.com/{VIMEO}#t=300s", "Watch on Vimeo from 5:00")
    # It links a video: what it lacks is the video's captions.
    assert "links no video" not in page
    assert "The transcript of this talk is not available yet." in page


def test_peertube_plays_in_its_instances_embed(site: Path) -> None:
    page = _page(site, "peertube")
    player = _player(page)
    assert player["data-kind"] == "peertube"
    assert player["data-embed"] == f"https://framatube.org/videos/embed/{PEERTUBE}?start=300s"
    assert _watch(page) == (
        f"https://framatube.org/w/{PEERTUBE}?start=300s",
        "Watch on PeerTube from 5:00",
    )


def test_a_file_at_an_address_plays_in_the_page(site: Path) -> None:
    page = _page(site, "file")
    assert _player(page)["data-kind"] == "media"
    assert f'src="{FILE}#t=300"' in page
    # Another host's file: nothing of it is fetched before the reader plays it.
    video = re.search(r"<video\b[^>]*>", page)
    assert video and 'preload="none"' in video.group(0)


def test_an_address_s_own_fragment_gives_way_to_the_chapter_s_moment(tmp_path: Path) -> None:
    embed = f'{{{{< video src="{FILE}?a=1#frag" >}}}}'
    lab = write_lab(tmp_path / "labs", "fragment", {"notes.md": _notes(embed)})
    build_site([lab], tmp_path / "site", cache_dir=tmp_path / "cache")
    page = (tmp_path / "site" / "02-demo" / "index.html").read_text(encoding="utf-8")
    assert f'src="{FILE}?a=1#t=300"' in page


def test_the_players_licences_are_files_to_read_not_pages(site: Path) -> None:
    vendor = site / "assets" / "labsite" / "vendor" / "vimeo-player"
    assert (vendor / "LICENSE.txt").is_file()
    assert not (vendor / "LICENSE").exists()


def test_a_stream_plays_in_the_page_s_video(site: Path) -> None:
    page = _page(site, "stream")
    player = _player(page)
    assert player["data-kind"] == "media"
    config = json.loads(player["data-config"])
    assert config["stream"] == STREAM
    # hls.js is there for browsers without HLS of their own; the `<video>` gets its source from
    # the script, which sets the stream natively or through hls.js.
    assert config["library"] == "../../assets/labsite/vendor/hls/hls.light.min.js"
    assert (site / "assets/labsite/vendor/hls/hls.light.min.js").is_file()
    assert "<iframe" not in page and "<video" in page and f'src="{STREAM}' not in page


def test_offline_a_hosted_video_is_a_way_out(tmp_path: Path) -> None:
    # Offline sites have no directory URLs.
    page = _page(_build(tmp_path, offline=True), "vimeo", "02-demo.html")
    assert _player(page)["data-kind"] == "link"
    assert "<iframe" not in page and "data-embed" not in page
    assert _watch(page)[1] == "Watch on Vimeo from 5:00"


@pytest.mark.xdist_group("browser")
def test_the_embed_loads_on_play_and_seeking_reloads_it_at_the_moment(
    site: Path, browser: Any
) -> None:
    require_browser()
    with serve(site) as base:
        browser.get(base + "vimeo/02-demo/")
        wait_for(lambda: browser.execute_script("return !!window.labsite"), what="the script")
        assert browser.execute_script("return document.querySelector('.ls-player iframe')") is None
        browser.execute_script("document.querySelector('.ls-player .ls-facade').click()")
        source = "var f = document.querySelector('.ls-player iframe'); return f && f.src;"
        first = wait_for(lambda: browser.execute_script(source), what="the embed")
        assert first == f"https://player.vimeo.com/video/{VIMEO}?autoplay=1#t=300s"
        browser.execute_script("window.labsite.state().player.seek(412.6)")
        assert browser.execute_script(source) == (
            f"https://player.vimeo.com/video/{VIMEO}?autoplay=1#t=412s"
        )


@pytest.mark.xdist_group("browser")
def test_the_way_out_follows_the_readers_moment(site: Path, browser: Any) -> None:
    require_browser()
    watch = "var a = document.querySelector('.ls-watch a'); return [a.textContent, a.href];"
    with serve(site) as base:
        browser.get(base + "peertube/02-demo/#t=6:40")
        text, href = wait_for(
            lambda: (w := browser.execute_script(watch)) and "6:40" in w[0] and w,
            what="the link's moment",
        )
        assert text == "Watch on PeerTube from 6:40"
        assert href == f"https://framatube.org/w/{PEERTUBE}?start=400s"


OWN_CAPTIONS = """WEBVTT

00:00:01.000 --> 00:00:04.000
Welcome to the keynote about reproducible builds.

00:05:01.000 --> 00:05:04.000
Now the demo compiles everything twice.
"""


def _own_file_lab(base: Path, src: str, files: dict[str, str]) -> Path:
    lab = write_lab(base, "own", {"notes.md": _notes(f'{{{{< video src="{src}" >}}}}'), **files})
    (lab / "video").mkdir(exist_ok=True)
    return lab


def test_a_video_file_of_the_lab_s_own_plays_with_its_captions(tmp_path: Path) -> None:
    """`video/keynote.webm` goes with `video/keynote.en.vtt`, as a YouTube video's files go
    with its id: the page plays the file and its transcript is the captions'."""
    lab = _own_file_lab(tmp_path / "labs", "video/keynote.webm", {})
    (lab / "video" / "keynote.webm").write_bytes(b"\x1a\x45\xdf\xa3 not decoded by the build")
    (lab / "video" / "keynote.en.vtt").write_text(OWN_CAPTIONS, encoding="utf-8")
    out = tmp_path / "site"
    build_site([lab], out, cache_dir=tmp_path / "cache")
    page = (out / "02-demo" / "index.html").read_text(encoding="utf-8")
    assert _player(page)["data-kind"] == "media"
    assert re.search(r'<video [^>]*src="\.\./video/video\.webm#t=300"', page), page[:2000]
    assert "Now the demo compiles everything twice." in page
    assert "reproducible builds" not in page  # the first chapter's words, on its own page
    opening = (out / "01-opening" / "index.html").read_text(encoding="utf-8")
    assert "reproducible builds" in opening
    assert (out / "video" / "video.webm").read_bytes().endswith(b"by the build")


@pytest.mark.parametrize(
    ("src", "problem"),
    [
        (
            "video/missing.webm",
            "the video file the notes name is not in the lab folder as a .mp4 or .webm file",
        ),
        # Browsers play these two kinds in a page; the notes may name another.
        (
            "video/keynote.mov",
            "the video file the notes name is not in the lab folder as a .mp4 or .webm file",
        ),
        ("media/keynote.webm", "a video file of the lab's own goes in its video/ folder"),
    ],
)
def test_a_video_file_the_lab_lacks_is_named_in_a_warning(
    tmp_path: Path, src: str, problem: str
) -> None:
    from generator.load import load_lab

    lab = _own_file_lab(tmp_path / "labs", src, {})
    if not src.endswith("missing.webm"):
        (lab / src).parent.mkdir(exist_ok=True)
        (lab / src).write_bytes(b"a recording")  # there, but not where or what a page plays
    loaded = load_lab(lab, tmp_path / "cache")
    said = [(w.file, w.message) for w in loaded.warnings]
    assert (str(lab / src), problem) in said
