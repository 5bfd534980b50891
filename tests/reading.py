"""What the reader's browser tests do on a page: window sizes, boxes, keys, colour schemes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser import wait_for
from labs import write_lab
from selenium.webdriver.common.action_chains import ActionChains

DESKTOP = (1366, 768)
FULL_HD = (1920, 1080)
TABLET = (820, 1180)
PHONE = (390, 844)
SIZES = {"desktop": DESKTOP, "full HD": FULL_HD, "tablet": TABLET, "phone": PHONE}

BOX = """
var e = typeof arguments[0] === "string" ? document.querySelector(arguments[0]) : arguments[0];
if (!e) return null;
var r = e.getBoundingClientRect();
return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height};
"""


def resize(driver: Any, width: int, height: int) -> None:
    """Make the page's viewport (not the window) `width` × `height`."""
    driver.set_window_size(width, height)

    def fitted() -> bool:
        # A window still being resized reports an old size: correct again until it holds.
        inner = driver.execute_script("return [innerWidth, innerHeight]")
        if inner == [width, height]:
            return True
        outer = driver.get_window_size()
        driver.set_window_size(
            outer["width"] + width - inner[0], outer["height"] + height - inner[1]
        )
        return False

    wait_for(fitted, what=f"a {width}×{height} viewport")


def open_lab_page(driver: Any, url: str, *, dark: bool = False, player: bool = True) -> None:
    """Open a lab page in the light or dark scheme and wait for its script to set it up."""
    scheme = "slate" if dark else "default"
    # Material keeps the reader's scheme in localStorage (by site, served here at the root),
    # read before the page is drawn.
    parts = urlsplit(url)
    driver.get(f"{parts.scheme}://{parts.netloc}/404.html")
    driver.execute_script(
        "localStorage.clear(); localStorage.setItem('/.__palette', JSON.stringify("
        "{index: arguments[0], color: {media: '', scheme: arguments[1],"
        " primary: 'indigo', accent: 'deep-orange'}}));",
        1 if dark else 0,
        scheme,
    )
    driver.get(url)
    wait_for(lambda: driver.execute_script("return document.readyState") == "complete", what=url)
    if player:
        wait_for(
            lambda: driver.execute_script("return !!(window.labsite && window.labsite.state())"),
            what="the page script",
        )
    assert driver.execute_script("return document.body.dataset.mdColorScheme") == scheme


def box(driver: Any, target: Any) -> dict[str, float]:
    """Return the element's box in the viewport (a selector or an element)."""
    found: dict[str, float] | None = driver.execute_script(BOX, target)
    assert found is not None, f"nothing matches {target}"
    return found


def header_bottom(driver: Any) -> float:
    return float(
        driver.execute_script(
            "return document.querySelector('.md-header').getBoundingClientRect().bottom"
        )
    )


def inside_window(driver: Any, target: Any) -> bool:
    """Tell whether the element is wholly in the viewport, below the theme's header."""
    width, height = driver.execute_script("return [innerWidth, innerHeight]")
    b = box(driver, target)
    return bool(
        b["top"] >= header_bottom(driver) - 0.5
        and b["bottom"] <= height + 0.5
        and b["left"] >= -0.5
        and b["right"] <= width + 0.5
    )


def press(driver: Any, *keys: str) -> None:
    ActionChains(driver).send_keys(*keys).perform()


def focus_page(driver: Any) -> None:
    """Give the focus to the page itself, as after clicking its text."""
    driver.execute_script(
        "document.activeElement && document.activeElement.blur(); document.body.focus();"
    )


def settled(driver: Any) -> None:
    """Wait until the page and its scrolling boxes have stopped moving."""
    script = """
    var now = [scrollY].concat(Array.prototype.map.call(
      document.querySelectorAll('.ls-stage > section'), function (s) { return s.scrollTop; }));
    var before = window.__lsScroll; window.__lsScroll = now.join(',');
    return before === window.__lsScroll;
    """
    driver.execute_script("window.__lsScroll = null")
    wait_for(lambda: driver.execute_script(script), what="the page to stop scrolling")


def write_media_lab(lab: Path, notes: str, captions: str, *, title: str, duration: int) -> None:
    """Write a lab with a video of its own: its notes, its captions, its info and a test
    picture of `duration` seconds filmed by ffmpeg (keys and speed work on it at once)."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.fail("ffmpeg is needed to make the test video (.ci/run installs it)")
    video_id = next(line.split()[2] for line in notes.splitlines() if "{{< youtube " in line)
    info = {"id": video_id, "title": title, "duration": duration}
    files = {
        "notes.md": notes,
        f"video/{video_id}.en.vtt": captions,
        f"video/{video_id}.info.json": json.dumps(info),
    }
    write_lab(lab.parent, lab.name, files)
    subprocess.run(
        [ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i",
         f"testsrc=size=160x90:rate=10:duration={duration}",
         "-c:v", "libvpx", "-b:v", "40k", "-an", str(lab / "video" / f"{video_id}.webm")],
        check=True,
    )  # fmt: skip
