"""Vimeo, PeerTube and HLS players in Chromium: the transcript and the slides follow each, and
seeking from the page moves the video through the host's own API.

The hosts' embeds are stand-ins served over HTTPS on this machine under the hosts' names
(`hosts.py`); the SDKs are the real ones the site serves from its own files. The stream is
a real HLS stream that ffmpeg cut, served on this machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser import requested_urls, require_browser, serve, start_browser, wait_for
from hosts import stand_in
from labs import write_lab
from pdfs import write_pdf
from recordings import ffmpeg

from generator.build import build_site

pytestmark = pytest.mark.xdist_group("browser")

VIMEO_ID = "76979871"
PEERTUBE_ID = "9c9de5e8-0a1e-484a-b099-e80766180a6d"
HOSTS = ("player.vimeo.com", "framatube.org")
EMBEDS = {
    "vimeo": f"{{{{< vimeo {VIMEO_ID} >}}}}",
    "peertube": f'{{{{< peertube host="framatube.org" id="{PEERTUBE_ID}" >}}}}',
}
STORED = {"vimeo": VIMEO_ID, "peertube": PEERTUBE_ID}
# The second chapter starts at 5:00; its last line (a paragraph of its own) at 5:20.
CAPTIONS = """WEBVTT

00:00:01.000 --> 00:00:04.000
Welcome to the talk about widgets.

00:05:00.000 --> 00:05:04.000
Now the demo of the widget press begins.

00:05:10.000 --> 00:05:14.000
The press folds the sheet in half.

00:05:20.000 --> 00:05:24.000
Then the crate is sealed and shipped.
"""
DECK = [
    [("Widgets", 40), ("a talk", 20)],
    [("Demo of the widget press", 40), ("folding sheets in half", 20)],
]
CURRENT_PARAGRAPH = (
    "var p = document.querySelector('.ls-transcript p.is-current'); return p && p.dataset.start;"
)
TIME = "var s = window.labsite.state(); return s && s.player.time();"
IFRAME_SRC = "var f = document.querySelector('.ls-player iframe'); return f && f.src;"


def _notes(embed: str, src: str = "") -> str:
    return (
        '---\ntitle: "Widgets elsewhere"\ndate: 2024-05-06\n---\n\nA talk.\n\n'
        f"{embed}\n\n## Sections\n\n- [0:00](#) Opening\n- [5:00](#) Demo\n"
    )


def _lab(parent: Path, name: str, embed: str, stored: str) -> Path:
    lab = write_lab(parent, name, {"notes.md": _notes(embed), f"video/{stored}.en.vtt": CAPTIONS})
    write_pdf(lab / "deck.pdf", DECK)
    return lab


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hosted")
    labs = [_lab(base / "labs", name, embed, STORED[name]) for name, embed in EMBEDS.items()]
    build_site(labs, base / "site", cache_dir=base / "cache")
    return base / "site"


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, list[str]]]:
    """Chromium that reaches the hosts' stand-ins under their names; and what they served."""
    require_browser()
    base = tmp_path_factory.mktemp("stand-in")
    with stand_in(base, HOSTS) as (ports, served):
        driver = start_browser(base / "chromium", hosts=ports)
        driver.get("about:blank")
        requested_urls(driver)
        try:
            yield driver, served
        finally:
            driver.quit()


def _hosts(urls: list[str]) -> set[str]:
    return {urlsplit(url).hostname or "" for url in urls if url.startswith(("http:", "https:"))}


def _in_frame(driver: Any, script: str) -> Any:
    driver.switch_to.frame(driver.find_element("css selector", ".ls-player iframe"))
    try:
        return driver.execute_script(script)
    finally:
        driver.switch_to.default_content()


def _follows_and_seeks(
    driver: Any, served: list[str], base: str, lab: str, host: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """Play the lab's second chapter in its host's embed; check the page follows the video
    and that a transcript time seeks it in place. Return the messages the embed received."""
    served.clear()
    driver.get(base + f"{lab}/02-demo/")
    wait_for(lambda: driver.execute_script("return !!window.labsite"), what="the script")
    # Nothing from the host, nor its SDK, before the reader presses play.
    assert _hosts(requested_urls(driver)) == {"127.0.0.1"}
    assert served == []
    driver.execute_script("document.querySelector('.ls-player .ls-facade').click()")
    # The SDK reports the embed's clock: the page follows it from the chapter's start.
    wait_for(lambda: (driver.execute_script(TIME) or 0) > 301.0, what="the embed's moment")
    assert driver.execute_script(CURRENT_PARAGRAPH) == "300.0"
    slide = driver.find_element("css selector", ".ls-slides .ls-slide.is-current")
    assert slide.get_attribute("data-slide") == "2"
    loaded = driver.execute_script(IFRAME_SRC)
    assert urlsplit(loaded).hostname == host
    link = driver.find_element("css selector", '.ls-transcript p[data-start="320.0"] a.ls-time')
    link.click()
    wait_for(lambda: 320.0 <= (driver.execute_script(TIME) or 0) < 323.0, what="the seek")
    wait_for(lambda: driver.execute_script(CURRENT_PARAGRAPH) == "320.0", what="the highlight")
    # Seeking went through the API: the embed was not loaded again.
    assert driver.execute_script(IFRAME_SRC) == loaded
    assert [urlsplit(url).path for url in served] == [urlsplit(loaded).path]
    after = requested_urls(driver)
    assert _hosts(after) == {"127.0.0.1", host}
    return _in_frame(driver, "return window.received"), after


def _embed_hears(driver: Any, wanted: dict[str, Any], what: str) -> None:
    """Wait until the embed has received a message holding every item of `wanted`."""
    wait_for(
        lambda: any(
            all(m.get(key) == value for key, value in wanted.items())
            for m in _in_frame(driver, "return window.received")
        ),
        what=what,
    )


def test_vimeo_follows_the_sdk_and_seeks_through_it(
    site: Path, hosted: tuple[Any, list[str]]
) -> None:
    driver, served = hosted
    with serve(site) as base:
        received, requested = _follows_and_seeks(driver, served, base, "vimeo", HOSTS[0])
        assert any(url.endswith("/vendor/vimeo-player/player.min.js") for url in requested)
        seeks = [m["value"] for m in received if m.get("method") == "setCurrentTime"]
        assert seeks and abs(seeks[-1] - 320.0) < 0.01
        driver.execute_script("window.labsite.state().player.setRate(1.5)")
        _embed_hears(driver, {"method": "setPlaybackRate", "value": 1.5}, "the rate")


def test_peertube_follows_the_embed_api_and_seeks_through_it(
    site: Path, hosted: tuple[Any, list[str]]
) -> None:
    driver, served = hosted
    with serve(site) as base:
        received, requested = _follows_and_seeks(driver, served, base, "peertube", HOSTS[1])
        assert any(url.endswith("/vendor/peertube/player.min.js") for url in requested)
        assert "api=1" in driver.execute_script(IFRAME_SRC)
        seeks = [m["params"] for m in received if m.get("method") == "peertube::seek"]
        assert seeks and abs(seeks[-1] - 320.0) < 0.01
        driver.execute_script("window.labsite.state().player.pause()")
        _embed_hears(driver, {"method": "peertube::pause"}, "the pause")


# A stream on another host: a real HLS stream, ffmpeg's cut, played natively where the
# browser can and through hls.js (from the site's own files) where it cannot.
STREAM_CAPTIONS = """WEBVTT

00:00:01.000 --> 00:00:04.000
Welcome to the talk about widgets.

00:00:20.000 --> 00:00:24.000
Now the demo of the widget press begins, and the first sheet goes into the press.

00:00:32.000 --> 00:00:36.000
Then the crate is sealed, labelled with its address, and shipped to the customer.
"""
# Each line is long enough to be a paragraph of its own after a pause.
NO_NATIVE_HLS = """(function (own) {
  HTMLMediaElement.prototype.canPlayType = function (type) {
    return /mpegurl/i.test(type) ? "" : own.call(this, type);
  };
})(HTMLMediaElement.prototype.canPlayType);"""


@pytest.fixture(scope="module")
def stream_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve a stream and a site whose lab plays it; yield the site's address."""
    base = tmp_path_factory.mktemp("stream")
    stream = base / "served" / "stream"
    stream.mkdir(parents=True)
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=320x180:rate=10:duration=40", "-c:v", "libx264",
        "-pix_fmt", "yuv420p", "-g", "20", "-hls_time", "2", "-hls_playlist_type", "vod",
        "-f", "hls", str(stream / "talk.m3u8"),
    )  # fmt: skip
    with serve(base / "served") as root:
        notes = (
            '---\ntitle: "A streamed talk"\n---\n\n'
            f'{{{{< video src="{root}stream/talk.m3u8" >}}}}\n\n'
            "## Sections\n\n- [0:00](#) Opening\n- [0:20](#) Demo\n"
        )
        lab = write_lab(
            base / "labs", "streamed", {"notes.md": notes, "video/talk.en.vtt": STREAM_CAPTIONS}
        )
        build_site([lab], base / "served" / "site", cache_dir=base / "cache")
        yield root + "site/"


def _plays_the_stream(driver: Any, page: str) -> list[str]:
    """Open the stream's second chapter, play it, seek from the transcript; return what the
    page asked for once played."""
    driver.get(page)
    wait_for(lambda: driver.execute_script("return !!window.labsite"), what="the script")
    before = requested_urls(driver)
    assert not [url for url in before if url.endswith((".m3u8", ".ts", "hls.light.min.js"))]
    video = "document.querySelector('.ls-player video')"
    driver.execute_script(f"{video}.muted = true; {video}.play();")
    wait_for(lambda: (driver.execute_script(TIME) or 0) > 20.5, what="the stream's moment")
    assert driver.execute_script(CURRENT_PARAGRAPH) == "20.0"
    link = driver.find_element("css selector", '.ls-transcript p[data-start="32.0"] a.ls-time')
    link.click()
    wait_for(lambda: 32.0 <= (driver.execute_script(TIME) or 0) < 36.0, what="the seek")
    wait_for(lambda: driver.execute_script(CURRENT_PARAGRAPH) == "32.0", what="the highlight")
    driver.execute_script(f"{video}.pause();")
    return requested_urls(driver)


def test_a_stream_plays_natively_where_the_browser_can(stream_site: str, browser: Any) -> None:
    requested = _plays_the_stream(browser, stream_site + "02-demo/")
    assert any(url.endswith("stream/talk.m3u8") for url in requested)
    assert not any(url.endswith("hls.light.min.js") for url in requested)


def test_a_stream_plays_through_hls_js_where_the_browser_cannot(
    stream_site: str, browser: Any
) -> None:
    added = browser.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": NO_NATIVE_HLS}
    )
    try:
        requested = _plays_the_stream(browser, stream_site + "02-demo/")
    finally:
        browser.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": added["identifier"]}
        )
    library = [url for url in requested if url.endswith("hls.light.min.js")]
    assert library and all(url.startswith(stream_site) for url in library)
    assert any(url.endswith(".ts") for url in requested)
