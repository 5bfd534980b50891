"""A real headless Chromium (Debian's) driven by Selenium, and a local HTTP server."""

from __future__ import annotations

import functools
import http.server
import io
import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# Without the background-networking switches Chromium keeps calling home, which this
# closed network refuses; the tests also want to see only the page's own requests.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--autoplay-policy=no-user-gesture-required",
    "--mute-audio",
    "--window-size=1280,900",
    # Off the network: no name resolves but this machine's, and every request that is not
    # for loopback (which bypasses proxies) goes to a proxy where nothing listens. Requests
    # a page makes are still logged, so that tests can see what it reached for.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
)


def require_browser() -> None:
    """Fail without Chromium: `make setup` installs it, so its absence is a broken set-up."""
    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists():
        return
    pytest.fail("chromium and chromium-driver are not installed (`make setup` installs them)")


def start_browser(user_data: Path, hosts: Mapping[str, int] | None = None) -> Any:
    """Start headless Chromium with request logging.

    `hosts` names hosts the browser reaches at ports of this machine instead (a stand-in of
    a video host, over HTTPS with a certificate of its own, which this browser accepts).
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    mapped = hosts or {}
    for flag in FLAGS:
        if mapped and flag.startswith("--host-resolver-rules="):
            rules = [f"MAP {host} 127.0.0.1:{port}" for host, port in mapped.items()]
            flag = flag.replace("=", "=" + ", ".join(rules) + ", ", 1)
        options.add_argument(flag)
    if mapped:
        options.add_argument("--ignore-certificate-errors")
        options.add_argument(f"--proxy-bypass-list={';'.join(mapped)}")
    options.add_argument(f"--user-data-dir={user_data}")
    options.add_argument(f"--proxy-server=http://127.0.0.1:{free_port()}")
    options.add_argument("--allow-file-access-from-files")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def console_errors(driver: Any) -> list[str]:
    """Return the page's console errors (uncaught exceptions included) since the last call.

    Chromium logs them from the first script of every page on, so errors of a page's
    start-up are there too, as long as nothing read the log in between.
    """
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def requested_urls(driver: Any) -> list[str]:
    """Return every URL the page asked for since the last call."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


SERVED: list[str] = []
"""Every path the test servers were asked for, workers' requests too (the browser's own log
does not show a worker's): read and cleared by `served_paths`."""


def served_paths() -> list[str]:
    """Return the paths served since the last call."""
    paths = list(SERVED)
    SERVED.clear()
    return paths


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static server like real ones: quiet, and with byte ranges, which video seeking needs."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        SERVED.append(self.path)

    def send_head(self) -> Any:
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if match is None or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        start = int(match.group(1))
        end = min(int(match.group(2)) if match.group(2) else size - 1, size - 1)
        if start >= size:
            self.send_error(416)
            return None
        body = path.read_bytes()[start : end + 1]
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(directory: Path, port: int = 0) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (at a free port unless one is given); yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def wait_for(condition: Callable[[], Any], timeout: float = 15.0, what: str = "the page") -> Any:
    """Poll `condition` until it gives a true value; return that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def captions_every_5s(words: list[str], line: str) -> str:
    """Return WebVTT with one cue every 5 s, 2.5 s long: `line` with each word in turn."""
    cues = ["WEBVTT", ""]
    for number, word in enumerate(words):
        start = number * 5
        cues += [f"00:00:{start:02d}.000 --> 00:00:{start + 2:02d}.500", line.format(word), ""]
    return "\n".join(cues)
