"""The online site loads nothing from another host before the reader presses play."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from htmlparts import Element, elements
from paths import ROOT
from PIL import Image

from generator.build import build_site

DEFAULT_LAB = ROOT / "assets" / "labs" / "ll202509"
# Attributes through which a page fetches something as it loads (links to follow are not).
_LOADS = {
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
_ELSEWHERE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def _loaded_from_elsewhere(found: list[Element]) -> list[str]:
    """Return each attribute through which a page fetches something from another host."""
    loads = []
    for element in found:
        for name in _LOADS.get(element.tag, ()):
            value = element.attrs.get(name, "")
            if any(_ELSEWHERE.match(part) for part in value.split(",")):
                loads.append(f"<{element.tag} {name}={value!r}>")
    return loads


@pytest.fixture(scope="module")
def online_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lab = tmp_path_factory.mktemp("lab") / "ll202509"
    shutil.copytree(DEFAULT_LAB, lab, ignore=shutil.ignore_patterns("video", "deck.pdf"))
    video = lab / "video"
    video.mkdir()
    # A stored thumbnail: the facade shows it from the site itself.
    Image.new("RGB", (320, 180), (40, 40, 90)).save(video / "4Cjy_iBNr3I.jpg")
    (video / "4Cjy_iBNr3I.en.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nHello.\n")
    out = tmp_path_factory.mktemp("site") / "site"
    build_site([lab], out, cache_dir=tmp_path_factory.mktemp("c"))
    return out


def test_no_page_loads_anything_from_another_host(online_site: Path) -> None:
    pages = sorted(online_site.rglob("*.html"))
    assert len(pages) > 17
    for page in pages:
        found = elements(page.read_text(encoding="utf-8"))
        assert _loaded_from_elsewhere(found) == [], page
        for style in (e.text for e in found if e.tag == "style"):
            assert not re.search(r"url\(\s*['\"]?(?:https?:)?//|@import", style), page
    for sheet in online_site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//|@import\s", text), sheet


def test_the_youtube_player_is_a_facade_until_play(online_site: Path) -> None:
    home = (online_site / "index.html").read_text(encoding="utf-8")
    assert 'data-kind="youtube"' in home
    assert "<iframe" not in home
    assert 'data-embed="https://www.youtube-nocookie.com/embed/4Cjy_iBNr3I?start=1"' in home
    assert '<img src="video/thumbnail.jpg"' in home
